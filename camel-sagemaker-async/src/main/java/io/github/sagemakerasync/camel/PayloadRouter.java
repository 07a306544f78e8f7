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
 * The one place that decides how a message body travels: inline in the InvokeEndpointAsync request, or uploaded to
 * S3. The decision is by size in bytes after conversion: a String is encoded with the exchange's charset (UTF-8 when
 * none is set), a file's size is read from disk, and a stream of unknown length is read at most
 * {@code inlineThreshold + 1} bytes to decide; when it is longer, those bytes and the rest of the stream are uploaded
 * as one stream, never held whole in memory.
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

    Payload route(Exchange exchange) throws IOException {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            throw new IllegalArgumentException("The message body is null: sagemaker-async needs a payload, or header "
                    + SageMakerAsyncConstants.INPUT_OBJECT + " naming one already in S3");
        }
        if (body instanceof byte[] bytes) {
            return bytes(bytes);
        }
        if (body instanceof String text) {
            return bytes(text.getBytes(charset(exchange)));
        }
        if (body instanceof ByteBuffer buffer) {
            return buffer(buffer);
        }
        if (body instanceof WrappedFile<?> wrapped && wrapped.getFile() instanceof File file) {
            return file(file.toPath());
        }
        if (body instanceof File file) {
            return file(file.toPath());
        }
        if (body instanceof Path path) {
            return file(path);
        }
        if (body instanceof InputStream stream) {
            return stream(stream);
        }
        InputStream converted = exchange.getContext().getTypeConverter().tryConvertTo(InputStream.class, exchange, body);
        if (converted != null) {
            return stream(converted);
        }
        throw new IllegalArgumentException("Cannot send a body of type " + body.getClass().getName()
                + ": sagemaker-async sends byte[], String, ByteBuffer, InputStream, File or Path, or anything Camel "
                + "converts to an InputStream, and no converter was found");
    }

    private static Charset charset(Exchange exchange) {
        Charset charset = ExchangeHelper.getCharset(exchange, false);
        return charset != null ? charset : StandardCharsets.UTF_8;
    }

    private Payload bytes(byte[] bytes) {
        // the *Unsafe factories wrap the array rather than copy it; nothing else holds it once the body is sent
        return decide(bytes.length,
                () -> new Payload.Inline(SdkBytes.fromByteArrayUnsafe(bytes), bytes.length),
                () -> new Payload.ThroughS3(AsyncRequestBody.fromBytesUnsafe(bytes), (long) bytes.length, null));
    }

    private Payload buffer(ByteBuffer buffer) {
        int size = buffer.remaining();
        return decide(size,
                () -> new Payload.Inline(inlineBytes(buffer), size),
                () -> new Payload.ThroughS3(AsyncRequestBody.fromRemainingByteBufferUnsafe(buffer), (long) size, null));
    }

    /** SdkBytes can wrap an array but not a buffer: a buffer that spans its whole array is not copied. */
    private static SdkBytes inlineBytes(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return SdkBytes.fromByteArrayUnsafe(buffer.array());
        }
        return SdkBytes.fromByteBuffer(buffer);
    }

    private Payload file(Path file) throws IOException {
        long size = Files.size(file);
        return decide(size,
                () -> new Payload.Inline(SdkBytes.fromByteArrayUnsafe(readAll(file)), (int) size),
                () -> new Payload.ThroughS3(AsyncRequestBody.fromFile(file), size, null));
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private Payload stream(InputStream stream) throws IOException {
        if (mode == PayloadMode.s3) {
            return upload(stream);
        }
        int limit = mode == PayloadMode.inline ? MAX_INLINE_BYTES : inlineThreshold;
        byte[] head = stream.readNBytes(limit + 1);
        if (head.length <= limit) {
            stream.close();
            return new Payload.Inline(SdkBytes.fromByteArrayUnsafe(head), head.length);
        }
        if (mode == PayloadMode.inline) {
            stream.close();
            throw new IllegalArgumentException("payloadMode=inline but the body stream is longer than "
                    + MAX_INLINE_BYTES + " bytes; the inline limit is " + MAX_INLINE_BYTES + " bytes");
        }
        return upload(new SequenceInputStream(new ByteArrayInputStream(head), stream));
    }

    private Payload upload(InputStream stream) {
        CountingInputStream counted = new CountingInputStream(stream);
        return new Payload.ThroughS3(AsyncRequestBody.fromInputStream(counted, null, streamReaders), null, counted);
    }

    private Payload decide(long size, Supplier<Payload> inline, Supplier<Payload> throughS3) {
        return switch (mode) {
            case inline -> {
                if (size > MAX_INLINE_BYTES) {
                    throw new IllegalArgumentException("payloadMode=inline but the body is " + size
                            + " bytes; the inline limit is " + MAX_INLINE_BYTES + " bytes");
                }
                yield inline.get();
            }
            case s3 -> throughS3.get();
            case auto -> size <= inlineThreshold ? inline.get() : throughS3.get();
        };
    }
}
