package io.github.sagemakerasync.camel;

import java.util.function.Function;

import org.apache.camel.component.aws.common.AwsClientBuilderUtil;
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
        sageMaker = builtSageMaker ? sageMakerBuilder.apply(options) : options.getSageMakerRuntimeAsyncClient();
        builtS3 = options.getS3AsyncClient() == null;
        s3 = builtS3 ? s3Builder.apply(options) : options.getS3AsyncClient();
    }

    private static SageMakerRuntimeAsyncClient buildSageMaker(SageMakerAsyncConfiguration options) {
        return AwsClientBuilderUtil.buildAsyncClient(options, SageMakerRuntimeAsyncClient::builder, builder -> {
            if (options.getRetryMode() != null) {
                builder.overrideConfiguration(o -> o.retryStrategy(options.getRetryMode()));
            }
        });
    }

    private static S3AsyncClient buildS3(SageMakerAsyncConfiguration options) {
        // the S3 client shares every option but the endpoint override, which is S3's own
        SageMakerAsyncConfiguration s3Options = options.copy();
        s3Options.setUriEndpointOverride(options.getS3UriEndpointOverride());
        return AwsClientBuilderUtil.buildAsyncClient(s3Options, S3AsyncClient::builder, builder -> {
            builder.forcePathStyle(options.isForcePathStyle())
                    .multipartEnabled(true)
                    .multipartConfiguration(m -> m
                            .minimumPartSizeInBytes(options.getMultipartPartSize())
                            .thresholdInBytes(options.getMultipartPartSize())
                            .apiCallBufferSizeInBytes(options.getMultipartBufferSize()));
            if (options.getRetryMode() != null) {
                builder.overrideConfiguration(o -> o.retryStrategy(options.getRetryMode()));
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
