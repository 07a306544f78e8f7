package io.github.sagemakerasync.camel;

import java.time.Instant;

import org.apache.camel.Message;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A result that arrived: an object found in S3, as listed, with the correlation of its request when the store knows
 * it. What every source hands to delivery.
 *
 * @param listedFolder the folder its key is kept below when it is moved ({@link ResultSettings#listedFolder})
 * @param correlation  null when the result's request is unknown here
 */
record ResultObject(S3Uri location, ResultStatus status, long size, Instant lastModified, String eTag,
                    S3Uri listedFolder, Correlation correlation) {

    /** A listed object, with its status by its correlation when known, else by the folder it lies in. */
    static ResultObject listed(S3Uri location, S3Object object, Correlation correlation, ResultSettings settings) {
        ResultStatus status = correlation != null ? correlation.statusOf(location.toString()) : settings.statusOf(location);
        return new ResultObject(location, status, object.size(), object.lastModified(), object.eTag(),
                settings.listedFolder(location, status), correlation);
    }

    /** Writes what is known of the result, and of its request when correlated, to the message's headers. */
    void writeTo(Message message, String contentType) {
        message.setHeader(SageMakerAsyncConstants.STATUS, status.name());
        message.setHeader(SageMakerAsyncConstants.RESULT_LOCATION, location.toString());
        message.setHeader(SageMakerAsyncConstants.RESULT_KEY, location.key());
        message.setHeader(SageMakerAsyncConstants.RESULT_SIZE, size);
        message.setHeader(SageMakerAsyncConstants.RESULT_LAST_MODIFIED, lastModified);
        if (contentType != null) {
            message.setHeader(SageMakerAsyncConstants.RESULT_CONTENT_TYPE, contentType);
        }
        String locationHeader = status == ResultStatus.Completed
                ? SageMakerAsyncConstants.OUTPUT_LOCATION : SageMakerAsyncConstants.FAILURE_LOCATION;
        message.setHeader(locationHeader, location.toString());
        if (correlation != null) {
            correlation.headers().forEach(message::setHeader);
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
