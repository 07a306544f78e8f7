package io.github.sagemakerasync.camel;

import static io.github.sagemakerasync.camel.SageMakerAsyncConfiguration.MAX_INLINE_BYTES;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.WrappedFile;
import org.apache.camel.support.ExchangeHelper;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/**
 * The one place that decides how a message's payload travels: inline in the InvokeEndpointAsync request, uploaded to
 * S3, or as an input already in S3 (header InputObject, with no body). The decision is by size in bytes after
 * conversion: a String is encoded with the exchange's charset (UTF-8 when none is set), a file's size is read from
 * disk, and a stream of unknown length is read at most {@code inlineThreshold + 1} bytes to decide; when it is longer,
 * those bytes and the rest of the stream are uploaded as one stream, never held whole in memory. Whether S3 is possible
 * at all (an input location is set) is known before a stream is read. Payloads SageMaker would refuse (none, empty,
 * both a body and an input object) are refused here, before any network call.
 */
final class PayloadRouter {

    private final PayloadMode mode;
    private final int inlineThreshold;
    private final ExecutorService streamReaders;

    /** @param streamReaders threads that read upload streams, so no route thread blocks on them */
    PayloadRouter(PayloadMode mode, int inlineThreshold, ExecutorService streamReaders) {
        this.mode = mode;
        this.inlineThreshold = inlineThreshold;
        this.streamReaders = streamReaders;
    }

    /**
     * @param inputObject an input already in S3 to send instead of a body (header InputObject), or null
     * @param inputPrefix where a payload that goes through S3 is uploaded, or null: then it cannot
     */
    Payload route(Exchange exchange, String inputObject, S3Uri inputPrefix) throws IOException {
        Object body = exchange.getMessage().getBody();
        if (inputObject != null) {
            if (body != null) {
                throw new IllegalArgumentException("header " + SageMakerAsyncConstants.INPUT_OBJECT
                        + " names an input already in S3, but the message also has a body (" + body.getClass().getName()
                        + "); SageMaker takes a Body or an InputLocation, not both: set the body to null to send the "
                        + "location");
            }
            return new Payload.InS3(inputObject);
        }
        if (body == null) {
            throw new IllegalArgumentException("The message body is null: sagemaker-async needs a payload, or header "
                    + SageMakerAsyncConstants.INPUT_OBJECT + " naming one already in S3");
        }
        Decision decision = new Decision(inputPrefix != null);
        if (body instanceof byte[] bytes) {
            return decision.bytes(bytes);
        }
        if (body instanceof String text) {
            return decision.bytes(text.getBytes(charset(exchange)));
        }
        if (body instanceof ByteBuffer buffer) {
            return decision.buffer(buffer);
        }
        if (body instanceof WrappedFile<?> wrapped && wrapped.getFile() instanceof File file) {
            return decision.file(file.toPath());
        }
        if (body instanceof File file) {
            return decision.file(file.toPath());
        }
        if (body instanceof Path path) {
            return decision.file(path);
        }
        if (body instanceof InputStream stream) {
            return decision.stream(stream);
        }
        InputStream converted = exchange.getContext().getTypeConverter().tryConvertTo(InputStream.class, exchange, body);
        if (converted != null) {
            return decision.stream(converted);
        }
        throw new IllegalArgumentException("Cannot send a body of type " + body.getClass().getName()
                + ": sagemaker-async sends byte[], String, ByteBuffer, InputStream, File or Path, or anything Camel "
                + "converts to an InputStream, and no converter was found");
    }

    private static Charset charset(Exchange exchange) {
        Charset charset = ExchangeHelper.getCharset(exchange, false);
        return charset != null ? charset : StandardCharsets.UTF_8;
    }

    /** One payload's decision, knowing whether an input location makes S3 possible. */
    private final class Decision {

        private final boolean s3Possible;

        Decision(boolean s3Possible) {
            this.s3Possible = s3Possible;
        }

        Payload bytes(byte[] bytes) {
            // the *Unsafe factories wrap the array rather than copy it; nothing else holds it once the body is sent
            return decide(bytes.length,
                    () -> new Payload.Inline(SdkBytes.fromByteArrayUnsafe(bytes), bytes.length),
                    () -> new Payload.ThroughS3(AsyncRequestBody.fromBytesUnsafe(bytes), (long) bytes.length, null));
        }

