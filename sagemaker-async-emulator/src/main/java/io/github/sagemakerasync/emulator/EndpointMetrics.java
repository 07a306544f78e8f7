package io.github.sagemakerasync.emulator;

/**
 * An endpoint's asynchronous-inference metrics as CloudWatch's {@code AWS/SageMaker} namespace defines them, read now.
 *
 * @param approximateBacklogSize            requests queued or being processed
 * @param approximateBacklogSizePerInstance the backlog over the instances serving (the backlog itself at 0 instances)
 * @param approximateAgeOfOldestRequest     seconds the oldest queued request has waited (0 when none waits)
 * @param hasBacklogWithoutCapacity         1 when requests wait and no instance serves, else 0
 * @param expiredRequests                   requests that expired in the queue (RequestTTLSeconds), since the start
 * @param currentInstanceCount              instances serving
 * @param desiredInstanceCount              instances serving or launched
 */
public record EndpointMetrics(int approximateBacklogSize, double approximateBacklogSizePerInstance,
                              long approximateAgeOfOldestRequest, int hasBacklogWithoutCapacity, long expiredRequests,
                              int currentInstanceCount, int desiredInstanceCount) {
}
