package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.github.sagemakerasync.emulator.Api;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.util.URISupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * Bad input fails with a message naming the header or option and the limit, before any network call: the emulator
 * receives nothing.
 */
class ProducerValidationTest extends SageMakerAsyncTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:auto").to("sagemaker-async:digest?inputLocation=" + INPUTS);
                from("direct:no-input-location").to("sagemaker-async:digest");
                from("direct:inline").to("sagemaker-async:digest?payloadMode=inline&inputLocation=" + INPUTS);
                from("direct:unknown").to("sagemaker-async:no-such-endpoint");
                from("direct:s3-no-location").to("sagemaker-async:digest?payloadMode=s3");
                from("direct:s3").to("sagemaker-async:digest?payloadMode=s3&inputLocation=" + INPUTS);
            }
        };
    }

    static Stream<Arguments> badMessages() throws IOException {
        byte[] small = new byte[10];
        Path emptyFile = Files.createTempFile("empty", ".json");
        emptyFile.toFile().deleteOnExit();
        return Stream.of(
                bad("a deadline that has passed", "direct:auto", "x",
                        Map.of(SageMakerAsyncConstants.DEADLINE, Instant.parse("2020-01-01T00:00:00Z")),
                        "header CamelAwsSageMakerAsyncDeadline is 2020-01-01T00:00:00Z, which has passed: the request is "
                                + "not sent"),
                bad("a deadline that is no date-time", "direct:auto", "x",
                        Map.of(SageMakerAsyncConstants.DEADLINE, "tomorrow at noon"),
                        "header CamelAwsSageMakerAsyncDeadline is 'tomorrow at noon', which is not an ISO-8601 date-time "
                                + "with an offset, such as 2026-12-06T18:30:00Z"),
                bad("a deadline of another type", "direct:auto", "x", Map.of(SageMakerAsyncConstants.DEADLINE, true),
                        "header CamelAwsSageMakerAsyncDeadline is a java.lang.Boolean; it must be an Instant, Date, "
                                + "Calendar, ZonedDateTime, OffsetDateTime, epoch milliseconds or an ISO-8601 date-time"),
                bad("a deadline and a TTL", "direct:auto", "x", Map.of(SageMakerAsyncConstants.DEADLINE,
                        "2099-01-01T00:00:00Z", SageMakerAsyncConstants.REQUEST_TTL_SECONDS, 600),
                        "header CamelAwsSageMakerAsyncDeadline and header CamelAwsSageMakerAsyncRequestTtlSeconds are both "
                                + "set: they say the same thing, set one"),
                bad("empty byte array", "direct:auto", new byte[0], Map.of(), empty("body")),
                bad("empty String", "direct:auto", "", Map.of(), empty("body")),
                bad("empty ByteBuffer", "direct:auto", ByteBuffer.allocate(0), Map.of(), empty("body")),
                bad("empty file", "direct:auto", emptyFile.toFile(), Map.of(), empty("body")),
                bad("empty stream", "direct:auto", new ByteArrayInputStream(new byte[0]), Map.of(), empty("stream")),
                bad("empty stream with payloadMode=s3", "direct:s3", new ByteArrayInputStream(new byte[0]), Map.of(),
                        empty("stream")),
                bad("payloadMode=s3 with no input location, the stream unread", "direct:s3-no-location",
                        new UnreadableStream(), Map.of(),
                        "The payload goes through S3 (a stream, payloadMode=s3, inlineThreshold=128000) but no input "
                                + "location is set: set option inputLocation or header CamelAwsSageMakerAsyncInputLocation "
                                + "to s3://bucket/prefix"),
                bad("a long stream with no input location", "direct:no-input-location",
                        new BufferedInputStream(new ByteArrayInputStream(new byte[200_000])), Map.of(),
                        "The payload goes through S3 (a stream longer than 128000 bytes, payloadMode=auto, "
                                + "inlineThreshold=128000) but no input location is set: set option inputLocation or "
                                + "header CamelAwsSageMakerAsyncInputLocation to s3://bucket/prefix"),
                bad("payloadMode=inline over the limit", "direct:inline", new byte[128_001], Map.of(),
                        "payloadMode=inline but the body is 128001 bytes; the inline limit is 128000 bytes"),
                bad("payloadMode=inline with a long stream", "direct:inline",
                        new BufferedInputStream(new ByteArrayInputStream(new byte[200_000])), Map.of(),
                        "payloadMode=inline but the body stream is longer than 128000 bytes; the inline limit is 128000 bytes"),
                bad("S3 needed but no input location", "direct:no-input-location", new byte[128_001], Map.of(),
                        "The payload goes through S3 (128001 bytes, payloadMode=auto, inlineThreshold=128000) but no input "
                                + "location is set: set option inputLocation or header CamelAwsSageMakerAsyncInputLocation "
                                + "to s3://bucket/prefix"),
                bad("null body", "direct:auto", null, Map.of(),
                        "The message body is null: sagemaker-async needs a payload, or header "
                                + "CamelAwsSageMakerAsyncInputObject naming one already in S3"),
                bad("body and an input object", "direct:auto", small, Map.of(SageMakerAsyncConstants.INPUT_OBJECT, "s3://inputs/x"),
                        "header CamelAwsSageMakerAsyncInputObject names an input already in S3, but the message also has a "
                                + "body ([B); SageMaker takes a Body or an InputLocation, not both: set the body to null to "
                                + "send the location"),
                bad("unsupported body type", "direct:auto", new Object(), Map.of(),
                        "Cannot send a body of type java.lang.Object: sagemaker-async sends byte[], String, ByteBuffer, "
                                + "InputStream, File or Path, or anything Camel converts to an InputStream, and no "
                                + "converter was found"),
                bad("inference id of 65 characters", "direct:auto", small, Map.of(SageMakerAsyncConstants.INFERENCE_ID, "i".repeat(65)),
                        "header CamelAwsSageMakerAsyncInferenceId is 65 characters long: InferenceId must be 1 to 64 "
                                + "printable ASCII characters, the first not a space"),
                bad("inference id with a tab", "direct:auto", small, Map.of(SageMakerAsyncConstants.INFERENCE_ID, "a\tb"),
                        "header CamelAwsSageMakerAsyncInferenceId 'a\\u0009b' is invalid: InferenceId must be 1 to 64 printable "
                                + "ASCII characters, the first not a space"),
                bad("TTL below 60", "direct:auto", small, Map.of(SageMakerAsyncConstants.REQUEST_TTL_SECONDS, 59),
                        "header CamelAwsSageMakerAsyncRequestTtlSeconds is 59: RequestTTLSeconds must be between 60 and 21600"),
                bad("TTL above 21600", "direct:auto", small, Map.of(SageMakerAsyncConstants.REQUEST_TTL_SECONDS, "21601"),
                        "header CamelAwsSageMakerAsyncRequestTtlSeconds is 21601: RequestTTLSeconds must be between 60 and 21600"),
                bad("TTL that is not a number", "direct:auto", small, Map.of(SageMakerAsyncConstants.REQUEST_TTL_SECONDS, "soon"),
                        "header CamelAwsSageMakerAsyncRequestTtlSeconds is 'soon', which is not a whole number of seconds"),
                bad("invocation timeout of 0", "direct:auto", small, Map.of(SageMakerAsyncConstants.INVOCATION_TIMEOUT_SECONDS, 0),
                        "header CamelAwsSageMakerAsyncInvocationTimeoutSeconds is 0: InvocationTimeoutSeconds must be "
                                + "between 1 and 3600"),
                bad("invocation timeout above 3600", "direct:auto", small,
                        Map.of(SageMakerAsyncConstants.INVOCATION_TIMEOUT_SECONDS, 3601),
                        "header CamelAwsSageMakerAsyncInvocationTimeoutSeconds is 3601: InvocationTimeoutSeconds must be "
                                + "between 1 and 3600"),
                bad("filename with two dots", "direct:auto", small, Map.of(SageMakerAsyncConstants.FILENAME, "a.b.c"),
                        "header CamelAwsSageMakerAsyncFilename 'a.b.c' is invalid: Filename must be 1 to 32 letters, "
                                + "digits, '-', '_' and at most one '.', starting with a letter or digit"),
                bad("filename of 33 characters", "direct:auto", small, Map.of(SageMakerAsyncConstants.FILENAME, "f".repeat(33)),
                        "header CamelAwsSageMakerAsyncFilename is 33 characters long: Filename must be 1 to 32 letters, "
                                + "digits, '-', '_' and at most one '.', starting with a letter or digit"),
                bad("extension that is an S3 URI", "direct:auto", small,
                        Map.of(SageMakerAsyncConstants.S3_OUTPUT_PATH_EXTENSION, "s3://b/k"),
                        "header CamelAwsSageMakerAsyncS3OutputPathExtension 's3://b/k' is invalid: S3OutputPathExtension "
                                + "must be 1 to 512 characters of letters, digits and !_.*'()/- and not start with s3: or https:"),
                bad("content type of 1025 characters", "direct:auto", small,
                        Map.of(SageMakerAsyncConstants.CONTENT_TYPE, "c".repeat(1025)),
                        "header CamelAwsSageMakerAsyncContentType is 1025 characters long: ContentType must be at most "
                                + "1024 ASCII characters, no control characters (it travels in an HTTP header)"),
                bad("accept that is not ASCII", "direct:auto", small, Map.of(SageMakerAsyncConstants.ACCEPT, "t\u00ebxt/plain"),
                        "header CamelAwsSageMakerAsyncAccept 't\u00ebxt/plain' is invalid: Accept must be at most 1024 "
                                + "ASCII characters, no control characters (it travels in an HTTP header)"),
                bad("Camel Content-Type that is not ASCII", "direct:auto", small, Map.of(Exchange.CONTENT_TYPE, "t\u00ebxt/plain"),
                        "header Content-Type 't\u00ebxt/plain' is invalid: ContentType must be at most 1024 ASCII characters, "
                                + "no control characters (it travels in an HTTP header)"),
                bad("custom attributes not echoed", "direct:auto", small,
                        Map.of(SageMakerAsyncConstants.CUSTOM_ATTRIBUTES, "secret \u00e9"),
                        "header CamelAwsSageMakerAsyncCustomAttributes is invalid: CustomAttributes must be at most 1024 "
                                + "ASCII characters, no control characters (it travels in an HTTP header)"),
                bad("content type with a line break", "direct:auto", small,
                        Map.of(SageMakerAsyncConstants.CONTENT_TYPE, "text/plain\r\nX-Injected: 1"),
                        "header CamelAwsSageMakerAsyncContentType 'text/plain\\u000d\\u000aX-Injected: 1' is invalid: "
                                + "ContentType must be at most 1024 ASCII characters, no control characters (it travels in "
                                + "an HTTP header)"),
                bad("accept with a NUL", "direct:auto", small, Map.of(SageMakerAsyncConstants.ACCEPT, "a\u0000b"),
                        "header CamelAwsSageMakerAsyncAccept 'a\\u0000b' is invalid: Accept must be at most 1024 ASCII "
                                + "characters, no control characters (it travels in an HTTP header)"),
                bad("custom attributes with a control character, not echoed", "direct:auto", small,
                        Map.of(SageMakerAsyncConstants.CUSTOM_ATTRIBUTES, "token\u0007"),
                        "header CamelAwsSageMakerAsyncCustomAttributes is invalid: CustomAttributes must be at most 1024 "
                                + "ASCII characters, no control characters (it travels in an HTTP header)"),
                bad("inference id with a non-ASCII character", "direct:auto", small,
                        Map.of(SageMakerAsyncConstants.INFERENCE_ID, "id-\u4e2d"),
                        "header CamelAwsSageMakerAsyncInferenceId 'id-\u4e2d' is invalid: InferenceId must be 1 to 64 "
                                + "printable ASCII characters, the first not a space"),
                bad("inference id whose first character is not ASCII", "direct:auto", small,
                        Map.of(SageMakerAsyncConstants.INFERENCE_ID, "\u00e9req"),
                        "header CamelAwsSageMakerAsyncInferenceId '\u00e9req' is invalid: InferenceId must be 1 to 64 "
                                + "printable ASCII characters, the first not a space"),
                bad("inference id whose first character is CJK", "direct:auto", small,
                        Map.of(SageMakerAsyncConstants.INFERENCE_ID, "\u4e2dreq"),
                        "header CamelAwsSageMakerAsyncInferenceId '\u4e2dreq' is invalid: InferenceId must be 1 to 64 "
                                + "printable ASCII characters, the first not a space"),
                bad("inference id starting with NUL", "direct:auto", small,
                        Map.of(SageMakerAsyncConstants.INFERENCE_ID, "\u0000req"),
                        "header CamelAwsSageMakerAsyncInferenceId '\\u0000req' is invalid: InferenceId must be 1 to 64 "
                                + "printable ASCII characters, the first not a space"),
                bad("inference id starting with DEL", "direct:auto", small,
                        Map.of(SageMakerAsyncConstants.INFERENCE_ID, "\u007freq"),
                        "header CamelAwsSageMakerAsyncInferenceId '\\u007freq' is invalid: InferenceId must be 1 to 64 "
                                + "printable ASCII characters, the first not a space"),
                bad("input location that is not S3", "direct:auto", small,
                        Map.of(SageMakerAsyncConstants.INPUT_LOCATION, "/tmp/inputs"),
                        "header CamelAwsSageMakerAsyncInputLocation must be an S3 URI, s3://bucket/prefix, but is '/tmp/inputs'"),
                bad("input object that is not a URI", "direct:auto", null,
                        Map.of(SageMakerAsyncConstants.INPUT_OBJECT, "inputs/x.json"),
                        "header CamelAwsSageMakerAsyncInputObject 'inputs/x.json' is invalid: InputLocation must be an "
                                + "s3:// or https:// URI of at most 1024 characters"));
    }

    private static String empty(String what) {
        return "The message " + what + " is empty (0 bytes): SageMaker refuses an empty payload; send at least one byte, "
                + "or header CamelAwsSageMakerAsyncInputObject naming an input already in S3";
    }

    /** A stream that fails the test if anything reads it. */
    private static final class UnreadableStream extends InputStream {
        @Override
        public int read() {
            throw new AssertionError("the stream was read");
        }
    }

    private static Arguments bad(String what, String uri, Object body, Map<String, Object> headers, String message) {
        return Arguments.of(what, uri, body, headers, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMessages")
    void badMessageFailsBeforeAnyNetworkCall(String what, String uri, Object body, Map<String, Object> headers,
                                             String message) {
        Exchange sent = template.request(uri, exchange -> {
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeaders(new HashMap<>(headers));
        });

        assertThat(sent.getException()).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThat(emulator().counters().snapshot()).isEmpty();
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of("sagemaker-async:my_endpoint",
                        "endpoint name 'my_endpoint' is invalid: EndpointName must be 1 to 63 letters, digits and hyphens, "
                                + "starting and ending with a letter or digit"),
                Arguments.of("sagemaker-async:" + "e".repeat(64),
                        "endpoint name is 64 characters long: EndpointName must be 1 to 63 letters, digits and hyphens, "
                                + "starting and ending with a letter or digit"),
                Arguments.of("sagemaker-async:digest?inlineThreshold=0",
                        "option inlineThreshold is 0: it must be between 1 and 128000 bytes, the most SageMaker accepts inline"),
                Arguments.of("sagemaker-async:digest?inlineThreshold=128001",
                        "option inlineThreshold is 128001: it must be between 1 and 128000 bytes, the most SageMaker accepts inline"),
                Arguments.of("sagemaker-async:digest?multipartPartSize=1048576",
                        "option multipartPartSize is 1048576: S3 needs parts of at least 5242880 bytes (5 MiB)"),
                Arguments.of("sagemaker-async:digest?multipartBufferSize=16777216",
                        "option multipartBufferSize is 16777216: it must be at least three parts, 3 x multipartPartSize "
                                + "= 25165824 bytes"),
                Arguments.of("sagemaker-async:digest?inputLocation=inputs/payloads",
                        "option inputLocation must be an S3 URI, s3://bucket/prefix, but is 'inputs/payloads'"),
                Arguments.of("sagemaker-async:digest?serverSideEncryption=DES",
                        "option serverSideEncryption is 'DES': it must be AES256, aws:kms or aws:kms:dsse"),
                Arguments.of("sagemaker-async:digest?serverSideEncryption=AES256&sseKmsKeyId=key-1",
                        "option sseKmsKeyId is set, so serverSideEncryption must be aws:kms or aws:kms:dsse, but is AES256"),
                Arguments.of("sagemaker-async:digest?afterRead=move",
                        "option afterRead is move, so option moveTo must name where: s3://bucket/prefix"),
                Arguments.of("sagemaker-async:digest?resultPollMultiplier=0.5",
                        "option resultPollMultiplier is 0.5: it must be at least 1"),
                Arguments.of("sagemaker-async:digest?requestTtlSeconds=30",
                        "option requestTtlSeconds is 30: RequestTTLSeconds must be between 60 and 21600"),
                Arguments.of("sagemaker-async:digest?expectedBucketOwner=my-account",
                        "option expectedBucketOwner is 'my-account': it must be an AWS account id, 12 digits"),
                Arguments.of("sagemaker-async:digest?resultExpectedBucketOwner=12345678901",
                        "option resultExpectedBucketOwner is '12345678901': it must be an AWS account id, 12 digits"),
                Arguments.of("sagemaker-async:digest?apiCallTimeout=-1",
                        "options apiCallTimeout and apiCallAttemptTimeout must be 0 (none) or positive, but are -1 and 0 ms"),
                Arguments.of("sagemaker-async:digest?maxPendingInvocations=-1",
                        "option maxPendingInvocations is -1: it must be 0 (no bound) or more"),
                Arguments.of("sagemaker-async:digest?maxPendingInvocations=5&pendingParkTimeout=0",
                        "option pendingParkTimeout is 0 ms: it must be positive"),
                Arguments.of("sagemaker-async:digest?filename=a.b.c",
                        "option filename 'a.b.c' is invalid: Filename must be 1 to 32 letters, digits, '-', '_' and at "
                                + "most one '.', starting with a letter or digit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOptions")
    void badOptionFailsWhenTheEndpointStarts(String uri, String message) {
        assertThatThrownBy(() -> context.getEndpoint(uri).start())
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause().hasMessage(message);
        assertThat(emulator().counters().snapshot()).isEmpty();
    }

    @Test
    void consumerWithAResultLocationThatIsNotS3IsRefused() {
        // refused as the endpoint is created, when it checks its folders apart, before any consumer exists
        assertThatThrownBy(() -> context.getEndpoint("sagemaker-async:digest?outputLocation=results/out"))
                .rootCause().hasMessage("option outputLocation must be an S3 URI, s3://bucket/prefix, but is 'results/out'");
    }

    static Stream<Arguments> badConsumerOptions() {
        return Stream.of(
                Arguments.of("maxDeliveries=-1", "option maxDeliveries is -1: it must be 0 (no limit) or more"),
                Arguments.of("maxMessagesPerPoll=-1", "option maxMessagesPerPoll is -1: it must be 0 (no limit) or more"),
                Arguments.of("maxConcurrentReads=0", "option maxConcurrentReads is 0: it must be between 1 and 1000"),
                Arguments.of("maxConcurrentReads=1001", "option maxConcurrentReads is 1001: it must be between 1 and 1000"),
                Arguments.of("notificationVisibilityTimeout=0",
                        "option notificationVisibilityTimeout is 0: SQS takes 1 to 43200 seconds"),
                Arguments.of("notificationVisibilityTimeout=43201",
                        "option notificationVisibilityTimeout is 43201: SQS takes 1 to 43200 seconds"),
                Arguments.of("notificationWaitTimeSeconds=21", "option notificationWaitTimeSeconds is 21: SQS waits 0 to 20 seconds"),
                Arguments.of("notificationWaitTimeSeconds=-1", "option notificationWaitTimeSeconds is -1: SQS waits 0 to 20 seconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConsumerOptions")
    void aBadConsumerOptionIsRefusedWhenTheConsumerIsCreated(String option, String message) {
        SageMakerAsyncEndpoint endpoint = context.getEndpoint("sagemaker-async:digest?outputLocation=s3://results/digest/output&"
                + option, SageMakerAsyncEndpoint.class);

        assertThatThrownBy(() -> endpoint.createConsumer(exchange -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThat(emulator().counters().snapshot()).isEmpty();
    }

    @ParameterizedTest(name = "region {0}")
    @ValueSource(strings = {"EU-WEST-1", "eu-west-1a", "eu_west_1", "west", "https://eu-west-1"})
    void aMalformedRegionIsRefusedAtStart(String region) {
        SageMakerAsyncConfiguration options = context.getEndpoint("sagemaker-async:digest", SageMakerAsyncEndpoint.class)
                .getConfiguration().copy();
        options.setRegion(region);

        assertThatThrownBy(() -> OptionChecks.forEndpoint(options)).hasMessage("option region is '" + region
                + "': it must be an AWS region name such as eu-west-1 (lower case, no availability zone letter)");
    }

    @Test
    void regionsOfEveryPartitionAreAccepted() {
        SageMakerAsyncConfiguration options = context.getEndpoint("sagemaker-async:digest", SageMakerAsyncEndpoint.class)
                .getConfiguration().copy();
        for (String region : new String[] {"us-east-1", "eu-central-2", "us-gov-west-1", "cn-north-1", "ap-southeast-5"}) {
            options.setRegion(region);
            OptionChecks.forEndpoint(options);
        }
    }

    @Test
    void customAttributesAreMaskedWhereverTheEndpointUriIsShown() {
        SageMakerAsyncEndpoint endpoint = context.getEndpoint("sagemaker-async:digest?customAttributes=token-4711",
                SageMakerAsyncEndpoint.class);

        assertThat(endpoint.toString()).doesNotContain("token-4711").contains("customAttributes=xxxxxx");
        assertThat(URISupport.sanitizeUri(endpoint.getEndpointUri())).doesNotContain("token-4711");
    }

    @Test
    void endpointOverrideWithoutOverrideEndpointIsRefused() {
        SageMakerAsyncEndpoint endpoint = context.getEndpoint("sagemaker-async:digest", SageMakerAsyncEndpoint.class);
        SageMakerAsyncConfiguration options = endpoint.getConfiguration().copy();
        options.setOverrideEndpoint(false);

        assertThatThrownBy(() -> OptionChecks.forEndpoint(options)).hasMessage(
                "option uriEndpointOverride, s3UriEndpointOverride, sqsUriEndpointOverride or sageMakerApiUriEndpointOverride is "
                        + "set but overrideEndpoint is false: set overrideEndpoint=true to use them");
    }

    @Test
    void awsErrorsKeepTheirErrorCodeAndRequestId() {
        Exchange sent = template.request("direct:unknown", exchange -> exchange.getMessage().setBody("x"));

        assertThat(sent.getException()).isInstanceOfSatisfying(ValidationErrorException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Endpoint no-such-endpoint of account 000000000000 not found.");
            assertThat(e.requestId()).isNotBlank();
            assertThat(e.statusCode()).isEqualTo(400);
        });
        assertThat(emulator().counters().get(Api.SAGEMAKER, "InvokeEndpointAsync")).isEqualTo(1);
    }

    @Test
    void aDeadlineSageMakersTtlCannotExpressIsRefused() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant near = now.plusSeconds(45);
        Instant far = now.plus(Duration.ofHours(7));

        assertThat(send(near).getException()).isInstanceOf(IllegalArgumentException.class).hasMessage(
                "header CamelAwsSageMakerAsyncDeadline is " + near + ", less than 60 seconds away, the least "
                        + "RequestTTLSeconds SageMaker takes: the request is not sent, it could run after its deadline");
        assertThat(send(far).getException()).isInstanceOf(IllegalArgumentException.class).hasMessage(
                "header CamelAwsSageMakerAsyncDeadline is " + far + ", more than 21600 seconds (6 hours) away, the most "
                        + "RequestTTLSeconds SageMaker takes: set a nearer deadline, or RequestTTLSeconds instead");
        assertThat(emulator().counters().snapshot()).isEmpty();
    }

    private Exchange send(Instant deadline) {
        return template.request("direct:auto", exchange -> {
            exchange.getMessage().setBody("x");
            exchange.getMessage().setHeader(SageMakerAsyncConstants.DEADLINE, deadline);
        });
    }

    @Test
    void validationNeedsNoRunningEndpoint() {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(SageMakerAsyncConstants.REQUEST_TTL_SECONDS, 10);

        assertThatThrownBy(() -> InvocationParameters.resolve(new SageMakerAsyncConfiguration(), null, exchange,
                Instant.now()))
                .hasMessage("header CamelAwsSageMakerAsyncRequestTtlSeconds is 10: RequestTTLSeconds must be between 60 and 21600");
    }
}
