package io.github.sagemakerasync.camel;

import org.apache.camel.spi.Metadata;

/**
 * Every header of the component. Request headers override the endpoint option of the same name.
 */
public final class SageMakerAsyncConstants {

    // request: override the endpoint options for one message

    @Metadata(label = "producer", description = "The MIME type of the payload (InvokeEndpointAsync ContentType). "
            + "Overrides the contentType option; when neither is set, the message's Content-Type header is used.",
              javaType = "String")
    public static final String CONTENT_TYPE = "CamelAwsSageMakerAsyncContentType";
    @Metadata(label = "producer", description = "The MIME type the model should answer with (Accept). Overrides the accept option.",
              javaType = "String")
    public static final String ACCEPT = "CamelAwsSageMakerAsyncAccept";
    @Metadata(label = "producer", description = "Opaque information passed to the model verbatim (CustomAttributes), "
            + "at most 1024 ASCII characters. Overrides the customAttributes option. Never logged.",
              javaType = "String")
    public static final String CUSTOM_ATTRIBUTES = "CamelAwsSageMakerAsyncCustomAttributes";
    @Metadata(description = "Producer, in: the identifier of the inference (InferenceId), 1 to 64 printable ASCII "
            + "characters; overrides the inferenceId option. Out (producer and consumer): the inference's identifier, "
            + "as SageMaker returned it (generated when none was given).",
              javaType = "String")
    public static final String INFERENCE_ID = "CamelAwsSageMakerAsyncInferenceId";
    @Metadata(label = "producer", description = "Seconds a request may wait in the endpoint's queue (RequestTTLSeconds), "
            + "60 to 21600. Overrides the requestTtlSeconds option.",
              javaType = "Integer")
    public static final String REQUEST_TTL_SECONDS = "CamelAwsSageMakerAsyncRequestTtlSeconds";
    @Metadata(label = "producer", description = "When the request must have been run by: an Instant, Date, Calendar, "
            + "ZonedDateTime, OffsetDateTime, epoch milliseconds or an ISO-8601 date-time with offset. Sent as "
            + "RequestTTLSeconds, the whole seconds left, so SageMaker expires the request (a failure) rather than run "
            + "it late; overrides the requestTtlSeconds option, and cannot be set with the RequestTtlSeconds header. "
            + "Refused before any call when it has passed, or is less than 60 seconds or more than 6 hours away.",
              javaType = "java.time.Instant")
    public static final String DEADLINE = "CamelAwsSageMakerAsyncDeadline";
    @Metadata(label = "producer", description = "Seconds the model may take (InvocationTimeoutSeconds), 1 to 3600. "
            + "Overrides the invocationTimeoutSeconds option.",
              javaType = "Integer")
    public static final String INVOCATION_TIMEOUT_SECONDS = "CamelAwsSageMakerAsyncInvocationTimeoutSeconds";
    @Metadata(label = "producer", description = "Path appended to the endpoint's S3 output path (S3OutputPathExtension). "
            + "Overrides the s3OutputPathExtension option.",
              javaType = "String")
    public static final String S3_OUTPUT_PATH_EXTENSION = "CamelAwsSageMakerAsyncS3OutputPathExtension";
    @Metadata(label = "producer", description = "Name of the output object (Filename), at most 32 characters with at most "
            + "one dot. Overrides the filename option.",
              javaType = "String")
    public static final String FILENAME = "CamelAwsSageMakerAsyncFilename";
    @Metadata(label = "producer", description = "The upload folder: where payloads that go through S3 are uploaded, "
            + "s3://bucket/prefix. Overrides the inputLocation option. It sends nothing by itself: a small body still "
            + "goes inline. To send an input already in S3, use CamelAwsSageMakerAsyncInputObject.",
              javaType = "String")
    public static final String INPUT_LOCATION = "CamelAwsSageMakerAsyncInputLocation";
    @Metadata(label = "producer", description = "SageMaker's InputLocation: an input already in S3 (s3://bucket/key), sent "
            + "instead of a body; nothing is uploaded. The message body must then be null, since SageMaker takes either a Body or an "
            + "InputLocation.",
              javaType = "String")
    public static final String INPUT_OBJECT = "CamelAwsSageMakerAsyncInputObject";

