package io.github.sagemakerasync.camel;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The SQS side of notifications: receives from the queue (long polling, up to 10 at a time), keeps a message invisible
 * while its result is being delivered, and deletes it once delivered. Loaded only when a consumer has a
 * notificationQueue, so the optional SQS module is needed only then.
 */
final class NotificationReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationReceiver.class);

    private final SqsAsyncClient sqs;
    private final boolean built;
    private final String queueUrl;
    private final SageMakerAsyncConfiguration options;
    private final ScheduledExecutorService scheduler;
    private final BackgroundRetry retry;

    private NotificationReceiver(SqsAsyncClient sqs, boolean built, String queueUrl, SageMakerAsyncConfiguration options,
                                 ScheduledExecutorService scheduler) {
        this.sqs = sqs;
        this.built = built;
        this.queueUrl = queueUrl;
        this.options = options;
        this.scheduler = scheduler;
        this.retry = new BackgroundRetry(scheduler);
    }

    /** With the registry's single SqsAsyncClient, else one built from the options (closed with the receiver). */
    static NotificationReceiver start(SageMakerAsyncConfiguration options, CamelContext context,
                                      ScheduledExecutorService scheduler) {
        SqsAsyncClient given = context.getRegistry().findSingleByType(SqsAsyncClient.class);
        SqsAsyncClient sqs = given != null ? given : build(options);
        try {
            String queue = options.getNotificationQueue();
            String url = queue.startsWith("http://") || queue.startsWith("https://") ? queue
                    : sqs.getQueueUrl(r -> r.queueName(queue)).join().queueUrl();
            return new NotificationReceiver(sqs, given == null, url, options, scheduler);
        } catch (RuntimeException e) {
            if (given == null) {
                sqs.close();
            }
            throw new IllegalStateException("Cannot use notificationQueue " + options.getNotificationQueue() + ": "
                    + Failures.cause(e).getMessage() + " (IAM sqs:GetQueueUrl, sqs:ReceiveMessage, "
                    + "sqs:DeleteMessage and sqs:ChangeMessageVisibility)", Failures.cause(e));
        }
    }

    private static SqsAsyncClient build(SageMakerAsyncConfiguration options) {
        return SageMakerAsyncClients.build(options, options.getSqsUriEndpointOverride(), SqsAsyncClient::builder,
                builder -> { });
    }

    /** Waits up to notificationWaitTimeSeconds for up to {@code max} (1 to 10) messages. */
    List<Message> receive(int max) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(Math.max(1, Math.min(10, max)))
                .waitTimeSeconds(options.getNotificationWaitTimeSeconds())
                .visibilityTimeout(options.getNotificationVisibilityTimeout())
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).join().messages();
    }

    /** As {@link #receive}, without waiting for the answer. */
    CompletableFuture<List<Message>> receiveAsync(int max, int waitSeconds) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(Math.max(1, Math.min(10, max)))
                .waitTimeSeconds(waitSeconds).visibilityTimeout(options.getNotificationVisibilityTimeout())
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                .thenApply(response -> response.messages());
    }

    /**
     * The SageMaker notification a message holds, or null when there is none to deliver: a TestNotification is logged
     * and deleted; a message that is not a SageMaker notification is left in the queue, for its redrive policy to move
     * it to a dead-letter queue.
     */
    Notification read(Message message) {
        Notification notification;
        try {
            notification = Notification.parse(message.body());
        } catch (IllegalArgumentException e) {
            LOG.warn("Message {} of the notification queue is not a SageMaker notification ({}); it is left in the "
                    + "queue, for its redrive policy to move it to a dead-letter queue", message.messageId(), e.getMessage());
            return null;
        }
        if (notification.isTest()) {
            LOG.info("SageMaker's TestNotification arrived on the notification queue: the subscription works");
            delete(message);
            return null;
        }
        return notification;
    }

    /** How many times the message was received, this time included. */
    static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Gives the message back to the queue, to be received again after {@code seconds}. */
    void later(Message message, int seconds) {
        sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(seconds))
                .whenComplete((done, error) -> {
                    if (error != null) {
                        LOG.debug("Could not give a notification back early; it comes back after its visibility timeout: {}",
                                error.getMessage());
                    }
                });
    }

    CompletableFuture<Void> delete(Message message) {
        return sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle())).thenApply(done -> null);
    }

    /**
     * The claim of a received message: it stays invisible (extended every half visibility timeout) until its result is
     * finished, then it is deleted; a result left undelivered lets it come back after the visibility timeout.
     */
    ResultClaim claim(Message message) {
        long period = Math.max(1, options.getNotificationVisibilityTimeout() / 2);
        ScheduledFuture<?> keepInvisible = scheduler.scheduleAtFixedRate(() -> sqs.changeMessageVisibility(r -> r
                        .queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                        .visibilityTimeout(options.getNotificationVisibilityTimeout()))
                .whenComplete((done, error) -> {
                    if (error != null) {
                        LOG.debug("Could not extend the visibility of a notification: {}", error.getMessage());
                    }
                }), period, period, TimeUnit.SECONDS);
        AtomicBoolean released = new AtomicBoolean();
        return new ResultClaim() {
            @Override
            public void finished(boolean gone) {
                if (released.compareAndSet(false, true)) {
                    // kept invisible while the delete is tried again, so it does not come back meanwhile
                    delete(message)
                            .exceptionallyCompose(error -> retry.retry(BackgroundRetry.CLEAN_UP_DELAYS_MILLIS, () -> delete(message)))
                            .whenComplete((done, error) -> {
                                keepInvisible.cancel(false);
                                if (error != null) {
                                    LOG.warn("Could not delete a delivered notification; it will be delivered again: {}",
                                            Failures.cause(error).getMessage());
                                }
                            });
                }
            }

            @Override
            public void left() {
                if (released.compareAndSet(false, true)) {
                    keepInvisible.cancel(false);
                }
            }

            @Override
            public boolean countsDeliveries() {
                return false;
            }
        };
    }

    @Override
    public void close() {
        if (built) {
            sqs.close();
        }
    }
}
