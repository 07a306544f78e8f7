package io.github.sagemakerasync.camel;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flow control from the endpoint's backlog: suspends the consumer of the routes it is given to while the SageMaker
 * endpoint has {@code maxPendingInvocations} or more requests accepted and not yet answered, and resumes it once they
 * are down to {@code resumePendingInvocations}. Messages then wait where their source keeps them (a Kafka topic's lag,
 * a JMS queue) instead of in SageMaker's queue, where those that wait past their RequestTTLSeconds expire.
 *
 * <p>Pending requests are counted from the endpoint's correlation store, every {@code checkIntervalMillis}: with a
 * store every instance shares ({@link JdbcCorrelationStore}), the whole fleet's; with a local one, this instance's.
 * Between counts, the exchanges of its routes are added as they begin, so it suspends at the bound without waiting
 * for the next count; other instances' requests are seen at the next count. It needs correlations
 * recorded: a consumer route of the endpoint in this CamelContext, or a {@code correlationStore}. A source that
 * already fetched messages finishes them after the suspension: the bound can be passed by that much. For a hard bound,
 * and for Kafka (whose Camel consumer, resumed, reads again from the last committed offset), use the producer's
 * {@code maxPendingInvocations} instead.
 *
 * <pre>
 * PendingInvocationsRoutePolicy flow = new PendingInvocationsRoutePolicy("review-sentiment", 500);
 * from("jms:queue:reviews").routePolicy(flow).to("sagemaker-async:review-sentiment");
 * </pre>
 */