    // response: what the invocation did

    @Metadata(description = "Where the result will be written (OutputLocation), s3://bucket/key. Set by the producer; "
            + "on the consumer, the location of a Completed result.",
              javaType = "String")
    public static final String OUTPUT_LOCATION = "CamelAwsSageMakerAsyncOutputLocation";
    @Metadata(description = "Where a failure will be written (FailureLocation), s3://bucket/key. Set by the producer; "
            + "on the consumer, the location of a Failed result. Absent when the endpoint has no S3FailurePath: "
            + "SageMaker then writes no failure object.",
              javaType = "String")
    public static final String FAILURE_LOCATION = "CamelAwsSageMakerAsyncFailureLocation";
    @Metadata(label = "consumer", description = "Whether the result was matched with its request (true), so the "
            + "request's InferenceId, input and correlationHeaders are set; false when the correlation store does not "
            + "know it (another instance's request with an in-memory store, a request older than the store): the result "
            + "must not be taken for an answer to any particular request.",
              javaType = "Boolean")
    public static final String CORRELATED = "CamelAwsSageMakerAsyncCorrelated";
    @Metadata(label = "consumer", description = "When SageMaker accepted the result's request (the producer's clock), when "
            + "the correlation store knows it: the time in SageMaker is the delivery's time minus this.",
              javaType = "java.time.Instant")
    public static final String ACCEPTED_AT = "CamelAwsSageMakerAsyncAcceptedAt";
    @Metadata(description = "W3C trace context (https://www.w3.org/TR/trace-context/). Producer, in: set by Camel's tracing "
            + "(camel-opentelemetry2...) on the sending exchange, kept with the correlation. Consumer, out: the request's, "
            + "on its result, so Camel's tracing makes the result's span a child of the request's span, on any instance "
            + "and after restarts.",
              javaType = "String")
    public static final String TRACEPARENT = "traceparent";
    @Metadata(description = "W3C trace state, kept and given back with traceparent.", javaType = "String")
    public static final String TRACESTATE = "tracestate";
    @Metadata(label = "consumer", description = "Why the inference failed, as SageMaker's error notification says "
            + "(failureReason). Only on Failed results received from notifications (notificationQueue).",
              javaType = "String")
    public static final String FAILURE_REASON = "CamelAwsSageMakerAsyncFailureReason";
    @Metadata(description = "How the payload was sent: inline or s3. On a result, known when it was correlated with its "
            + "request.",
              javaType = "String")
    public static final String PAYLOAD_MODE = "CamelAwsSageMakerAsyncPayloadMode";
    @Metadata(description = "The S3 object the producer uploaded the payload to (s3://bucket/key). Absent when the "
            + "payload went inline or came with CamelAwsSageMakerAsyncInputObject. On a result, known when it was "
            + "correlated with its request.",
              javaType = "String")
    public static final String UPLOADED_INPUT = "CamelAwsSageMakerAsyncUploadedInput";

    // results: the consumer, and the producer with waitForResult

    @Metadata(description = "The inference's outcome: Completed (the body is the model's output) or Failed (the body "
            + "is the failure text).",
              javaType = "String")
    public static final String STATUS = "CamelAwsSageMakerAsyncStatus";
    @Metadata(description = "The result object's location, s3://bucket/key.", javaType = "String")
    public static final String RESULT_LOCATION = "CamelAwsSageMakerAsyncResultLocation";
    @Metadata(description = "The result object's key.", javaType = "String")
    public static final String RESULT_KEY = "CamelAwsSageMakerAsyncResultKey";
    @Metadata(description = "The result object's size in bytes.", javaType = "Long")
    public static final String RESULT_SIZE = "CamelAwsSageMakerAsyncResultSize";
    @Metadata(description = "The result object's content type, when its body was read.", javaType = "String")
    public static final String RESULT_CONTENT_TYPE = "CamelAwsSageMakerAsyncResultContentType";
    @Metadata(description = "When the result object was written.", javaType = "java.time.Instant")
    public static final String RESULT_LAST_MODIFIED = "CamelAwsSageMakerAsyncResultLastModified";

    private SageMakerAsyncConstants() {
    }
}
