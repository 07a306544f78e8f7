package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.github.sagemakerasync.emulator.junit.SageMakerAsyncEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application in a pod with EKS credentials (IRSA): its own JVM, its runtime classpath alone (the component, no
 * AWS module added by hand), and an environment of nothing but what EKS sets (AWS_ROLE_ARN,
 * AWS_WEB_IDENTITY_TOKEN_FILE, AWS_REGION), no keys, no profile. STS is the emulator's (AWS_ENDPOINT_URL_STS), as
 * SageMaker and S3 are (the component's endpoint overrides).
 */
class PodCredentialsTest {

    @RegisterExtension
    static final SageMakerAsyncEmulatorExtension EMULATOR = new SageMakerAsyncEmulatorExtension();

    @TempDir
    Path pod;

    @Test
    void aPodWithOnlyItsWebIdentityGetsItsAnswer() throws Exception {
        SageMakerAsyncEmulator emulator = EMULATOR.emulator();
        Path token = Files.writeString(pod.resolve("token"), serviceAccountToken());
        String classpath = Path.of("target/classes").toAbsolutePath() + File.pathSeparator
                + Files.readString(Path.of("target/runtime-classpath.txt")).strip();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                "-Dcamel.component.sagemaker-async.override-endpoint=true",
                "-Dcamel.component.sagemaker-async.uri-endpoint-override=" + emulator.sageMakerEndpoint(),
                "-Dcamel.component.sagemaker-async.s3-uri-endpoint-override=" + emulator.s3Endpoint(),
                "-Dcamel.component.sagemaker-async.force-path-style=true",
                "com.example.ReviewsApp", "great", "and", "fast"));
        ProcessBuilder app = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = app.environment();
        environment.clear();
        environment.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/reviews-app");
        environment.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
        environment.put("AWS_REGION", emulator.region());
        environment.put("AWS_ENDPOINT_URL_STS", emulator.stsEndpoint().toString());
        environment.put("HOME", pod.toString());
        Path log = pod.resolve("app.log");
        Process process = app.redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println("The pod's output:\n" + output);

        assertTrue(finished, "the application finished within 2 minutes");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Answer: {\"label\":\"POSITIVE\""), output);
        assertTrue(emulator.counters().get(Api.STS, "AssumeRoleWithWebIdentity") >= 1,
                "the credentials came from STS: " + emulator.counters().snapshot());
    }

    /** A projected service account token's shape: a JWT of the cluster's OIDC issuer, for audience sts.amazonaws.com. */
    private static String serviceAccountToken() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"RS256\",\"kid\":\"cluster\"}";
        String claims = "{\"iss\":\"https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE\","
                + "\"sub\":\"system:serviceaccount:reviews:reviews-app\",\"aud\":[\"sts.amazonaws.com\"],"
                + "\"exp\":" + Instant.now().plusSeconds(3600).getEpochSecond() + "}";
        return base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString("not-verified-by-the-emulator".getBytes(StandardCharsets.UTF_8));
    }
}
