package io.github.sagemakerasync.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The result source of a consumer with a notificationQueue: each poll receives SageMaker's notifications from SQS
 * ({@link NotificationReceiver#read} sets aside test and foreign messages).
 */
final class NotificationSource implements ResultSource {

    /** Receives of a notification whose request is not known here before it is delivered without correlation. */
    private static final int UNCORRELATED_RECEIVES = 3;

    private final NotificationReceiver receiver;
    private final CorrelationStore correlations;
    private final BooleanSupplier correlationsMayArrive;
    private final ResultSettings settings;
    private final ResultDelivery delivery;
    private final int maxMessagesPerPoll;

    NotificationSource(NotificationReceiver receiver, CorrelationStore correlations, BooleanSupplier correlationsMayArrive,
                       ResultSettings settings, ResultDelivery delivery, int maxMessagesPerPoll) {
        this.receiver = receiver;
        this.correlations = correlations;
        this.correlationsMayArrive = correlationsMayArrive;
        this.settings = settings;
        this.delivery = delivery;
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    @Override
    public List<ResultArrival> next() {
        List<ResultArrival> forRoute = new ArrayList<>();
        for (Message message : receiver.receive(maxMessagesPerPoll == 0 ? 10 : maxMessagesPerPoll)) {
            Notification notification = receiver.read(message);
            if (notification == null) {
                continue;
            }
            Correlation correlation = correlationOf(notification);
            ResultObject result = ResultObject.notified(notification, correlation, settings);
            ResultClaim claim = receiver.claim(message);
            if (delivery.toWaiter(result, claim)) {
                continue;
            }
            if (correlation == null && NotificationReceiver.receiveCount(message) < UNCORRELATED_RECEIVES
                    && correlationsMayArrive.getAsBoolean()) {
                // a fast inference can be notified before its producer has recorded the request (SageMaker answers
                // the invocation after queueing it): give the correlation a moment to arrive
                claim.left();
                receiver.later(message, 1);
                continue;
            }
            forRoute.add(new ResultArrival(result, claim));
        }
        return forRoute;
    }

    /**
     * The request's correlation: by the result's location; for a failure that names none (an endpoint without
     * S3FailurePath), by its InferenceId.
     */
    private Correlation correlationOf(Notification notification) {
        if (notification.location() != null) {
            return correlations.find(notification.location()).orElse(null);
        }
        return notification.inferenceId() == null ? null : correlations.findByInferenceId(notification.inferenceId()).orElse(null);
    }

    @Override
    public void close() {
        receiver.close();
    }
}
