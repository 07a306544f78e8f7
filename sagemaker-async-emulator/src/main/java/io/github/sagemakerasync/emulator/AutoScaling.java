package io.github.sagemakerasync.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How an emulated endpoint scales, as Application Auto Scaling scales a SageMaker asynchronous endpoint's variant: a
 * target-tracking policy on {@code ApproximateBacklogSizePerInstance} between {@code minInstances} and
 * {@code maxInstances}, and optionally the step-scaling policy on {@code HasBacklogWithoutCapacity} that AWS's guide
 * adds to scale from zero.
 *
 * <ul>
 * <li>Out: when the backlog per instance passes the target, the instances the backlog needs are launched, and
 * serve after {@code scaleOutDelay} (an instance's start).</li>
 * <li>In: when fewer would do, after {@code scaleInCooldown} since the last change, down to what the backlog needs,
 * at least {@code minInstances}: to 0 when idle if the minimum is 0.</li>
 * <li>From zero: target tracking cannot (a backlog per instance of 0 instances is not defined): a backlog waits, and
 * {@code HasBacklogWithoutCapacity} is 1, until the step-scaling policy ({@code scaleFromZero}) launches one instance.
 * Without it, the requests wait until their RequestTTLSeconds and expire.</li>
 * </ul>
 *
 * @param minInstances             0 or more
 * @param maxInstances             at least minInstances, and 1 or more
 * @param targetBacklogPerInstance the target of ApproximateBacklogSizePerInstance, above 0
 * @param scaleOutDelay            from the decision to the new instances serving
 * @param scaleInCooldown          time since the last change before instances are removed
 * @param scaleFromZero            whether a backlog on 0 instances launches one (the step-scaling policy)
 */
public record AutoScaling(int minInstances, int maxInstances, double targetBacklogPerInstance, Duration scaleOutDelay,
                          Duration scaleInCooldown, boolean scaleFromZero) {

    public AutoScaling {
        if (minInstances < 0 || maxInstances < Math.max(1, minInstances)) {
            throw new IllegalArgumentException("AutoScaling needs 0 <= minInstances <= maxInstances and maxInstances >= 1, "
                    + "was " + minInstances + " to " + maxInstances);
        }
        if (!(targetBacklogPerInstance > 0)) {
            throw new IllegalArgumentException("targetBacklogPerInstance must be above 0, was " + targetBacklogPerInstance);
        }
        Objects.requireNonNull(scaleOutDelay, "scaleOutDelay");
        Objects.requireNonNull(scaleInCooldown, "scaleInCooldown");
    }

    /** Target tracking between min and max, instances serving at once, no cooldown, scaling from zero. */
    public static AutoScaling of(int minInstances, int maxInstances, double targetBacklogPerInstance) {
        return new AutoScaling(minInstances, maxInstances, targetBacklogPerInstance, Duration.ZERO, Duration.ZERO, true);
    }

    public AutoScaling withScaleOutDelay(Duration delay) {
        return new AutoScaling(minInstances, maxInstances, targetBacklogPerInstance, delay, scaleInCooldown, scaleFromZero);
    }

    public AutoScaling withScaleInCooldown(Duration cooldown) {
        return new AutoScaling(minInstances, maxInstances, targetBacklogPerInstance, scaleOutDelay, cooldown, scaleFromZero);
    }

    /** Without the step-scaling policy on HasBacklogWithoutCapacity: an endpoint at 0 instances stays there. */
    public AutoScaling withoutScaleFromZero() {
        return new AutoScaling(minInstances, maxInstances, targetBacklogPerInstance, scaleOutDelay, scaleInCooldown, false);
    }

    /** The instances a backlog needs, within the bounds; from 0 only with scaleFromZero, and then 1. */
    int desired(int current, int backlog) {
        if (current == 0) {
            return backlog > 0 && scaleFromZero ? Math.max(1, minInstances) : minInstances;
        }
        int needed = (int) Math.ceil(backlog / targetBacklogPerInstance);
        return Math.min(maxInstances, Math.max(minInstances, needed));
    }
}
