package io.github.sagemakerasync.camel;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;

/**
 * The AWS SDK modules the component needs only for some options or credentials, left out of its dependencies so that
 * not every user carries them. Each is checked by a class name before any class that uses it is loaded, when the
 * endpoint starts: a missing one is a clear error that names the dependency to add and who needs it, not a
 * NoClassDefFoundError (or, for credentials, the SDK's "Unable to load credentials" at the first message).
 */
final class OptionalModules {

    static final String SAGEMAKER_CLIENT = "software.amazon.awssdk.services.sagemaker.SageMakerAsyncClient";
    static final String SQS_CLIENT = "software.amazon.awssdk.services.sqs.SqsAsyncClient";
    static final String SSO_CLIENT = "software.amazon.awssdk.services.sso.SsoClient";
    static final String SSO_OIDC_CLIENT = "software.amazon.awssdk.services.ssooidc.SsoOidcClient";
    private static final String SAME_VERSION = " (the same version as the other AWS SDK modules)";

    private OptionalModules() {
    }

    /** A consumer with neither outputLocation nor failureLocation finds them with DescribeEndpoint. */
    static void requireForDiscovery(String endpointName, String clientClass) {
        require(clientClass, "The sagemaker-async consumer of endpoint " + endpointName + " has neither outputLocation "
                + "nor failureLocation, so it would find them with DescribeEndpoint, which needs the dependency "
                + "software.amazon.awssdk:sagemaker" + SAME_VERSION + ". Add it, or set outputLocation and failureLocation.");
    }

    /**
     * A notificationQueue is read with SQS.
     *
     * @param role who reads it: "consumer", or "producer (waitForResult)"
     */
    static void requireForNotifications(String role, String endpointName, String clientClass) {
        require(clientClass, "The sagemaker-async " + role + " of endpoint " + endpointName + " has a notificationQueue, "
                + "read with SQS, which needs the dependency software.amazon.awssdk:sqs" + SAME_VERSION + ". Add it, or "
                + "leave notificationQueue unset to list S3.");
    }

    /**
     * Credentials of an IAM Identity Center (SSO) profile need the sso module, and ssooidc to refresh the session's
     * token ({@code sso_session}); the SDK finds that out only when it first asks for credentials. Checked when the
     * credentials come from a profile: the profile provider, or the default chain with no keys in system properties or
     * the environment and no web identity. A profile that assumes a role from another ({@code source_profile}) is
     * followed to it.
     */
    static void requireForSsoProfile(SageMakerAsyncConfiguration options, String ssoClass, String ssoOidcClass) {
        Optional<String> profileName = credentialsProfile(options);
        if (profileName.isEmpty()) {
            return;
        }
        ProfileFile profiles;
        try {
            profiles = ProfileFile.defaultProfileFile();
        } catch (RuntimeException unreadable) {
            // the SDK reports a file it cannot read when it asks for credentials
            return;
        }
        Set<String> seen = new HashSet<>();
        Optional<Profile> profile = profiles.profile(profileName.get());
        while (profile.isPresent() && seen.add(profile.get().name())) {
            Profile current = profile.get();
            boolean session = current.property("sso_session").isPresent();
            if (session || current.property("sso_start_url").isPresent()) {
                String needs = session ? "software.amazon.awssdk:sso and software.amazon.awssdk:ssooidc"
                        : "software.amazon.awssdk:sso";
                String why = "The sagemaker-async endpoint " + options.getEndpointName() + " takes its credentials from "
                        + "profile '" + profileName.get() + "' of the AWS config file, which signs in with IAM Identity "
                        + "Center (" + (session ? "sso_session" : "sso_start_url")
                        + (current.name().equals(profileName.get()) ? "" : ", in its source profile '" + current.name() + "'")
                        + "): the AWS SDK needs the dependencies " + needs + SAME_VERSION
                        + " for that. Add them, or give the endpoint other credentials.";
                require(ssoClass, why);
                if (session) {
                    require(ssoOidcClass, why);
                }
                return;
            }
            profile = current.property("source_profile").flatMap(profiles::profile);
        }
    }

    /** The profile the credentials will come from; empty when they come from elsewhere. */
    private static Optional<String> credentialsProfile(SageMakerAsyncConfiguration options) {
        if (options.isUseProfileCredentialsProvider()) {
            return Optional.of(options.getProfileCredentialsName() != null ? options.getProfileCredentialsName()
                    : ProfileFileSystemSetting.AWS_PROFILE.getStringValueOrThrow());
        }
        boolean defaultChain = options.isUseDefaultCredentialsProvider()
                || options.getAccessKey() == null && options.getSecretKey() == null;
        if (!defaultChain || SdkSystemSetting.AWS_ACCESS_KEY_ID.getStringValue().isPresent()
                || SdkSystemSetting.AWS_WEB_IDENTITY_TOKEN_FILE.getStringValue().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(ProfileFileSystemSetting.AWS_PROFILE.getStringValueOrThrow());
    }

    private static void require(String className, String message) {
        try {
            Class.forName(className, false, OptionalModules.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(message, e);
        }
    }
}
