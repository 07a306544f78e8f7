package io.github.sagemakerasync.camel;

import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.ACCEPT;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.CONTENT_TYPE;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.CUSTOM_ATTRIBUTES;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.FILENAME;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.INFERENCE_ID;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.INPUT_LOCATION;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.INPUT_OBJECT;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.INVOCATION_TIMEOUT_SECONDS;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.REQUEST_TTL_SECONDS;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.S3_OUTPUT_PATH_EXTENSION;

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

    /** @param optionInputPrefix option inputLocation, parsed when the producer started, or null */
    static InvocationParameters resolve(SageMakerAsyncConfiguration options, S3Uri optionInputPrefix, Exchange exchange) {
        Headers headers = new Headers(exchange);

        Sourced<String> contentType = headers.text(CONTENT_TYPE, "contentType", options.getContentType());
        if (contentType.value() == null) {
            contentType = headers.text(Exchange.CONTENT_TYPE, null, null);
        }
        InvocationConstraints.header(contentType.value(), contentType.source(), "ContentType");
        Sourced<String> accept = headers.text(ACCEPT, "accept", options.getAccept());
        InvocationConstraints.header(accept.value(), accept.source(), "Accept");
        Sourced<String> customAttributes = headers.text(CUSTOM_ATTRIBUTES, "customAttributes", options.getCustomAttributes());
        InvocationConstraints.customAttributes(customAttributes.value(), customAttributes.source());
        Sourced<String> inferenceId = headers.text(INFERENCE_ID, "inferenceId", options.getInferenceId());
        InvocationConstraints.inferenceId(inferenceId.value(), inferenceId.source());
        Sourced<Integer> ttl = headers.seconds(REQUEST_TTL_SECONDS, "requestTtlSeconds", options.getRequestTtlSeconds());
        InvocationConstraints.requestTtlSeconds(ttl.value(), ttl.source());
        Sourced<Integer> timeout = headers.seconds(INVOCATION_TIMEOUT_SECONDS, "invocationTimeoutSeconds",
                options.getInvocationTimeoutSeconds());
        InvocationConstraints.invocationTimeoutSeconds(timeout.value(), timeout.source());
        Sourced<String> extension = headers.text(S3_OUTPUT_PATH_EXTENSION, "s3OutputPathExtension",
                options.getS3OutputPathExtension());
        InvocationConstraints.s3OutputPathExtension(extension.value(), extension.source());
        Sourced<String> filename = headers.text(FILENAME, "filename", options.getFilename());
        InvocationConstraints.filename(filename.value(), filename.source());
        Sourced<String> prefix = headers.text(INPUT_LOCATION, null, null);
        S3Uri inputPrefix = prefix.value() == null ? optionInputPrefix : S3Uri.parse(prefix.value(), prefix.source());
        Sourced<String> inputObject = headers.text(INPUT_OBJECT, null, null);
        InvocationConstraints.inputObject(inputObject.value(), inputObject.source());

        return new InvocationParameters(contentType.value(), accept.value(), customAttributes.value(),
                inferenceId.value(), ttl.value(), timeout.value(), extension.value(), filename.value(), inputPrefix,
                inputObject.value());
    }

    /** A value and where it came from ("header X" or "option y"), for error messages. */
    private record Sourced<T>(T value, String source) {
    }

    /** Reads a header, or the endpoint option when the header is absent. */
    private record Headers(Exchange exchange) {

        Sourced<String> text(String header, String option, String optionValue) {
            Object value = exchange.getMessage().getHeader(header);
            if (value == null) {
                return new Sourced<>(optionValue, "option " + option);
            }
            String text = exchange.getContext().getTypeConverter().convertTo(String.class, exchange, value);
            return new Sourced<>(text, "header " + header);
        }

        Sourced<Integer> seconds(String header, String option, Integer optionValue) {
            Object value = exchange.getMessage().getHeader(header);
            if (value == null) {
                return new Sourced<>(optionValue, "option " + option);
            }
            try {
                return new Sourced<>(Integer.valueOf(value.toString().trim()), "header " + header);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("header " + header + " is '" + value
                        + "', which is not a whole number of seconds");
            }
        }
    }
}
