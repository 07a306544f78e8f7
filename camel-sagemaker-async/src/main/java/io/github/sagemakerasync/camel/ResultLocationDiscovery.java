package io.github.sagemakerasync.camel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import software.amazon.awssdk.services.sagemaker.SageMakerAsyncClient;
import software.amazon.awssdk.services.sagemaker.model.AsyncInferenceOutputConfig;

/**
 * Finds where an endpoint writes its results, for a consumer given neither outputLocation nor failureLocation:
 * DescribeEndpoint names the endpoint's configuration, whose AsyncInferenceConfig.OutputConfig holds S3OutputPath and
 * S3FailurePath. The SageMaker API client is built from the same options as the runtime client (region, credentials,
 * retry mode, timeouts), at sageMakerApiUriEndpointOverride (else uriEndpointOverride), and used once, when the
 * consumer starts.
 */
final class ResultLocationDiscovery {

    /** The endpoint's S3OutputPath and S3FailurePath; the failure path may be null (AWS makes it optional). */
    record ResultLocations(String outputLocation, String failureLocation) {
    }

    private ResultLocationDiscovery() {
    }

    /**
     * @param closer runs the client's close, which waits for the HTTP client's event loop to wind down (about 2 s): not
     *               on the route's start
     */
    static ResultLocations discover(SageMakerAsyncConfiguration options, Executor closer) {
        String apiOverride = options.getSageMakerApiUriEndpointOverride() != null
                ? options.getSageMakerApiUriEndpointOverride() : options.getUriEndpointOverride();
        SageMakerAsyncClient api = SageMakerAsyncClients.build(options, apiOverride, SageMakerAsyncClient::builder, builder -> { });
        try {
            return discover(api, options.getEndpointName()).join();
        } catch (CompletionException e) {
            Throwable cause = Failures.cause(e);
            throw new IllegalStateException("The sagemaker-async consumer of endpoint " + options.getEndpointName()
                    + " has neither outputLocation nor failureLocation, and could not find them with DescribeEndpoint "
                    + "and DescribeEndpointConfig: " + cause.getMessage() + ". Set the options to the endpoint's "
                    + "S3OutputPath and S3FailurePath, or allow sagemaker:DescribeEndpoint and "
                    + "sagemaker:DescribeEndpointConfig.", cause);
        } finally {
            closer.execute(api::close);
        }
    }

    static CompletableFuture<ResultLocations> discover(SageMakerAsyncClient api, String endpointName) {
        return api.describeEndpoint(r -> r.endpointName(endpointName))
                .thenCompose(endpoint -> api.describeEndpointConfig(r -> r.endpointConfigName(endpoint.endpointConfigName())))
                .thenApply(config -> {
                    AsyncInferenceOutputConfig output = config.asyncInferenceConfig() == null ? null
                            : config.asyncInferenceConfig().outputConfig();
                    if (output == null || output.s3OutputPath() == null && output.s3FailurePath() == null) {
                        throw new IllegalStateException("endpoint configuration " + config.endpointConfigName()
                                + " has no AsyncInferenceConfig output paths: it is not an asynchronous endpoint");
                    }
                    return new ResultLocations(output.s3OutputPath(), output.s3FailurePath());
                });
    }
}
