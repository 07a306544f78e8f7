package io.github.sagemakerasync.camel;

import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.ACCEPT;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.CONTENT_TYPE;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.CUSTOM_ATTRIBUTES;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.DEADLINE;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.FILENAME;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.INFERENCE_ID;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.INPUT_LOCATION;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.INPUT_OBJECT;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.INVOCATION_TIMEOUT_SECONDS;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.REQUEST_TTL_SECONDS;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.S3_OUTPUT_PATH_EXTENSION;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.TRACEPARENT;

import java.time.Instant;
import java.util.function.BiConsumer;

import org.apache.camel.Exchange;

/**
 * InvokeEndpointAsync's parameters for one message: each header over its endpoint option, resolved once and checked
 * once against AWS's constraints, before any network call.
 *
 * @param inputPrefix where to upload a payload that goes through S3, or null
 * @param inputObject an already uploaded input to send instead of the body, or null
 */
record InvocationParameters(String contentType, String accept, String customAttributes, String inferenceId,
                            Integer requestTtlSeconds, Integer invocationTimeoutSeconds, String s3OutputPathExtension,
                            String filename, S3Uri inputPrefix, String inputObject) {

    /**
     * Header values are checked here; option values were checked once, when the endpoint started.
     *
     * @param optionInputPrefix option inputLocation, parsed when the producer started, or null
     * @param now               the time the request is sent, which a deadline is counted from
     */
    static InvocationParameters resolve(SageMakerAsyncConfiguration options, S3Uri optionInputPrefix, Exchange exchange,
                                        Instant now) {
        Headers headers = new Headers(exchange);

        String contentType = headers.text(CONTENT_TYPE, options.getContentType(),
                (value, source) -> InvocationConstraints.header(value, source, "ContentType"));
        if (contentType == null) {
            contentType = headers.text(Exchange.CONTENT_TYPE, null,
                    (value, source) -> InvocationConstraints.header(value, source, "ContentType"));
        }
        String accept = headers.text(ACCEPT, options.getAccept(),
                (value, source) -> InvocationConstraints.header(value, source, "Accept"));
        String customAttributes = headers.text(CUSTOM_ATTRIBUTES, options.getCustomAttributes(),
                InvocationConstraints::customAttributes);
        if (options.isTraceContextInCustomAttributes()) {
            customAttributes = withTraceParent(customAttributes, exchange.getMessage().getHeader(TRACEPARENT, String.class));
        }
        String inferenceId = headers.text(INFERENCE_ID, options.getInferenceId(), InvocationConstraints::inferenceId);
        Integer ttl = headers.seconds(REQUEST_TTL_SECONDS, options.getRequestTtlSeconds(),
                InvocationConstraints::requestTtlSeconds);
        Object deadline = exchange.getMessage().getHeader(DEADLINE);
        if (deadline != null) {
            if (exchange.getMessage().getHeader(REQUEST_TTL_SECONDS) != null) {
                throw new IllegalArgumentException("header " + DEADLINE + " and header " + REQUEST_TTL_SECONDS
                        + " are both set: they say the same thing, set one");
            }
            ttl = RequestDeadline.ttlSeconds(deadline, "header " + DEADLINE, now);
        }
        Integer timeout = headers.seconds(INVOCATION_TIMEOUT_SECONDS, options.getInvocationTimeoutSeconds(),
                InvocationConstraints::invocationTimeoutSeconds);
        String extension = headers.text(S3_OUTPUT_PATH_EXTENSION, options.getS3OutputPathExtension(),
                InvocationConstraints::s3OutputPathExtension);
        String filename = headers.text(FILENAME, options.getFilename(), InvocationConstraints::filename);
        String prefix = headers.text(INPUT_LOCATION, null, (value, source) -> { });
        S3Uri inputPrefix = prefix == null ? optionInputPrefix : S3Uri.parse(prefix, "header " + INPUT_LOCATION);
        String inputObject = headers.text(INPUT_OBJECT, null, InvocationConstraints::inputObject);

        return new InvocationParameters(contentType, accept, customAttributes, inferenceId, ttl, timeout, extension,
                filename, inputPrefix, inputObject);
    }

    /**
     * The user's CustomAttributes with {@code traceparent=<W3C traceparent>} after them ({@code ;} between), for a
     * model that continues the trace; unchanged when the exchange is not traced.
     */
    static String withTraceParent(String customAttributes, String traceParent) {
        if (traceParent == null) {
            return customAttributes;
        }
        String merged = customAttributes == null || customAttributes.isEmpty() ? "traceparent=" + traceParent
                : customAttributes + ";traceparent=" + traceParent;
        if (merged.length() > 1024) {
            int room = 1024 - (merged.length() - customAttributes.length());
            throw new IllegalArgumentException("option traceContextInCustomAttributes: CustomAttributes with the trace "
                    + "context would be " + merged.length() + " characters, over the 1024 SageMaker takes: shorten "
                    + "CustomAttributes to " + room + " characters, or turn the option off");
        }
        InvocationConstraints.customAttributes(merged, "header " + TRACEPARENT + " (traceContextInCustomAttributes)");
        return merged;
    }

    /** Reads a header, or the endpoint option's value when the header is absent; checks a header's value. */
    private record Headers(Exchange exchange) {

        String text(String header, String optionValue, BiConsumer<String, String> check) {
            Object value = exchange.getMessage().getHeader(header);
            if (value == null) {
                return optionValue;
            }
            String text = exchange.getContext().getTypeConverter().convertTo(String.class, exchange, value);
            check.accept(text, "header " + header);
            return text;
        }

        Integer seconds(String header, Integer optionValue, BiConsumer<Integer, String> check) {
            Object value = exchange.getMessage().getHeader(header);
            if (value == null) {
                return optionValue;
            }
            Integer seconds;
            try {
                seconds = Integer.valueOf(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("header " + header + " is '" + value
                        + "', which is not a whole number of seconds");
            }
            check.accept(seconds, "header " + header);
            return seconds;
        }
    }
}