        Payload buffer(ByteBuffer buffer) {
            int size = buffer.remaining();
            return decide(size,
                    () -> new Payload.Inline(inlineBytes(buffer), size),
                    () -> new Payload.ThroughS3(AsyncRequestBody.fromRemainingByteBufferUnsafe(buffer), (long) size, null));
        }

        Payload file(Path file) throws IOException {
            long size = Files.size(file);
            return decide(size,
                    () -> new Payload.Inline(SdkBytes.fromByteArrayUnsafe(readAll(file)), (int) size),
                    () -> new Payload.ThroughS3(AsyncRequestBody.fromFile(file), size, null));
        }

        /** Reads no more than it must: nothing when it goes to S3 anyway, or when S3 is needed but impossible. */
        Payload stream(InputStream stream) throws IOException {
            if (mode == PayloadMode.s3) {
                if (!s3Possible) {
                    stream.close();
                    throw noInputLocation("a stream");
                }
                // one byte tells an empty stream, which SageMaker would refuse once uploaded
                byte[] first = stream.readNBytes(1);
                if (first.length == 0) {
                    stream.close();
                    throw empty("stream");
                }
                return upload(new SequenceInputStream(new ByteArrayInputStream(first), stream));
            }
            int limit = mode == PayloadMode.inline ? MAX_INLINE_BYTES : inlineThreshold;
            byte[] head = stream.readNBytes(limit + 1);
            if (head.length <= limit) {
                stream.close();
                if (head.length == 0) {
                    throw empty("stream");
                }
                return new Payload.Inline(SdkBytes.fromByteArrayUnsafe(head), head.length);
            }
            if (mode == PayloadMode.inline) {
                stream.close();
                throw new IllegalArgumentException("payloadMode=inline but the body stream is longer than "
                        + MAX_INLINE_BYTES + " bytes; the inline limit is " + MAX_INLINE_BYTES + " bytes");
            }
            if (!s3Possible) {
                stream.close();
                throw noInputLocation("a stream longer than " + inlineThreshold + " bytes");
            }
            return upload(new SequenceInputStream(new ByteArrayInputStream(head), stream));
        }

        private Payload upload(InputStream stream) {
            CountingInputStream counted = new CountingInputStream(stream);
            return new Payload.ThroughS3(AsyncRequestBody.fromInputStream(counted, null, streamReaders), null, counted);
        }

        private Payload decide(long size, Supplier<Payload> inline, Supplier<Payload> throughS3) {
            if (size == 0) {
                throw empty("body");
            }
            boolean goesInline = switch (mode) {
                case inline -> {
                    if (size > MAX_INLINE_BYTES) {
                        throw new IllegalArgumentException("payloadMode=inline but the body is " + size
                                + " bytes; the inline limit is " + MAX_INLINE_BYTES + " bytes");
                    }
                    yield true;
                }
                case s3 -> false;
                case auto -> size <= inlineThreshold;
            };
            if (!goesInline && !s3Possible) {
                throw noInputLocation(size + " bytes");
            }
            return goesInline ? inline.get() : throughS3.get();
        }

        private IllegalArgumentException noInputLocation(String what) {
            return new IllegalArgumentException("The payload goes through S3 (" + what + ", payloadMode=" + mode
                    + ", inlineThreshold=" + inlineThreshold + ") but no input location is set: set option inputLocation "
                    + "or header " + SageMakerAsyncConstants.INPUT_LOCATION + " to s3://bucket/prefix");
        }
    }

    /** AWS takes an empty Body for no Body and answers ValidationError: refused here, without a request. */
    private static IllegalArgumentException empty(String what) {
        return new IllegalArgumentException("The message " + what + " is empty (0 bytes): SageMaker refuses an empty "
                + "payload; send at least one byte, or header " + SageMakerAsyncConstants.INPUT_OBJECT
                + " naming an input already in S3");
    }

    /** SdkBytes can wrap an array but not a buffer: a buffer that spans its whole array is not copied. */
    private static SdkBytes inlineBytes(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return SdkBytes.fromByteArrayUnsafe(buffer.array());
        }
        return SdkBytes.fromByteBuffer(buffer);
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
