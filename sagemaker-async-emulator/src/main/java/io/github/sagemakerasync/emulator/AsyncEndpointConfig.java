package io.github.sagemakerasync.emulator;

import java.util.Objects;
import java.util.regex.Pattern;

import io.github.sagemakerasync.emulator.model.InferenceModel;

/**
 * One emulated asynchronous endpoint, configured as {@code AsyncInferenceConfig} configures a real one:
 * where outputs and failures go, how many invocations run at once, and the model that serves it.
 *
 * <p>As on AWS, the failure path is optional: without one, a failed invocation returns no FailureLocation and writes
 * no failure object.
 */
public final class AsyncEndpointConfig {

    /** SageMaker's EndpointName constraint. */
    static final Pattern ENDPOINT_NAME = Pattern.compile("^[a-zA-Z0-9](-*[a-zA-Z0-9])*");
    static final int ENDPOINT_NAME_MAX = 63;

    private final String name;
    private final S3Location s3OutputPath;
    private final S3Location s3FailurePath;
    private final int maxConcurrentInvocationsPerInstance;
    private final InferenceModel model;
    private final NotificationConfig notifications;
    private final OutputNaming outputNaming;
    private final int instances;
    private final AutoScaling autoScaling;

    private AsyncEndpointConfig(Builder builder) {
        this.name = builder.name;
        this.s3OutputPath = S3Location.parse(Objects.requireNonNull(builder.s3OutputPath, "s3OutputPath is required"));
        this.s3FailurePath = builder.s3FailurePath == null ? null : S3Location.parse(builder.s3FailurePath);
        this.maxConcurrentInvocationsPerInstance = builder.maxConcurrentInvocationsPerInstance;
        this.model = Objects.requireNonNull(builder.model, "model is required");
        this.notifications = builder.notifications;
        this.outputNaming = builder.outputNaming;
        this.autoScaling = builder.autoScaling;
        this.instances = builder.instances != null ? builder.instances
                : autoScaling == null ? 1 : Math.max(1, autoScaling.minInstances());
        if (autoScaling == null ? instances < 1
                : instances < autoScaling.minInstances() || instances > autoScaling.maxInstances()) {
            throw new IllegalArgumentException("Endpoint " + name + ": " + instances + " instances at start, "
                    + (autoScaling == null ? "at least 1 without autoScaling" : "outside its autoScaling's "
                    + autoScaling.minInstances() + " to " + autoScaling.maxInstances()));
        }
    }

    public static Builder builder(String endpointName) {
        return new Builder(endpointName);
    }

    public String name() {
        return name;
    }

    public S3Location s3OutputPath() {
        return s3OutputPath;
    }

    /** Null when the endpoint has no failure path. */
    public S3Location s3FailurePath() {
        return s3FailurePath;
    }

    public int maxConcurrentInvocationsPerInstance() {
        return maxConcurrentInvocationsPerInstance;
    }

    public InferenceModel model() {
        return model;
    }

    /** Null when the endpoint sends no notifications. */
    public NotificationConfig notifications() {
        return notifications;
    }

    /** How results of requests without {@code Filename} are named. */
    public OutputNaming outputNaming() {
        return outputNaming;
    }

    /** Instances at start, each running {@link #maxConcurrentInvocationsPerInstance()} requests at once. */
    public int instances() {
        return instances;
    }

    /** How the endpoint scales, or null for a fixed instance count. */
    public AutoScaling autoScaling() {
        return autoScaling;
    }

    @Override
    public String toString() {
        return name + " (output " + s3OutputPath + ", failures " + (s3FailurePath == null ? "not written" : s3FailurePath) + ", "
                + (outputNaming == OutputNaming.UUID ? "" : "named by InferenceId, ") + instances
                + (autoScaling == null ? "" : " (" + autoScaling.minInstances() + " to " + autoScaling.maxInstances() + ")")
                + " instances of " + maxConcurrentInvocationsPerInstance + " concurrent, model "
                + model.getClass().getSimpleName() + ")";
    }

    public static final class Builder {
        private final String name;
        private String s3OutputPath;
        private String s3FailurePath;
        private int maxConcurrentInvocationsPerInstance = 4;
        private InferenceModel model;
        private NotificationConfig notifications;
        private OutputNaming outputNaming = OutputNaming.UUID;
        private Integer instances;
        private AutoScaling autoScaling;

        private Builder(String name) {
            Objects.requireNonNull(name, "endpoint name");
            if (name.length() > ENDPOINT_NAME_MAX || !ENDPOINT_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Endpoint name '" + name + "' must match "
                        + ENDPOINT_NAME.pattern() + " and have at most " + ENDPOINT_NAME_MAX + " characters");
            }
            this.name = name;
        }

        /** {@code s3://bucket/prefix}: where results go ({@code OutputConfig.S3OutputPath}). Required. */
        public Builder s3OutputPath(String s3OutputPath) {
            this.s3OutputPath = s3OutputPath;
            return this;
        }

        /**
         * {@code s3://bucket/prefix}: where failures go ({@code OutputConfig.S3FailurePath}). Optional, as on AWS:
         * without it no failure object is written.
         */
        public Builder s3FailurePath(String s3FailurePath) {
            this.s3FailurePath = s3FailurePath;
            return this;
        }

        /** Workers of this endpoint ({@code ClientConfig.MaxConcurrentInvocationsPerInstance}), 1 to 1000. */
        public Builder maxConcurrentInvocationsPerInstance(int workers) {
            if (workers < 1 || workers > 1000) {
                throw new IllegalArgumentException(
                        "maxConcurrentInvocationsPerInstance must be between 1 and 1000, was " + workers);
            }
            this.maxConcurrentInvocationsPerInstance = workers;
            return this;
        }

        /**
         * SNS topics to notify when an inference completes or fails ({@code OutputConfig.NotificationConfig}). The
         * emulator delivers them to the SQS queues subscribed with {@link SageMakerAsyncEmulator.Builder#subscribe}.
         */
        public Builder notifications(NotificationConfig notifications) {
            this.notifications = notifications;
            return this;
        }

        /** How results of requests without {@code Filename} are named; {@link OutputNaming#UUID} by default. */
        public Builder outputNaming(OutputNaming outputNaming) {
            this.outputNaming = Objects.requireNonNull(outputNaming, "outputNaming");
            return this;
        }

        /**
         * Instances at start ({@code InitialInstanceCount}); 1 by default, or the autoScaling's minimum when above 1.
         * Each runs {@link #maxConcurrentInvocationsPerInstance} requests at once.
         */
        public Builder instances(int instances) {
            this.instances = instances;
            return this;
        }

        /** Scales the instances with the backlog, as Application Auto Scaling would; fixed by default. */
        public Builder autoScaling(AutoScaling autoScaling) {
            this.autoScaling = autoScaling;
            return this;
        }

        public Builder model(InferenceModel model) {
            this.model = model;
            return this;
        }

        public AsyncEndpointConfig build() {
            return new AsyncEndpointConfig(this);
        }
    }
}
