package io.github.sagemakerasync.camel;

import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.OUTPUT_LOCATION;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.PAYLOAD_MODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.AsyncEndpointConfig;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.github.sagemakerasync.emulator.junit.SageMakerAsyncEmulatorExtension;
import io.github.sagemakerasync.emulator.model.DigestModel;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streams of unknown length, 80 MiB and 200 MiB, go through S3 in a JVM whose heap cannot hold them: the build runs
 * this class alone, with -Xmx64m, a heap that also holds the emulator (its S3 edge and S3Proxy). The producer streams each as a multipart upload of 5 MiB parts, three at a time
 * (multipartBufferSize=15 MiB); the same heap serves both sizes, so memory does not grow with the payload. The
 * emulator keeps its objects on disk here, so that the heap holds only what the client side and S3Proxy buffer.
 */
@Tag("bounded-memory")
class BoundedMemoryTest extends CamelTestSupport {

    private static final long MIB = 1024 * 1024;
    private static final Path DATA = createDataDirectory();

    @RegisterExtension
    static final SageMakerAsyncEmulatorExtension EMULATOR = new SageMakerAsyncEmulatorExtension(SageMakerAsyncEmulator.builder()
            .dataDirectory(DATA)
            .endpoint(AsyncEndpointConfig.builder("digest").s3OutputPath("s3://results/output").model(new DigestModel()).build())
            .bucket("inputs"));

    private static Path createDataDirectory() {
        try {
            return Files.createTempDirectory("bounded-memory-s3");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.setStreamCaching(false);
        context.addComponent("sagemaker-async", SageMakerAsyncTestSupport.componentFor(EMULATOR.emulator()));
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:big").to("sagemaker-async:digest?inputLocation=s3://inputs/big"
                        + "&multipartPartSize=5242880&multipartBufferSize=15728640");
            }
        };
    }

    @BeforeEach
    void resetCounters() {
        EMULATOR.emulator().counters().reset();
    }

    @ParameterizedTest
    @ValueSource(longs = {80, 200})
    void streamLargerThanTheHeapGoesThroughS3(long mebibytes) throws Exception {
        long size = mebibytes * MIB;
        assertThat(Runtime.getRuntime().maxMemory()).as("max heap of this JVM").isLessThan(size);
        GeneratedStream stream = new GeneratedStream(size, false);

        Exchange sent = template.request("direct:big", exchange -> exchange.getMessage().setBody(stream));

        assertThat(sent.getException()).isNull();
        assertThat(sent.getMessage().getHeader(PAYLOAD_MODE)).isEqualTo("s3");
        assertThat(stream.bytesRead()).isEqualTo(size);
        assertThat(EMULATOR.emulator().counters().get(Api.S3, "UploadPart")).isEqualTo(mebibytes / 5);
        String output = sent.getMessage().getHeader(OUTPUT_LOCATION, String.class);
        String result = await().atMost(Duration.ofSeconds(120))
                .until(() -> EMULATOR.emulator().readObject(output), o -> o.isPresent())
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8)).orElseThrow();
        assertThat(result).isEqualTo(GeneratedStream.digestOfGenerated(size));
    }
}
