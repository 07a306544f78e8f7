package io.github.sagemakerasync.emulator;

import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances an endpoint has, and the worker slots they give ({@code MaxConcurrentInvocationsPerInstance} each):
 * a worker runs a request only while it holds a slot. With {@link AutoScaling}, {@link #evaluate} decides from the
 * backlog, as the scaling policies would: a scale-out serves after its delay, a scale-in waits for its cooldown and
 * lets running requests finish.
 */
final class InstanceCapacity {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceCapacity.class);

    private final String endpoint;
    private final int slotsPerInstance;
    private final AutoScaling scaling;
    private final Slots slots;
    private int instances;
    private int launching;
    private Instant launchServesAt;
    private Instant lastChange;

    InstanceCapacity(String endpoint, int slotsPerInstance, int instances, AutoScaling scaling, Instant now) {
        this.endpoint = endpoint;
        this.slotsPerInstance = slotsPerInstance;
        this.scaling = scaling;
        this.instances = instances;
        this.slots = new Slots(instances * slotsPerInstance);
        this.lastChange = now;
    }

    /** The most instances this endpoint can have: how many workers it needs. */
    int maxInstances() {
        return scaling == null ? instances : scaling.maxInstances();
    }

    /** Waits up to the timeout for a slot; false when none came (an idle worker gives its slot back this way). */
    boolean acquireSlot(long timeout, TimeUnit unit) throws InterruptedException {
        return slots.tryAcquire(timeout, unit);
    }

    void releaseSlot() {
        slots.release();
    }

    synchronized int instances() {
        return instances;
    }

    /** Instances serving, plus those launched and not serving yet. */
    synchronized int desiredInstances() {
        return instances + launching;
    }

    /** Applies the scaling policies to the backlog (requests queued or running). */
    synchronized void evaluate(int backlog, Instant now) {
        if (scaling == null) {
            return;
        }
        if (launching > 0 && !now.isBefore(launchServesAt)) {
            change(instances + launching, now, "launched");
            launching = 0;
        }
        if (launching > 0) {
            return;
        }
        int desired = scaling.desired(instances, backlog);
        if (desired > instances) {
            if (scaling.scaleOutDelay().isZero()) {
                change(desired, now, "scaled out");
            } else {
                launching = desired - instances;
                launchServesAt = now.plus(scaling.scaleOutDelay());
                LOG.info("Endpoint {}: launching {} instances (backlog {}), serving at {}", endpoint, launching, backlog,
                        launchServesAt);
            }
        } else if (desired < instances && !now.isBefore(lastChange.plus(scaling.scaleInCooldown()))) {
            change(desired, now, "scaled in");
        }
    }

    private void change(int to, Instant now, String how) {
        int delta = to - instances;
        if (delta > 0) {
            slots.release(delta * slotsPerInstance);
        } else if (delta < 0) {
            // running requests finish: their workers give the slots back, which then are gone
            slots.reduce(-delta * slotsPerInstance);
        }
        LOG.info("Endpoint {}: {} from {} to {} instances", endpoint, how, instances, to);
        instances = to;
        lastChange = now;
    }

    /** A semaphore whose permits can be taken away. */
    private static final class Slots extends Semaphore {
        private static final long serialVersionUID = 1L;

        Slots(int permits) {
            super(permits, true);
        }

        void reduce(int permits) {
            reducePermits(permits);
        }
    }
}
