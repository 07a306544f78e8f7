package io.github.sagemakerasync.emulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The SageMaker API's DescribeEndpoint and DescribeEndpointConfig (json 1.1, {@code X-Amz-Target: SageMaker.*}) for
 * the emulated endpoints, enough for a client to find an endpoint's AsyncInferenceConfig and instance counts: every
 * endpoint is InService, its config is named {@code <endpoint>-config}, with one variant ({@code AllTraffic}, its
 * current and desired instance counts) and the endpoint's output config.
 */
final class EndpointDescriptions {

    static final String ACCOUNT_ID = "000000000000";
    static final Set<String> OPERATIONS = Set.of("DescribeEndpoint", "DescribeEndpointConfig");
    private static final String CONFIG_SUFFIX = "-config";

    private final Map<String, AsyncEndpointConfig> endpoints = new LinkedHashMap<>();
    private final String region;
    private final double createdAt;
    private final Function<String, EndpointMetrics> metrics;

    EndpointDescriptions(List<AsyncEndpointConfig> endpoints, String region, Instant createdAt,
                         Function<String, EndpointMetrics> metrics) {
        endpoints.forEach(endpoint -> this.endpoints.put(endpoint.name(), endpoint));
        this.region = region;
        this.metrics = metrics;
        // json 1.1 timestamps are epoch seconds
        this.createdAt = createdAt.toEpochMilli() / 1000.0;
    }

    /** Answers the operation named by the target, or throws the ApiError AWS would answer. */
    Map<String, Object> answer(String operation, Map<String, Object> input) {
        return switch (operation) {
            case "DescribeEndpoint" -> describeEndpoint(member(input, "EndpointName"));
            case "DescribeEndpointConfig" -> describeEndpointConfig(member(input, "EndpointConfigName"));
            default -> throw new ApiError(400, "UnknownOperationException", "Unknown operation " + operation);
        };
    }

    private Map<String, Object> describeEndpoint(String name) {
        AsyncEndpointConfig endpoint = endpoints.get(name);
        if (endpoint == null) {
            throw notFound("endpoint", arn("endpoint", name));
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("EndpointName", name);
        description.put("EndpointArn", arn("endpoint", name));
        description.put("EndpointConfigName", name + CONFIG_SUFFIX);
        description.put("EndpointStatus", "InService");
        EndpointMetrics now = metrics.apply(name);
        description.put("ProductionVariants", List.of(Map.of(
                "VariantName", "AllTraffic",
                "CurrentInstanceCount", now.currentInstanceCount(),
                "DesiredInstanceCount", now.desiredInstanceCount())));
        description.put("CreationTime", createdAt);
        description.put("LastModifiedTime", createdAt);
        description.put("AsyncInferenceConfig", asyncInferenceConfig(endpoint));
        return description;
    }

    private Map<String, Object> describeEndpointConfig(String configName) {
        AsyncEndpointConfig endpoint = configName.endsWith(CONFIG_SUFFIX)
                ? endpoints.get(configName.substring(0, configName.length() - CONFIG_SUFFIX.length())) : null;
        if (endpoint == null) {
            throw notFound("endpoint configuration", arn("endpoint-config", configName));
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("EndpointConfigName", configName);
        description.put("EndpointConfigArn", arn("endpoint-config", configName));
        description.put("ProductionVariants", List.of(Map.of(
                "VariantName", "AllTraffic",
                "ModelName", endpoint.name() + "-model",
                "InitialInstanceCount", endpoint.instances(),
                "InstanceType", "ml.m5.large")));
        description.put("CreationTime", createdAt);
        description.put("AsyncInferenceConfig", asyncInferenceConfig(endpoint));
        return description;
    }

    private static Map<String, Object> asyncInferenceConfig(AsyncEndpointConfig endpoint) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("S3OutputPath", endpoint.s3OutputPath().toString());
        if (endpoint.s3FailurePath() != null) {
            output.put("S3FailurePath", endpoint.s3FailurePath().toString());
        }
        NotificationConfig notifications = endpoint.notifications();
        if (notifications != null) {
            Map<String, Object> config = new LinkedHashMap<>();
            if (notifications.successTopic() != null) {
                config.put("SuccessTopic", notifications.successTopic());
            }
            if (notifications.errorTopic() != null) {
                config.put("ErrorTopic", notifications.errorTopic());
            }
            if (!notifications.includeInferenceResponseIn().isEmpty()) {
                config.put("IncludeInferenceResponseIn",
                        notifications.includeInferenceResponseIn().stream().map(Enum::name).sorted().toList());
            }
            output.put("NotificationConfig", config);
        }
        return Map.of(
                "ClientConfig", Map.of("MaxConcurrentInvocationsPerInstance", endpoint.maxConcurrentInvocationsPerInstance()),
                "OutputConfig", output);
    }

    private String arn(String type, String name) {
        return "arn:aws:sagemaker:" + region + ":" + ACCOUNT_ID + ":" + type + "/" + name.toLowerCase(Locale.ROOT);
    }

    private static ApiError notFound(String what, String arn) {
        return new ApiError(400, "ValidationException", "Could not find " + what + " \"" + arn + "\".");
    }

    private static String member(Map<String, Object> input, String name) {
        if (!(input.get(name) instanceof String value) || value.isEmpty()) {
            throw new ApiError(400, "ValidationException", "1 validation error detected: Value null at '"
                    + Character.toLowerCase(name.charAt(0)) + name.substring(1) + "' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        return value;
    }
}
