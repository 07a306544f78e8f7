package io.github.sagemakerasync.camel;

import java.time.Duration;
import java.util.Set;
import java.util.function.DoubleSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An endpoint's meters in the Micrometer registry of its Camel context: the only class that refers to Micrometer, an
 * optional dependency, so it is loaded only when Micrometer is there ({@link #available()}). Meters are named and tagged
 * by the SageMaker endpoint and the Camel context; Camel endpoints of one SageMaker endpoint (a producer's URI and a
 * consumer's, say) share them, as Micrometer returns the registered meter for a name and tags it already has.
 */
final class MicrometerMeters implements EndpointStatistics.MeterSink {

    private static final Logger LOG = LoggerFactory.getLogger(MicrometerMeters.class);
    private static final String REGISTRY_CLASS = "io.micrometer.core.instrument.MeterRegistry";
    /** The name camel-micrometer binds its registry under. */
    private static final String CAMEL_REGISTRY_NAME = "metricsRegistry";
    static final String PREFIX = "sagemaker.async.";

    private final Counter inlineAccepted;
    private final Counter inlineFailed;
    private final Counter s3Accepted;
    private final Counter s3Failed;
    private final Counter refused;
    private final Counter inlineBytes;
    private final Counter uploadedBytes;
    private final Timer upload;
    private final Counter completed;
    private final Counter completedUncorrelated;
    private final Counter failed;
    private final Counter failedUncorrelated;
    private final Timer resultDelay;

    private MicrometerMeters(MeterRegistry registry, Tags tags) {
        inlineAccepted = invocations(registry, tags, "inline", "accepted");
        inlineFailed = invocations(registry, tags, "inline", "failed");
        s3Accepted = invocations(registry, tags, "s3", "accepted");
        s3Failed = invocations(registry, tags, "s3", "failed");
        refused = invocations(registry, tags, "unknown", "refused");
        inlineBytes = payloadBytes(registry, tags, "inline");
        uploadedBytes = payloadBytes(registry, tags, "s3");
        upload = Timer.builder(PREFIX + "upload")
                .description("Time to upload a payload that goes through S3, from the first byte to the upload's end")
                .tags(tags).register(registry);
        completed = results(registry, tags, "completed", true);
        completedUncorrelated = results(registry, tags, "completed", false);
        failed = results(registry, tags, "failed", true);
        failedUncorrelated = results(registry, tags, "failed", false);
        resultDelay = Timer.builder(PREFIX + "result.delay")
                .description("Time from SageMaker accepting a request to its result reaching a route or the waiting "
                        + "exchange (correlated results only)")
                .tags(tags).register(registry);
    }

    /** Whether Micrometer is on the classpath; checked before this class refers to it. */
    static boolean available() {
        try {
            Class.forName(REGISTRY_CLASS, false, MicrometerMeters.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Registers an endpoint's meters in the context's registry and makes them its statistics' sink; does nothing when
     * the context has no MeterRegistry.
     *
     * @param pendingCorrelations the gauge of requests accepted and not yet answered (NaN when the store cannot count)
     * @param waitingExchanges    the gauge of exchanges waiting for their result
     */
    static void bind(CamelContext context, String endpointName, EndpointStatistics statistics,
                     DoubleSupplier pendingCorrelations, DoubleSupplier waitingExchanges) {
        MeterRegistry registry = find(context.getRegistry());
        if (registry == null) {
            return;
        }
        Tags tags = Tags.of("camelContext", context.getName(), "endpoint", endpointName);
        // strong references: Micrometer holds a gauge's state weakly, and nothing else holds these suppliers
        Gauge.builder(PREFIX + "correlations.pending", pendingCorrelations, DoubleSupplier::getAsDouble).strongReference(true)
                .description("Requests accepted whose result is not delivered yet, in the endpoint's correlation store "
                        + "(a store shared by endpoints or instances counts all of theirs)")
                .tags(tags).register(registry);
        Gauge.builder(PREFIX + "waiting", waitingExchanges, DoubleSupplier::getAsDouble).strongReference(true)
                .description("Exchanges waiting for their result (waitForResult)")
                .tags(tags).register(registry);
        statistics.meters(new MicrometerMeters(registry, tags));
    }

    /**
     * The registry: the one camel-micrometer binds as {@value #CAMEL_REGISTRY_NAME}, else the only one, else, among
     * several (Spring Boot with more than one backend), the composite that feeds them all.
     */
    private static MeterRegistry find(Registry registry) {
        MeterRegistry named = registry.lookupByNameAndType(CAMEL_REGISTRY_NAME, MeterRegistry.class);
        if (named != null) {
            return named;
        }
        Set<MeterRegistry> found = registry.findByType(MeterRegistry.class);
        if (found.size() <= 1) {
            return found.isEmpty() ? null : found.iterator().next();
        }
        MeterRegistry composite = found.stream().filter(CompositeMeterRegistry.class::isInstance).findFirst().orElse(null);
        if (composite == null) {
            LOG.warn("The Camel registry holds {} MeterRegistry beans and no composite of them: sagemaker-async publishes "
                    + "no metrics. Bind the one to use as {}.", found.size(), CAMEL_REGISTRY_NAME);
        }
        return composite;
    }

    private static Counter invocations(MeterRegistry registry, Tags tags, String mode, String outcome) {
        return Counter.builder(PREFIX + "invocations")
                .description("Invocations by payload mode and outcome: accepted by SageMaker, failed (AWS refused or could "
                        + "not be reached), refused here before any call")
                .tags(tags).tag("mode", mode).tag("outcome", outcome).register(registry);
    }

    private static Counter payloadBytes(MeterRegistry registry, Tags tags, String mode) {
        return Counter.builder(PREFIX + "payload.bytes")
                .description("Payload bytes of accepted invocations, sent inline or uploaded to S3")
                .baseUnit("bytes").tags(tags).tag("mode", mode).register(registry);
    }

    private static Counter results(MeterRegistry registry, Tags tags, String status, boolean correlated) {
        return Counter.builder(PREFIX + "results")
                .description("Results delivered (their exchange completed), by status and whether their request was known")
                .tags(tags).tag("status", status).tag("correlated", Boolean.toString(correlated)).register(registry);
    }

    @Override
    public void invocation(PayloadMode mode, EndpointStatistics.Outcome outcome, long payloadBytes) {
        switch (outcome) {
            case accepted -> {
                (mode == PayloadMode.inline ? inlineAccepted : s3Accepted).increment();
                (mode == PayloadMode.inline ? inlineBytes : uploadedBytes).increment(payloadBytes);
            }
            case failed -> (mode == PayloadMode.inline ? inlineFailed : s3Failed).increment();
            case refused -> refused.increment();
        }
    }

    @Override
    public void upload(long nanos) {
        upload.record(Duration.ofNanos(nanos));
    }

    @Override
    public void result(ResultStatus status, boolean correlated) {
        if (status == ResultStatus.Completed) {
            (correlated ? completed : completedUncorrelated).increment();
        } else {
            (correlated ? failed : failedUncorrelated).increment();
        }
    }

    @Override
    public void resultDelay(Duration delay) {
        resultDelay.record(delay);
    }
}
