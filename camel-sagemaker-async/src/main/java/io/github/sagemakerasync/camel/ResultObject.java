package io.github.sagemakerasync.camel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.camel.Message;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A result that arrived, as its source found it: an object listed in S3, or a notification; with the correlation of
 * its request when the store knows it. What every source hands to delivery.
 *
 * @param location     the result object, or null for a failure notified by an endpoint without S3FailurePath
 * @param size         in bytes, or -1 when unknown
 * @param eTag         null when not listed
 * @param listedFolder the folder its key is kept below when it is moved ({@link ResultSettings#listedFolder}), or null
 * @param correlation  null when the result's request is unknown here
 * @param inHand       the body when the source already has it (a response included in a notification), else null
 * @param notification what the notification said, or null when the result was listed
 */
record ResultObject(S3Uri location, ResultStatus status, long size, Instant lastModified, String eTag,
                    S3Uri listedFolder, Correlation correlation, ResultBody inHand,
                    Notification notification) {

    /** A listed object, with its status by its correlation when known, else by the folder it lies in. */
    static ResultObject listed(S3Uri location, S3Object object, Correlation correlation, ResultSettings settings) {
        ResultStatus status = correlation != null ? correlation.statusOf(location.toString()) : settings.statusOf(location);
        return new ResultObject(location, status, object.size(), object.lastModified(), object.eTag(),
                settings.listedFolder(location, status), correlation, null, null);
    }

    /**
     * A notified result. A failure's body is the included response, else its failure object in S3, else, with no
     * failure object, the notification's failureReason.
     */
    static ResultObject notified(Notification notification, Correlation correlation, ResultSettings settings) {
        S3Uri location = notification.location() == null ? null : S3Uri.parse(notification.location(), "notified location");
        ResultBody inHand = null;
        if (notification.response() != null) {
            inHand = new ResultBody(notification.response(), notification.contentType());
        } else if (location == null && notification.failureReason() != null) {
            inHand = new ResultBody(notification.failureReason().getBytes(StandardCharsets.UTF_8),
                    "text/plain; charset=utf-8");
        }
        long size = inHand != null ? ((byte[]) inHand.body()).length : -1;
        return new ResultObject(location, notification.status(), size, notification.eventTime(), null,
                location == null ? null : settings.listedFolder(location, notification.status()), correlation, inHand,
                notification);
    }

    /** This result as the exchange waiting for it sees it: with its correlation, and its endpoint's folders. */
    ResultObject forWaiter(Correlation waited, ResultSettings settings) {
        ResultStatus waitedStatus = location == null ? status : waited.statusOf(location.toString());
        return new ResultObject(location, waitedStatus, size, lastModified, eTag,
                location == null ? null : settings.listedFolder(location, waitedStatus), waited, inHand, notification);
    }

    /** Names the result in logs and counts: its location, else its inference. */
    String id() {
        return location != null ? location.toString() : "inference " + inferenceId();
    }

    /** The InferenceId, from the correlation or the notification; null when neither knows it. */
    String inferenceId() {
        if (correlation != null) {
            return correlation.inferenceId();
        }
        return notification == null ? null : notification.inferenceId();
    }

    /** Writes what is known of the result, and of its request when correlated, to the message's headers. */
    void writeTo(Message message, String contentType) {
        message.setHeader(SageMakerAsyncConstants.STATUS, status.name());
        message.setHeader(SageMakerAsyncConstants.CORRELATED, correlation != null);
        if (location != null) {
            message.setHeader(SageMakerAsyncConstants.RESULT_LOCATION, location.toString());
            message.setHeader(SageMakerAsyncConstants.RESULT_KEY, location.key());
            String locationHeader = status == ResultStatus.Completed
                    ? SageMakerAsyncConstants.OUTPUT_LOCATION : SageMakerAsyncConstants.FAILURE_LOCATION;
            message.setHeader(locationHeader, location.toString());
        }
        if (size >= 0) {
            message.setHeader(SageMakerAsyncConstants.RESULT_SIZE, size);
        }
        if (lastModified != null) {
            message.setHeader(SageMakerAsyncConstants.RESULT_LAST_MODIFIED, lastModified);
        }
        if (contentType != null) {
            message.setHeader(SageMakerAsyncConstants.RESULT_CONTENT_TYPE, contentType);
        }
        if (notification != null) {
            message.setHeader(SageMakerAsyncConstants.INFERENCE_ID, notification.inferenceId());
            if (notification.failureReason() != null) {
                message.setHeader(SageMakerAsyncConstants.FAILURE_REASON, notification.failureReason());
            }
        }
        if (correlation != null) {
            correlation.headers().forEach(message::setHeader);
            // the request's trace continues on the result's route: Camel's tracing takes it as the parent
            correlation.traceContext().forEach(message::setHeader);
            if (correlation.acceptedAt() != null) {
                message.setHeader(SageMakerAsyncConstants.ACCEPTED_AT, correlation.acceptedAt());
            }
            message.setHeader(SageMakerAsyncConstants.INFERENCE_ID, correlation.inferenceId());
            message.setHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, correlation.outputLocation());
            if (correlation.failureLocation() != null) {
                message.setHeader(SageMakerAsyncConstants.FAILURE_LOCATION, correlation.failureLocation());
            }
            if (correlation.payloadMode() != null) {
                message.setHeader(SageMakerAsyncConstants.PAYLOAD_MODE, correlation.payloadMode().name());
            }
            if (correlation.uploadedInput() != null) {
                message.setHeader(SageMakerAsyncConstants.UPLOADED_INPUT, correlation.uploadedInput());
            }
        }
    }

    /** Identifies this version of the object, for the idempotent repository of afterRead=keep. */
    String versionKey() {
        return location + "@" + eTag;
    }
}
