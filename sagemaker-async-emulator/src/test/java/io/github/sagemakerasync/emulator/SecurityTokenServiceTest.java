package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointAsyncResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The emulator's STS, called with the AWS SDK's StsClient and credentials providers: the temporary credentials it
 * issues work with the SageMaker and S3 APIs, forged or expired ones do not.
 */
class SecurityTokenServiceTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/eks/reviews-app";

    /** The emulator's clock: a test moves it past the credentials' expiry. */
    private final MovableClock clock = new MovableClock();
    private SageMakerAsyncEmulator emulator;

    @BeforeEach
    void start() throws Exception {
        emulator = SageMakerAsyncEmulator.builder().clock(clock).start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void aPodsWebIdentityTokenBecomesCredentialsThatInvokeAndReadTheResult(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), jwt("system:serviceaccount:reviews:app", Instant.now().plusSeconds(3600)));
        try (StsClient sts = sts(AnonymousCredentialsProvider.create());
             StsWebIdentityTokenFileCredentialsProvider pod = StsWebIdentityTokenFileCredentialsProvider.builder()
                     .stsClient(sts).roleArn(ROLE).roleSessionName("reviews-pod").webIdentityTokenFile(tokenFile).build();
             SageMakerRuntimeClient sageMaker = sageMaker(pod);
             S3Client s3 = s3(pod)) {

            InvokeEndpointAsyncResponse accepted = sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment")
                    .contentType("application/json").body(SdkBytes.fromUtf8String("{\"text\":\"great and fast\"}")));

            assertThat(TestClients.awaitObject(s3, accepted.outputLocation(), Duration.ofSeconds(10))).contains("POSITIVE");
            assertThat(pod.resolveCredentials().accessKeyId()).startsWith("ASIA");
        }
        assertThat(emulator.counters().get(Api.STS, "AssumeRoleWithWebIdentity")).isEqualTo(1);
    }

    @Test
    void assumeRoleIsSignedWithTheEmulatorsKeyAndAnswersTheRoleSession() {
        try (StsClient sts = sts(TestClients.credentials(emulator))) {
            AssumeRoleResponse assumed = sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("batch").durationSeconds(900));

            assertThat(assumed.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/reviews-app/batch");
            assertThat(assumed.credentials().expiration()).isBetween(Instant.now().plusSeconds(890), Instant.now().plusSeconds(910));
            try (SageMakerRuntimeClient sageMaker = sageMaker(session(assumed.credentials()))) {
                assertThat(sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment").contentType("text/plain")
                        .body(SdkBytes.fromUtf8String("fine"))).inferenceId()).isNotBlank();
            }
        }
        try (StsClient stranger = sts(StaticCredentialsProvider.create(AwsBasicCredentials.create("someone", "else")))) {
            assertThatThrownBy(() -> stranger.assumeRole(r -> r.roleArn(ROLE).roleSessionName("batch")))
                    .isInstanceOfSatisfying(StsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
        }
    }

    @Test
    void aForgedSessionTokenIsRefusedByEveryApi() {
        Credentials issued = assumeRole();
        AwsSessionCredentials forged = AwsSessionCredentials.create(issued.accessKeyId(), issued.secretAccessKey(),
                issued.sessionToken().replace('A', 'B') + "x");
        try (SageMakerRuntimeClient sageMaker = sageMaker(StaticCredentialsProvider.create(forged));
             S3Client s3 = s3(StaticCredentialsProvider.create(forged))) {
            assertThatThrownBy(() -> sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment").contentType("text/plain")
                    .body(SdkBytes.fromUtf8String("fine"))))
                    .isInstanceOfSatisfying(SageMakerRuntimeException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                    });
            assertThatThrownBy(() -> s3.listObjectsV2(r -> r.bucket(SageMakerAsyncEmulator.DEFAULT_BUCKET)))
                    .isInstanceOfSatisfying(S3Exception.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidToken"));
        }
    }

    @Test
    void expiredCredentialsAreRefusedByEveryApi() {
        Credentials issued = assumeRole();
        clock.move(Duration.ofMinutes(16));
        StaticCredentialsProvider expired = session(issued);
        try (SageMakerRuntimeClient sageMaker = sageMaker(expired); S3Client s3 = s3(expired)) {
            assertThatThrownBy(() -> sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment").contentType("text/plain")
                    .body(SdkBytes.fromUtf8String("fine"))))
                    .isInstanceOfSatisfying(SageMakerRuntimeException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException"));
            assertThatThrownBy(() -> s3.listObjectsV2(r -> r.bucket(SageMakerAsyncEmulator.DEFAULT_BUCKET)))
                    .isInstanceOfSatisfying(S3Exception.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken"));
        }
    }

    @Test
    void credentialsOutliveTheEmulatorThatIssuedThem() throws Exception {
        Credentials issued = assumeRole();
        emulator.close();
        emulator = SageMakerAsyncEmulator.builder().clock(clock).start();

        try (S3Client s3 = s3(session(issued))) {
            assertThat(s3.listObjectsV2(r -> r.bucket(SageMakerAsyncEmulator.DEFAULT_BUCKET)).contents()).isEmpty();
        }
    }

    @Test
    void badMembersAreOneValidationError() {
        try (StsClient sts = sts(TestClients.credentials(emulator))) {
            assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::12345:user/x").roleSessionName("a b")
                    .durationSeconds(60)))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("3 validation errors detected: "
                                + "Value 'arn:aws:iam::12345:user/x' at 'roleArn' failed to satisfy constraint: Member must be "
                                + "an IAM role ARN (arn:aws:iam::123456789012:role/name), 20 to 2048 characters; "
                                + "Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must have length "
                                + "between 2 and 64 and satisfy regular expression pattern: [\\w+=,.@-]*; "
                                + "Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value "
                                + "between 900 and 43200");
                    });
        }
    }

    @Test
    void aWebIdentityTokenMustBeAnUnexpiredJwt() {
        try (StsClient sts = sts(AnonymousCredentialsProvider.create())) {
            assertThatThrownBy(() -> sts.assumeRoleWithWebIdentity(r -> r.roleArn(ROLE).roleSessionName("pod")
                    .webIdentityToken("not-a-jwt")))
                    .isInstanceOfSatisfying(StsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidIdentityToken"));
            assertThatThrownBy(() -> sts.assumeRoleWithWebIdentity(r -> r.roleArn(ROLE).roleSessionName("pod")
                    .webIdentityToken(jwt("pod", Instant.now().minusSeconds(60)))))
                    .isInstanceOfSatisfying(StsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException"));
            assertThat(sts.assumeRoleWithWebIdentity(r -> r.roleArn(ROLE).roleSessionName("pod")
                    .webIdentityToken(jwt("system:serviceaccount:ns:sa", Instant.now().plusSeconds(60))))
                    .subjectFromWebIdentityToken()).isEqualTo("system:serviceaccount:ns:sa");
        }
    }

    private Credentials assumeRole() {
        try (StsClient sts = sts(TestClients.credentials(emulator))) {
            return sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("test").durationSeconds(900)).credentials();
        }
    }

    private static StaticCredentialsProvider session(Credentials credentials) {
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(),
                credentials.secretAccessKey(), credentials.sessionToken()));
    }

    /** An unsigned JWT of the shape EKS projects into pods; the emulator reads its claims and checks {@code exp}. */
    private static String jwt(String subject, Instant expires) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"test\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"iss\":\"https://oidc.eks.us-east-1.amazonaws.com/id/TEST\",\"sub\":\""
                + subject + "\",\"aud\":[\"sts.amazonaws.com\"],\"exp\":" + expires.getEpochSecond() + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + base64.encodeToString("signature".getBytes(StandardCharsets.UTF_8));
    }

    private StsClient sts(AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(emulator.stsEndpoint()).region(Region.of(emulator.region()))
                .credentialsProvider(credentials).build();
    }

    private SageMakerRuntimeClient sageMaker(AwsCredentialsProvider credentials) {
        return SageMakerRuntimeClient.builder().endpointOverride(emulator.sageMakerEndpoint())
                .region(Region.of(emulator.region())).credentialsProvider(credentials).build();
    }

    private S3Client s3(AwsCredentialsProvider credentials) {
        return S3Client.builder().endpointOverride(emulator.s3Endpoint()).forcePathStyle(true)
                .region(Region.of(emulator.region())).credentialsProvider(credentials).build();
    }

    /** The system clock, moved forward by a test. */
    private static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void move(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
