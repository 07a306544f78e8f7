package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.github.sagemakerasync.emulator.junit.SageMakerAsyncEmulatorExtension;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profile that assumes a role ({@code role_arn} with {@code source_profile}), as many developers' and CI machines
 * have: with the component as the one dependency (it brings {@code sts}), the SDK's profile provider calls STS
 * AssumeRole (the emulator's, by {@code aws.endpointUrlSts}) and the endpoint works with the role's credentials.
 */
class RoleProfileCredentialsTest {

    @RegisterExtension
    static final SageMakerAsyncEmulatorExtension EMULATOR = new SageMakerAsyncEmulatorExtension();

    @TempDir
    Path home;

    @AfterEach
    void clear() {
        System.clearProperty("aws.configFile");
        System.clearProperty("aws.sharedCredentialsFile");
        System.clearProperty("aws.endpointUrlSts");
    }

    @Test
    void anEndpointWithARoleProfileInvokesWithTheRolesCredentials() throws Exception {
        SageMakerAsyncEmulator emulator = EMULATOR.emulator();
        System.setProperty("aws.configFile", Files.writeString(home.resolve("config"), """
                [profile reviews-role]
                role_arn = arn:aws:iam::123456789012:role/reviews
                source_profile = base
                region = %s
                """.formatted(emulator.region())).toString());
        System.setProperty("aws.sharedCredentialsFile", Files.writeString(home.resolve("credentials"), """
                [base]
                aws_access_key_id = %s
                aws_secret_access_key = %s
                """.formatted(emulator.accessKeyId(), emulator.secretAccessKey())).toString());
        System.setProperty("aws.endpointUrlSts", emulator.stsEndpoint().toString());

        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.start();
            String answer = context.createProducerTemplate().requestBody("sagemaker-async:sentiment?waitForResult=true"
                    + "&contentType=text/plain&useProfileCredentialsProvider=true&profileCredentialsName=reviews-role"
                    + "&region=" + emulator.region() + "&overrideEndpoint=true&uriEndpointOverride="
                    + emulator.sageMakerEndpoint() + "&s3UriEndpointOverride=" + emulator.s3Endpoint()
                    + "&forcePathStyle=true", "great and fast", String.class);

            assertThat(answer).contains("\"label\":\"POSITIVE\"");
        }
        assertThat(emulator.counters().get(Api.STS, "AssumeRole")).isPositive();
    }
}