public class PendingInvocationsRoutePolicy extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(PendingInvocationsRoutePolicy.class);

    private String endpointName;
    private int maxPendingInvocations;
    private int resumePendingInvocations = -1;
    private long checkIntervalMillis = 1_000;

    private final Set<Route> routes = ConcurrentHashMap.newKeySet();
    private CamelContext context;
    private ScheduledExecutorService timer;
    /** Pending requests at the last count, and the exchanges finished then; whether the routes are held. */
    private volatile int counted;
    private volatile long finishedAtCount;
    private volatile boolean holding;
    private volatile boolean uncountableLogged;
    private volatile boolean unrecordedLogged;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong finished = new AtomicLong();

    public PendingInvocationsRoutePolicy() {
    }

    public PendingInvocationsRoutePolicy(String endpointName, int maxPendingInvocations) {
        this.endpointName = endpointName;
        this.maxPendingInvocations = maxPendingInvocations;
    }

    @Override
    public void onInit(Route route) {
        super.onInit(route);
        if (endpointName == null || endpointName.isBlank()) {
            throw new IllegalArgumentException("PendingInvocationsRoutePolicy on route " + route.getRouteId()
                    + ": endpointName (the SageMaker endpoint whose pending requests it counts) is not set");
        }
        if (maxPendingInvocations < 1) {
            throw new IllegalArgumentException("PendingInvocationsRoutePolicy on route " + route.getRouteId()
                    + ": maxPendingInvocations must be 1 or more, was " + maxPendingInvocations);
        }
        if (resumePendingInvocations >= maxPendingInvocations) {
            throw new IllegalArgumentException("PendingInvocationsRoutePolicy on route " + route.getRouteId()
                    + ": resumePendingInvocations (" + resumePendingInvocations + ") must be below maxPendingInvocations ("
                    + maxPendingInvocations + ")");
        }
        if (checkIntervalMillis < 10) {
            throw new IllegalArgumentException("PendingInvocationsRoutePolicy on route " + route.getRouteId()
                    + ": checkIntervalMillis must be 10 or more, was " + checkIntervalMillis);
        }
        context = route.getCamelContext();
        routes.add(route);
    }

    @Override
    public void onStart(Route route) {
        synchronized (this) {
            if (timer == null) {
                timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                        "PendingInvocationsRoutePolicy-" + endpointName);
                timer.scheduleWithFixedDelay(this::count, 0, checkIntervalMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void onRemove(Route route) {
        routes.remove(route);
        synchronized (this) {
            if (routes.isEmpty() && timer != null) {
                context.getExecutorServiceManager().shutdown(timer);
                timer = null;
            }
        }
    }

    /**
     * An exchange that begins may become a request: counted at once, so a source that hands over messages without
     * waiting for the previous one (SEDA, an asynchronous route) is suspended at the bound, not after it.
     */
    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        inFlight.incrementAndGet();
        holdAtTheBound();
    }

    /** A finished exchange was most likely accepted: it counts until the next count of the store has it. */
    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        finished.incrementAndGet();
        inFlight.decrementAndGet();
        holdAtTheBound();
    }

    private void holdAtTheBound() {
        if (pendingEstimate() >= maxPendingInvocations) {
            suspendRoutes();
        }
    }

    /**
     * Pending requests: the last count, plus the exchanges of its routes finished since and under way. Each exchange is
     * counted once, so the routes are held when that many requests are out or on their way; one that sent nothing
     * (filtered, failed) counts until the next count: the estimate errs high, never low.
     */
    int pendingEstimate() {
        return counted + (int) (finished.get() - finishedAtCount) + inFlight.get();
    }

    private void count() {
        try {
            // read first: an exchange finishing while the store is counted is counted twice, never missed
            long finishedBefore = finished.get();
            double pending = component().pendingCorrelations(endpointName);
            if (Double.isNaN(pending)) {
                if (!uncountableLogged) {
                    uncountableLogged = true;
                    LOG.warn("PendingInvocationsRoutePolicy cannot count the pending requests of {}: no sagemaker-async "
                            + "endpoint of it has started yet, or its correlation store cannot count", endpointName);
                }
                return;
            }
            if (!component().recordsCorrelations(endpointName) && !unrecordedLogged) {
                unrecordedLogged = true;
                LOG.warn("PendingInvocationsRoutePolicy cannot see the pending requests of {}: their correlations are not "
                        + "recorded (no consumer route of it in this CamelContext, and no correlationStore option)",
                        endpointName);
            }
            counted = (int) pending;
            finishedAtCount = finishedBefore;
            if (pendingEstimate() >= maxPendingInvocations) {
                suspendRoutes();
            } else if (counted + inFlight.get() <= resumeAt()) {
                resumeRoutes();
            }
        } catch (RuntimeException e) {
            LOG.warn("PendingInvocationsRoutePolicy could not count the pending requests of {}, counts again in {} ms: {}",
                    endpointName, checkIntervalMillis, e.getMessage());
        }
    }

    /**
     * Suspends every route whose consumer is not suspended yet: a consumer that was still resuming (a Kafka consumer
     * re-joining its group) may not have taken an earlier suspension, so each call checks again.
     */
    private synchronized void suspendRoutes() {
        boolean logged = holding;
        holding = true;
        for (Route route : routes) {
            if (ServiceHelper.isSuspended(route.getConsumer())) {
                continue;
            }
            if (!logged) {
                LOG.info("Route {} suspended: {} requests pending on {} (maxPendingInvocations {})", route.getRouteId(),
                        pendingEstimate(), endpointName, maxPendingInvocations);
            }
            try {
                suspendOrStopConsumer(route.getConsumer());
            } catch (Exception e) {
                LOG.warn("Route {} could not be suspended: {}", route.getRouteId(), e.getMessage());
            }
        }
    }

    private synchronized void resumeRoutes() {
        if (!holding) {
            return;
        }
        holding = false;
        for (Route route : routes) {
            LOG.info("Route {} resumed: {} requests pending on {} (resumePendingInvocations {})", route.getRouteId(),
                    counted, endpointName, resumeAt());
            try {
                resumeOrStartConsumer(route.getConsumer());
            } catch (Exception e) {
                LOG.warn("Route {} could not be resumed: {}", route.getRouteId(), e.getMessage());
            }
        }
    }

    /** Whether the policy holds its routes suspended. */
    public boolean isHoldingRoutes() {
        return holding;
    }

    private int resumeAt() {
        return resumePendingInvocations >= 0 ? resumePendingInvocations : maxPendingInvocations * 7 / 10;
    }

    private SageMakerAsyncComponent component() {
        return context.getComponent("sagemaker-async", SageMakerAsyncComponent.class);
    }

    public String getEndpointName() {
        return endpointName;
    }

    /** The SageMaker endpoint whose pending requests are counted (the name in {@code sagemaker-async:<name>}). */
    public void setEndpointName(String endpointName) {
        this.endpointName = endpointName;
    }

    public int getMaxPendingInvocations() {
        return maxPendingInvocations;
    }

    /** Requests accepted and not yet answered at which the routes are suspended; 1 or more. */
    public void setMaxPendingInvocations(int maxPendingInvocations) {
        this.maxPendingInvocations = maxPendingInvocations;
    }

    public int getResumePendingInvocations() {
        return resumePendingInvocations;
    }

    /** Pending requests at or below which suspended routes resume; by default 70% of maxPendingInvocations. */
    public void setResumePendingInvocations(int resumePendingInvocations) {
        this.resumePendingInvocations = resumePendingInvocations;
    }

    public long getCheckIntervalMillis() {
        return checkIntervalMillis;
    }

    /** How often the correlation store is counted, in milliseconds (1,000 by default; 10 or more). */
    public void setCheckIntervalMillis(long checkIntervalMillis) {
        this.checkIntervalMillis = checkIntervalMillis;
    }
}
