package io.github.sagemakerasync.camel;

/**
 * How the producer passes the payload to InvokeEndpointAsync. Lower-case, as it is written in endpoint URIs.
 */
public enum PayloadMode {
    /** Inline when the payload is at most {@code inlineThreshold} bytes, through S3 otherwise. */
    auto,
    /** Always in the request's {@code Body}; more than 128,000 bytes is an error. */
    inline,
    /** Always uploaded to {@code inputLocation} and passed as {@code InputLocation}. */
    s3
}
