package io.github.sagemakerasync.camel;

import java.io.IOException;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/** A message's payload ready to travel: inline in the request, as an upload to S3, or as an input already in S3. */
sealed interface Payload {

    /** The payload mode name reported in the PayloadMode header. */
    PayloadMode mode();

    /** Bytes this component sent: inline, or uploaded so far; none for an input already in S3. */
    long bytesSent();

    /** @param size in bytes */
    record Inline(SdkBytes bytes, int size) implements Payload {
        @Override
        public PayloadMode mode() {
            return PayloadMode.inline;
        }

        @Override
        public long bytesSent() {
            return size;
        }
    }

    /** @param location the input's s3:// or https:// URI, sent as InputLocation */
    record InS3(String location) implements Payload {
        @Override
        public PayloadMode mode() {
            return PayloadMode.s3;
        }

        @Override
        public long bytesSent() {
            return 0;
        }
    }

    /**
     * @param size   in bytes, or null when the stream's length is unknown until it is read
     * @param stream the stream the body reads, to count and close, or null when the body is not a stream
     */
    record ThroughS3(AsyncRequestBody body, Long size, CountingInputStream stream) implements Payload {
        @Override
        public PayloadMode mode() {
            return PayloadMode.s3;
        }

        /** Bytes handed to the upload so far: all of them when the size is known. */
        @Override
        public long bytesSent() {
            return stream != null ? stream.count() : size;
        }

        void closeSource() {
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException e) {
                    // the upload is over either way; a failed close loses nothing
                }
            }
        }
    }
}
