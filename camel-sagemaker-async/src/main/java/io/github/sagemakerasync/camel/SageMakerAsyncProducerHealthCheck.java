package io.github.sagemakerasync.camel;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Readiness of a producer: DOWN while its endpoint's most recent call to SageMaker or S3 failed (with the AWS status
 * and error code), UP once one succeeds. It reports what the traffic saw and makes no call of its own. Camel runs producer
 * checks only when {@code camel.health.producersEnabled=true}.
 */
final class SageMakerAsyncProducerHealthCheck extends AbstractHealthCheck {

    private final EndpointStatistics statistics;

    SageMakerAsyncProducerHealthCheck(EndpointStatistics statistics, String id) {
        super("camel", "producer:sagemaker-async-" + id);
        this.statistics = statistics;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Throwable error = statistics.lastAwsError();
        if (error == null) {
            builder.up();
            return;
        }
        builder.message(error.getMessage()).error(error);
        if (error instanceof AwsServiceException aws) {
            builder.detail(SERVICE_STATUS_CODE, aws.statusCode());
            if (aws.awsErrorDetails() != null && aws.awsErrorDetails().errorCode() != null) {
                builder.detail(SERVICE_ERROR_CODE, aws.awsErrorDetails().errorCode());
            }
        }
        builder.down();
    }
}
