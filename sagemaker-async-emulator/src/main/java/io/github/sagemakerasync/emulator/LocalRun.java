package io.github.sagemakerasync.emulator;

import java.io.PrintStream;
import java.util.Optional;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/**
 * Starts the emulator for an application's local run, and never by accident: an application copied to ECS or EKS
 * must not send its traffic to an emulator without a word. It refuses when an AWS region is configured, and says
 * loudly that it runs.
 */
public final class LocalRun {

    private LocalRun() {
    }

    /**
     * The AWS region configured for this process, with where it came from: the component's own region property, then
     * the AWS SDK's usual places ({@code aws.region}, {@code AWS_REGION}, the profile file). The EC2 instance metadata
     * service is not asked: on a laptop it would only time out, and on EC2, ECS and EKS {@code AWS_REGION} is set.
     *
     * @param componentRegion {@code camel.component.sagemaker-async.region} as the application resolved it, or null
     */
    public static Optional<String> configuredAwsRegion(String componentRegion) {
        if (componentRegion != null && !componentRegion.isBlank()) {
            return Optional.of(componentRegion + " (camel.component.sagemaker-async.region)");
        }
        try {
            return Optional.of(new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
                    .getRegion().id() + " (the AWS SDK's region settings: aws.region, AWS_REGION or the profile file)");
        } catch (SdkClientException none) {
            return Optional.empty();
        }
    }

    /**
     * {@link #start(SageMakerAsyncEmulator.Builder, String, String, PrintStream)} for an application that takes the
     * component's region from the system property or environment variable Camel Main reads
     * ({@code camel.component.sagemaker-async.region}, {@code CAMEL_COMPONENT_SAGEMAKER_ASYNC_REGION}).
     */
    public static SageMakerAsyncEmulator start(SageMakerAsyncEmulator.Builder emulator, String askedBy, PrintStream out)
            throws Exception {
        String componentRegion = System.getProperty("camel.component.sagemaker-async.region",
                System.getenv("CAMEL_COMPONENT_SAGEMAKER_ASYNC_REGION"));
        return start(emulator, askedBy, componentRegion, out);
    }

    /**
     * Starts the emulator, unless an AWS region is configured; prints where it runs.
     *
     * @param askedBy       the switch that asked for it, named in the message ({@code example.emulator=true})
     * @param componentRegion see {@link #configuredAwsRegion(String)}
     * @throws IllegalStateException when an AWS region is configured
     */
    public static SageMakerAsyncEmulator start(SageMakerAsyncEmulator.Builder emulator, String askedBy,
                                               String componentRegion, PrintStream out) throws Exception {
        Optional<String> region = configuredAwsRegion(componentRegion);
        if (region.isPresent()) {
            throw new IllegalStateException(askedBy + " asks for the local SageMaker emulator, but AWS region "
                    + region.get() + " is configured: this run is meant for AWS, so no emulator starts. Unset the "
                    + "region to run locally, or drop " + askedBy + " to use AWS.");
        }
        SageMakerAsyncEmulator started = emulator.start();
        out.println("*** LOCAL RUN, NOT AWS (" + askedBy + "): using the local emulator (SageMaker "
                + started.sageMakerEndpoint() + ", S3 " + started.s3Endpoint() + ") ***");
        return started;
    }
}
