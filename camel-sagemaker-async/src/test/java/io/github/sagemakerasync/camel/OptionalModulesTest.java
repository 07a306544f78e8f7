package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Optional AWS SDK modules are asked for by name, with who needs them, when an endpoint starts. The modules are on
 * this module's test classpath (sqs, sagemaker) or not (sso, ssooidc): a class that does not exist stands in for a
 * missing module, one that does for a present one.
 */
class OptionalModulesTest {

    private static final String MISSING = "software.amazon.awssdk.NoSuchClient";
    private static final String PRESENT = String.class.getName();

    @TempDir
    Path home;

    @BeforeEach
    void noKeysInTheEnvironment() {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null,
                "AWS credentials are set in this environment");
        System.setProperty("aws.sharedCredentialsFile", home.resolve("credentials").toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("aws.configFile");
        System.clearProperty("aws.sharedCredentialsFile");
        System.clearProperty("aws.profile");
    }

    @ParameterizedTest
    @CsvSource({ "consumer", "producer (waitForResult)" })
    void notificationsNameTheSqsModuleAndWhoReadsThem(String role) {
        assertThatThrownBy(() -> OptionalModules.requireForNotifications(role, "reviews", MISSING))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The sagemaker-async " + role + " of endpoint reviews has a notificationQueue, read with SQS, "
                        + "which needs the dependency software.amazon.awssdk:sqs (the same version as the other AWS SDK "
                        + "modules). Add it, or leave notificationQueue unset to list S3.");
        assertThatCode(() -> OptionalModules.requireForNotifications(role, "reviews", PRESENT)).doesNotThrowAnyException();
    }

    @Test
    void anSsoSessionProfileOfTheDefaultChainNeedsSsoAndSsoOidc() throws Exception {
        profiles("""
                [profile dev]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = ReviewsDeveloper
                region = eu-west-1

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                """);
        System.setProperty("aws.profile", "dev");

        assertThatThrownBy(() -> OptionalModules.requireForSsoProfile(options(), MISSING, PRESENT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The sagemaker-async endpoint reviews takes its credentials from profile 'dev' of the AWS "
                        + "config file, which signs in with IAM Identity Center (sso_session): the AWS SDK needs the "
                        + "dependencies software.amazon.awssdk:sso and software.amazon.awssdk:ssooidc (the same version as "
                        + "the other AWS SDK modules) for that. Add them, or give the endpoint other credentials.");
        assertThatThrownBy(() -> OptionalModules.requireForSsoProfile(options(), PRESENT, MISSING))
                .hasMessageContaining("software.amazon.awssdk:sso and software.amazon.awssdk:ssooidc");
        assertThatCode(() -> OptionalModules.requireForSsoProfile(options(), PRESENT, PRESENT)).doesNotThrowAnyException();
    }

    @Test
    void aRoleAssumedFromAnSsoProfileIsFollowedToIt() throws Exception {
        profiles("""
                [profile ops]
                role_arn = arn:aws:iam::123456789012:role/ops
                source_profile = legacy

                [profile legacy]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                sso_account_id = 123456789012
                sso_role_name = Base
                """);
        SageMakerAsyncConfiguration options = options();
        options.setUseProfileCredentialsProvider(true);
        options.setProfileCredentialsName("ops");

        assertThatThrownBy(() -> OptionalModules.requireForSsoProfile(options, MISSING, MISSING))
                .hasMessage("The sagemaker-async endpoint reviews takes its credentials from profile 'ops' of the AWS "
                        + "config file, which signs in with IAM Identity Center (sso_start_url, in its source profile "
                        + "'legacy'): the AWS SDK needs the dependencies software.amazon.awssdk:sso (the same version as "
                        + "the other AWS SDK modules) for that. Add them, or give the endpoint other credentials.");
    }

    @Test
    void keysOfTheEndpointOrOfTheEnvironmentNeedNoProfile() throws Exception {
        profiles("""
                [default]
                sso_session = corp

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                """);
        SageMakerAsyncConfiguration withKeys = options();
        withKeys.setAccessKey("AKIDEXAMPLE");
        withKeys.setSecretKey("secret");
        assertThatCode(() -> OptionalModules.requireForSsoProfile(withKeys, MISSING, MISSING)).doesNotThrowAnyException();

        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        try {
            assertThatCode(() -> OptionalModules.requireForSsoProfile(options(), MISSING, MISSING)).doesNotThrowAnyException();
        } finally {
            System.clearProperty("aws.accessKeyId");
        }
        assertThatThrownBy(() -> OptionalModules.requireForSsoProfile(options(), MISSING, MISSING))
                .hasMessageContaining("from profile 'default'");
    }

    @Test
    void anEndpointWithAnSsoProfileAndNoSsoModuleDoesNotStart() throws Exception {
        profiles("""
                [default]
                sso_session = corp

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = us-east-1
                """);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:reviews").to("sagemaker-async:reviews?region=us-east-1");
                }
            });

            assertThatThrownBy(context::start)
                    .hasStackTraceContaining("takes its credentials from profile 'default' of the AWS config file")
                    .hasStackTraceContaining("software.amazon.awssdk:sso and software.amazon.awssdk:ssooidc");
        }
    }

    private void profiles(String config) throws Exception {
        System.setProperty("aws.configFile", Files.writeString(home.resolve("config"), config).toString());
    }

    private static SageMakerAsyncConfiguration options() {
        SageMakerAsyncConfiguration options = new SageMakerAsyncConfiguration();
        options.setEndpointName("reviews");
        return options;
    }
}
