package io.github.sagemakerasync.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latency and faults at one API's HTTP edge, so they act where a network would. Thread-safe; change them
 * while the emulator runs.
 */
public final class NetworkConditions {

    private volatile Duration latency = Duration.ZERO;
    private volatile double faultRate;
    private volatile List<InjectedFault> randomFaults = List.of();
    private final AtomicInteger forcedFaults = new AtomicInteger();
    private volatile InjectedFault forcedFault = InjectedFault.SERVICE_UNAVAILABLE;
    /** The operation the forced faults are for, or null for any. */
    private volatile String forcedOperation;
    private final Gate held = new Gate();

    /** Adds this delay before every request is served (a network round trip, say). */
    public NetworkConditions latency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, was " + latency);
        }
        this.latency = latency;
        return this;
    }

    /**
     * Answers this fraction of requests (0 to 1) with a fault picked at random among {@code faults}
     * (all kinds when none are given).
     */
    public NetworkConditions faultRate(double rate, InjectedFault... faults) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("fault rate must be between 0 and 1, was " + rate);
        }
        this.randomFaults = faults.length == 0 ? List.of(InjectedFault.values()) : List.of(faults);
        this.faultRate = rate;
        return this;
    }

    /** Answers the next {@code count} requests with {@code fault}: deterministic, for tests. */
    public NetworkConditions failNext(int count, InjectedFault fault) {
        return failNext(count, fault, null);
    }

    /**
     * Answers the next {@code count} requests of one operation (as the counters name it: {@code DeleteObject},
     * {@code InvokeEndpointAsync}...) with {@code fault}; other requests pass. For a test that fails one step of a
     * client's work while the client's other requests, and anything in the background, go through.
     */
    public NetworkConditions failNext(int count, InjectedFault fault, String operation) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        this.forcedFault = Objects.requireNonNull(fault, "fault");
        this.forcedOperation = operation;
        this.forcedFaults.set(count);
        return this;
    }

    /**
     * Holds every arriving request (after its latency) until {@link #releaseRequests()}: the client sees a request in
     * flight for as long as a test wants, which shows how many a client keeps in flight at once.
     */
    public NetworkConditions holdRequests() {
        held.close();
        return this;
    }

    public NetworkConditions releaseRequests() {
        held.open();
        return this;
    }

    /** No latency, no faults, nothing held. */
    public NetworkConditions reset() {
        latency = Duration.ZERO;
        faultRate = 0.0;
        forcedFaults.set(0);
        forcedOperation = null;
        held.open();
        return this;
    }

    public Duration latency() {
        return latency;
    }

    /**
     * Waits the configured latency and while requests are held, then tells whether this request (of the named
     * operation) gets a fault instead of an answer.
     */
    Optional<InjectedFault> arrive(String operation) throws InterruptedException {
        Duration delay = latency;
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
        }
        held.awaitOpen();
        String only = forcedOperation;
        if ((only == null || only.equals(operation)) && forcedFaults.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return Optional.of(forcedFault);
        }
        double rate = faultRate;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (rate > 0 && random.nextDouble() < rate) {
            List<InjectedFault> faults = randomFaults;
            return Optional.of(faults.get(random.nextInt(faults.size())));
        }
        return Optional.empty();
    }
}
