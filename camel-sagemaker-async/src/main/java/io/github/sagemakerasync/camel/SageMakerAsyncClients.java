package io.github.sagemakerasync.camel;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.camel.component.aws.common.AwsClientBuilderUtil;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkAsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;

/**
 * The endpoint's AWS clients: the ones given (or autowired), else built from the options with camel-aws-common.
 * Only built clients are closed.
 */
final class SageMakerAsyncClients implements AutoCloseable {

    private final SageMakerRuntimeAsyncClient sageMaker;
    private final S3AsyncClient s3;
    private final boolean builtSageMaker;
    private final boolean builtS3;

    SageMakerAsyncClients(SageMakerAsyncConfiguration options) {
        this(options, SageMakerAsyncClients::buildSageMaker, SageMakerAsyncClients::buildS3);
    }

    /** With the builders of the clients the options do not give (a test replaces them). */
    SageMakerAsyncClients(SageMakerAsyncConfiguration options,
                          Function<SageMakerAsyncConfiguration, SageMakerRuntimeAsyncClient> sageMakerBuilder,
                          Function<SageMakerAsyncConfiguration, S3AsyncClient> s3Builder) {
        builtSageMaker = options.getSageMakerRuntimeAsyncClient() == null;
        builtS3 = options.getS3AsyncClient() == null;
        if (builtSageMaker || builtS3) {
            OptionalModules.requireForSsoProfile(options, OptionalModules.SSO_CLIENT, OptionalModules.SSO_OIDC_CLIENT);
        }
        sageMaker = builtSageMaker ? sageMakerBuilder.apply(options) : options.getSageMakerRuntimeAsyncClient();
        s3 = builtS3 ? s3Builder.apply(options) : options.getS3AsyncClient();
    }

    private static SageMakerRuntimeAsyncClient buildSageMaker(SageMakerAsyncConfiguration options) {
        return build(options, options.getUriEndpointOverride(), SageMakerRuntimeAsyncClient::builder, builder -> { });
    }

    private static S3AsyncClient buildS3(SageMakerAsyncConfiguration options) {
        return build(options, options.getS3UriEndpointOverride(), S3AsyncClient::builder, builder -> builder
                .forcePathStyle(options.isForcePathStyle())
                .multipartEnabled(true)
                .multipartConfiguration(m -> m
                        .minimumPartSizeInBytes(options.getMultipartPartSize())
                        .thresholdInBytes(options.getMultipartPartSize())
                        .apiCallBufferSizeInBytes(options.getMultipartBufferSize())));
    }

    /**
     * Builds a client of one AWS service with camel-aws-common: it shares every option (credentials, region, proxy,
     * retry mode, API call timeouts) but the endpoint override, which is each service's own.
     */
    static <B extends AwsClientBuilder<B, C> & SdkAsyncClientBuilder<B, C>, C extends SdkClient> C build(
            SageMakerAsyncConfiguration options, String endpointOverride, Supplier<B> newBuilder, Consumer<B> customizer) {
        SageMakerAsyncConfiguration serviceOptions = options;
        if (!Objects.equals(endpointOverride, options.getUriEndpointOverride())) {
            serviceOptions = options.copy();
            serviceOptions.setUriEndpointOverride(endpointOverride);
        }
        return AwsClientBuilderUtil.buildAsyncClient(serviceOptions, newBuilder, builder -> {
            customizer.accept(builder);
            if (options.getRetryMode() != null || options.getApiCallTimeout() > 0 || options.getApiCallAttemptTimeout() > 0) {
                // one override configuration: each call of overrideConfiguration replaces the last
                builder.overrideConfiguration(o -> {
                    if (options.getRetryMode() != null) {
                        o.retryStrategy(options.getRetryMode());
                    }
                    if (options.getApiCallTimeout() > 0) {
                        o.apiCallTimeout(Duration.ofMillis(options.getApiCallTimeout()));
                    }
                    if (options.getApiCallAttemptTimeout() > 0) {
                        o.apiCallAttemptTimeout(Duration.ofMillis(options.getApiCallAttemptTimeout()));
                    }
                });
            }
        });
    }

    SageMakerRuntimeAsyncClient sageMaker() {
        return sageMaker;
    }

    S3AsyncClient s3() {
        return s3;
    }

    @Override
    public void close() {
        if (builtSageMaker) {
            sageMaker.close();
        }
        if (builtS3) {
            s3.close();
        }
    }
}
