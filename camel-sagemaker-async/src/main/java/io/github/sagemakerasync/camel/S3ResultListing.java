package io.github.sagemakerasync.camel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The default result source: each poll lists the failure and output folders (one LIST page serves up to 1000 results,
 * never a request per pending inference). Results whose delivery is not over are claimed, so this consumer never
 * delivers one twice.
 */
final class S3ResultListing implements ResultSource {

    static final long UNCORRELATED_GRACE_MILLIS = 2_000;

    private final ResultObjects objects;
    private final CorrelationStore correlations;
    private final ResultSettings settings;
    private final ResultDelivery delivery;
    private final int maxMessagesPerPoll;
    /** Results whose exchange is in flight, or delivered but not yet finished in S3: never delivered again. */
    private final Set<S3Uri> claimed = ConcurrentHashMap.newKeySet();
    /**
     * Results finished (deleted or moved) since the listing numbered by the value started: that listing may still have
     * seen them, so they stay excluded until a listing starts after their finish (S3 lists consistently after a delete).
     */
    private final Map<S3Uri, Long> finishedDuringListing = new ConcurrentHashMap<>();
    private final AtomicLong listings = new AtomicLong();
    /** When this consumer first listed a result whose request the store does not know (System.nanoTime()). */
    private final Map<S3Uri, Long> firstSeenUncorrelated = new ConcurrentHashMap<>();

    S3ResultListing(ResultObjects objects, CorrelationStore correlations, ResultSettings settings, ResultDelivery delivery,
                    int maxMessagesPerPoll) {
        this.objects = objects;
        this.correlations = correlations;
        this.settings = settings;
        this.delivery = delivery;
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    /**
     * The results of this poll for the route, in listing order, claimed so that no later poll delivers them again;
     * those an exchange waits for go to it instead.
     */
    @Override
    public List<ResultArrival> next() {
        long listing = listings.incrementAndGet();
        finishedDuringListing.values().removeIf(finishedDuring -> finishedDuring < listing);
        Map<S3Uri, ResultObject> found = new LinkedHashMap<>();
        int limit = maxMessagesPerPoll;
        List<S3Uri> folders = folders();
        for (int index = 0; index < folders.size(); index++) {
            S3Uri folder = folders.get(index);
            // the failure folder is listed first with half the room, so failures never wait behind a backlog of
            // outputs, nor outputs behind failures; the output folder gets whatever room is left
            int room = limit == 0 ? 0 : index < folders.size() - 1 ? Math.max(1, limit / 2) : limit - found.size();
            if (limit > 0 && room <= 0) {
                break;
            }
            for (S3Object object : objects.list(folder, room, listed -> isNew(folder, listed)).join()) {
                S3Uri location = new S3Uri(folder.bucket(), object.key());
                Correlation correlation = correlations.find(location.toString()).orElse(null);
                found.putIfAbsent(location, ResultObject.listed(location, object, correlation, settings));
            }
        }
        List<ResultArrival> forRoute = new ArrayList<>();
        for (ResultObject result : found.values()) {
            if (claimed.add(result.location())) {
                ResultDelivery.Claim claim = claimOf(result);
                if (delivery.toWaiter(result, claim)) {
                    continue;
                }
                if (result.correlation() == null && tooYoungToBeUncorrelated(result.location())) {
                    claim.left();
                    continue;
                }
                firstSeenUncorrelated.remove(result.location());
                forRoute.add(new ResultArrival(result, claim));
            }
        }
        return forRoute;
    }

    /**
     * A fast inference's result can be listed before its producer has recorded the request (SageMaker answers the
     * invocation after queueing it, and the producer records on that answer): a result with no known request is
     * delivered uncorrelated only once this consumer has seen it for {@value #UNCORRELATED_GRACE_MILLIS} ms.
     */
    private boolean tooYoungToBeUncorrelated(S3Uri location) {
        long firstSeen = firstSeenUncorrelated.computeIfAbsent(location, seen -> System.nanoTime());
        return System.nanoTime() - firstSeen < TimeUnit.MILLISECONDS.toNanos(UNCORRELATED_GRACE_MILLIS);
    }

    /** The folders to list, the failure folder first. */
    private List<S3Uri> folders() {
        List<S3Uri> folders = new ArrayList<>();
        if (settings.failureFolder() != null && !settings.failureFolder().equals(settings.outputFolder())) {
            folders.add(settings.failureFolder());
        }
        if (settings.outputFolder() != null) {
            folders.add(settings.outputFolder());
        }
        return folders;
    }

    private boolean isNew(S3Uri folder, S3Object object) {
        S3Uri location = new S3Uri(folder.bucket(), object.key());
        return !claimed.contains(location) && !finishedDuringListing.containsKey(location)
                && delivery.isNew(location, object.eTag());
    }

    /** Releases the result's claim when its delivery is over; one that left its folder is not listed again. */
    private ResultDelivery.Claim claimOf(ResultObject result) {
        return new ResultDelivery.Claim() {
            @Override
            public void finished(boolean gone) {
                if (gone) {
                    finishedDuringListing.put(result.location(), listings.get());
                }
                claimed.remove(result.location());
            }

            @Override
            public void left() {
                claimed.remove(result.location());
            }
        };
    }
}
