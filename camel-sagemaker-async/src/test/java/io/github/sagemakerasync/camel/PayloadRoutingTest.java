package io.github.sagemakerasync.camel;

import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.OUTPUT_LOCATION;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.PAYLOAD_MODE;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.UPLOADED_INPUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import io.github.sagemakerasync.emulator.Api;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Auto mode sends a payload inline when it is at most inlineThreshold bytes after conversion, through S3 otherwise. */
class PayloadRoutingTest extends SageMakerAsyncTestSupport {

    @TempDir
    static Path files;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:auto").to("sagemaker-async:digest?inputLocation=" + INPUTS);
                from("direct:threshold").to("sagemaker-async:digest?inputLocation=" + INPUTS + "&inlineThreshold=1000");
                from("direct:cached").streamCache("true").to("sagemaker-async:digest?inputLocation=" + INPUTS);
                from("direct:s3").to("sagemaker-async:digest?payloadMode=s3&inputLocation=" + INPUTS);
                from("file:" + files.resolve("incoming") + "?initialDelay=0&delay=50")
                        .to("sagemaker-async:digest?inputLocation=" + INPUTS).to("mock:files");
            }
        };
    }

    @ParameterizedTest
    @CsvSource({"1, inline", "127999, inline", "128000, inline", "128001, s3"})
    void byteArraysAreRoutedBySize(int size, String mode) throws Exception {
        byte[] payload = payload(size);

        Exchange sent = send("direct:auto", payload);

        assertSentAs(sent, mode, payload);
    }

    @ParameterizedTest
    @CsvSource({"64000, inline", "64001, s3"})
    void stringsAreMeasuredInUtf8BytesNotCharacters(int characters, String mode) throws Exception {
        String text = "\u00e9".repeat(characters);

        Exchange sent = send("direct:auto", text);

        assertSentAs(sent, mode, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void stringsAreEncodedWithTheExchangeCharset() throws Exception {
        String text = "\u00e9".repeat(64_001);

        Exchange sent = template.request("direct:auto", exchange -> {
            exchange.setProperty(Exchange.CHARSET_NAME, "ISO-8859-1");
            exchange.getMessage().setBody(text);
        });

        assertSentAs(sent, "inline", text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @CsvSource({"10, inline", "128000, inline", "128001, s3", "3000000, s3"})
    void streamsOfUnknownLengthAreReadJustEnoughToDecide(int size, String mode) throws Exception {
        byte[] payload = payload(size);

        Exchange sent = send("direct:auto", new BufferedInputStream(new ByteArrayInputStream(payload)));

        assertSentAs(sent, mode, payload);
    }

    @ParameterizedTest
    @CsvSource({"128000, inline", "128001, s3"})
    void filesAndPathsAreMeasuredOnDisk(int size, String mode) throws Exception {
        byte[] payload = payload(size);
        Path file = Files.write(files.resolve("payload-" + size), payload);

        assertSentAs(send("direct:auto", file.toFile()), mode, payload);
        assertSentAs(send("direct:auto", file), mode, payload);
    }

    @ParameterizedTest
    @CsvSource({"128000, inline", "128001, s3"})
    void cachedStreamsAreRoutedLikeStreams(int size, String mode) throws Exception {
        byte[] payload = payload(size);

        assertSentAs(send("direct:cached", new BufferedInputStream(new ByteArrayInputStream(payload))), mode, payload);
    }

    @Test
    void filesFromTheFileComponentAreSentFromDisk() throws Exception {
        byte[] payload = payload(200_000);
        MockEndpoint done = getMockEndpoint("mock:files");
        done.expectedMessageCount(1);

        Files.createDirectories(files.resolve("incoming"));
        Files.write(files.resolve("incoming").resolve("review.bin"), payload);

        assertSatisfiedWithin(done);
        assertSentAs(done.getReceivedExchanges().get(0), "s3", payload);
    }

    @Test
    void byteBuffersAreSentFromWhereTheyStand() throws Exception {
        byte[] payload = payload(1000);
        ByteBuffer slice = ByteBuffer.wrap(payload, 100, 500).slice();

        assertSentAs(send("direct:auto", ByteBuffer.wrap(payload)), "inline", payload);
        assertSentAs(send("direct:auto", slice), "inline", Arrays.copyOfRange(payload, 100, 600));
    }

    @Test
    void bodiesCamelConvertsToAStreamAreSent() throws Exception {
        StringBuilder text = new StringBuilder("converted by Camel");

        assertSentAs(send("direct:auto", text), "inline", "converted by Camel".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource({"1000, inline", "1001, s3"})
    void inlineThresholdLowersTheInlineLimit(int size, String mode) throws Exception {
        byte[] payload = payload(size);

        assertSentAs(send("direct:threshold", new BufferedInputStream(new ByteArrayInputStream(payload))), mode, payload);
    }

    @Test
    void payloadModeS3UploadsEvenTenBytes() throws Exception {
        byte[] payload = payload(10);

        Exchange sent = send("direct:s3", payload);

        assertSentAs(sent, "s3", payload);
        assertThat(sent.getMessage().getHeader(UPLOADED_INPUT, String.class)).matches("s3://inputs/payloads/[0-9a-f-]{36}");
    }

    private Exchange send(String uri, Object body) {
        return template.request(uri, exchange -> exchange.getMessage().setBody(body));
    }

    private void assertSentAs(Exchange sent, String mode, byte[] payload) throws Exception {
        assertThat(sent.getException()).isNull();
        assertThat(sent.getMessage().getHeader(PAYLOAD_MODE)).isEqualTo(mode);
        String uploaded = sent.getMessage().getHeader(UPLOADED_INPUT, String.class);
        if (mode.equals("s3")) {
            assertThat(uploaded).startsWith(INPUTS + "/");
            assertThat(emulator().readObject(uploaded)).hasValue(payload);
        } else {
            assertThat(uploaded).isNull();
        }
        assertThat(awaitResult(sent.getMessage().getHeader(OUTPUT_LOCATION, String.class))).isEqualTo(digestOf(payload));
    }

    @Test
    void inlinePayloadsMakeNoS3Request() {
        send("direct:auto", payload(128_000));

        assertThat(emulator().counters().get(Api.SAGEMAKER, "InvokeEndpointAsync")).isEqualTo(1);
        assertThat(emulator().counters().total(Api.S3)).isZero();
    }

    @Test
    void payloadsThroughS3MakeOneUploadAndOneInvocation() {
        send("direct:auto", payload(128_001));

        assertThat(emulator().counters().snapshot()).containsEntry("SAGEMAKER:InvokeEndpointAsync", 1L)
                .containsEntry("S3:PutObject", 1L).hasSize(2);
    }

}
