package io.github.sagemakerasync.camel;

/** A result's body, byte[] or an InputStream reading from S3, and its content type. */
record ResultBody(Object body, String contentType) {
}
