package io.github.sagemakerasync.camel;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The default result source: polls take results from a page of each folder's listing, the failure folder first; a page
 * serves up to 1000 results over as many polls as it takes (never a request per pending inference, and a LIST only when
 * a page runs out: a backlog of 10,000 costs about ten of each folder). Results whose delivery is not over are claimed,
 * so this consumer never delivers one twice.
 */
final class S3ResultListing implements ResultSource {

    static final long UNCORRELATED_GRACE_MILLIS = 2_000;
    /** How long a young uncorrelated result is remembered: listed again after that, it is young again for the grace. */
    private static final long FORGET_UNCORRELATED_MILLIS = 60_000;

    private final ResultStorage storage;
    private final CorrelationStore correlations;
    private final BooleanSupplier correlationsMayArrive;
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
    /** The last listing stopped at maxMessagesPerPoll. */
    private volatile boolean moreWaiting;
    /** Per folder, what its last listing found that no poll took yet (only the poll thread uses them). */
    private final Map<S3Uri, Page> pages = new HashMap<>();

    /**
     * Objects of a folder listed by the listing numbered {@code listedAt}, in key order; polls take them from the front.
     * {@code s3Time}: S3's time when it answered (null when unknown).
     */
    private record Page(Deque<S3Object> objects, long listedAt, Instant s3Time) {
    }

    /** An object taken from a listing, with S3's time of that listing (null when unknown). */
    private record Listed(S3Object object, Instant s3Time) {
    }

    S3ResultListing(ResultStorage storage, CorrelationStore correlations, BooleanSupplier correlationsMayArrive,
                    ResultSettings settings, ResultDelivery delivery, int maxMessagesPerPoll) {
        this.storage = storage;
        this.correlations = correlations;
        this.correlationsMayArrive = correlationsMayArrive;
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
        // a result finished before the oldest page still held was listed can be in no page nor in a later listing
        long oldestPage = pages.values().stream().filter(page -> !page.objects().isEmpty()).mapToLong(Page::listedAt)
                .min().orElse(listing);
        finishedDuringListing.values().removeIf(finishedDuring -> finishedDuring < oldestPage);
        // a result set aside while young and not listed here since was delivered by another instance, or removed
        long forgotten = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(FORGET_UNCORRELATED_MILLIS);
        firstSeenUncorrelated.values().removeIf(firstSeen -> firstSeen - forgotten < 0);
        Map<S3Uri, ResultObject> found = new LinkedHashMap<>();
        Map<S3Uri, Instant> s3Times = new HashMap<>();
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
            for (Listed listed : take(folder, room, listing)) {
                S3Uri location = new S3Uri(folder.bucket(), listed.object().key());
                Correlation correlation = correlations.find(location.toString()).orElse(null);
                found.putIfAbsent(location, ResultObject.listed(location, listed.object(), correlation, settings));
                if (listed.s3Time() != null) {
                    s3Times.put(location, listed.s3Time());
                }
            }
        }
        List<ResultArrival> forRoute = new ArrayList<>();
        for (ResultObject result : found.values()) {
            if (claimed.add(result.location())) {
                ResultClaim claim = claimOf(result);
                if (delivery.toWaiter(result, claim)) {
                    continue;
                }
                if (result.correlation() == null && mayStillBeCorrelated(result, s3Times.get(result.location()))) {
                    claim.left();
                    continue;
                }
                firstSeenUncorrelated.remove(result.location());
                forRoute.add(new ResultArrival(result, claim));
            }
        }
        // a full listing leaves more waiting; one whose results all wait for their correlation is not worth repeating
        moreWaiting = limit > 0 && found.size() >= limit && !forRoute.isEmpty();
        return forRoute;
    }

    /**
     * Up to {@code room} new results of the folder: first from its page, then, when the page runs out, from a new
     * listing of up to 1000 that becomes its page. Without a limit (room 0), every result listed now.
     */
    private List<Listed> take(S3Uri folder, int room, long listing) {
        if (room == 0) {
            ResultStorage.Listing all = storage.list(folder, 0, object -> isNew(folder, object)).join();
            return all.objects().stream().map(object -> new Listed(object, all.s3Time())).toList();
        }
        List<Listed> taken = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        Page page = pages.get(folder);
        if (page != null) {
            takeFrom(page, folder, room, taken, keys);
        }
        if (taken.size() < room) {
            ResultStorage.Listing listed = storage.list(folder, ResultStorage.PAGE_SIZE,
                    object -> isNew(folder, object) && !keys.contains(object.key())).join();
            page = new Page(new ArrayDeque<>(listed.objects()), listing, listed.s3Time());
            pages.put(folder, page);
            takeFrom(page, folder, room, taken, keys);
        }
        return taken;
    }

    /** Moves the page's objects that are still new to {@code taken}, until it holds {@code room}. */
    private void takeFrom(Page page, S3Uri folder, int room, List<Listed> taken, Set<String> keys) {
        while (taken.size() < room && !page.objects().isEmpty()) {
            S3Object object = page.objects().pollFirst();
            // since the listing, this consumer may have delivered it, or set it aside
            if (isNew(folder, object) && keys.add(object.key())) {
                taken.add(new Listed(object, page.s3Time()));
            }
        }
    }

    @Override
    public boolean moreWaiting() {
        return moreWaiting;
    }

    /**
     * A fast inference's result can be listed before its producer has recorded the request (SageMaker answers the
     * invocation after queueing it, and the producer records on that answer): where a correlation can still come
     * (SageMakerAsyncEndpoint#correlationsMayArrive), a result with no known request is delivered uncorrelated only
     * once it is {@value #UNCORRELATED_GRACE_MILLIS} ms old. Its age is read on S3's clock when the listing says what
     * time it was (LastModified and Date both to the second, hence a second more), else counted from when this consumer
     * first listed it; so a backlog left by an instance that died goes out at once, not a page per grace.
     */
    private boolean mayStillBeCorrelated(ResultObject result, Instant s3Time) {
        if (!correlationsMayArrive.getAsBoolean()) {
            return false;
        }
        if (s3Time != null && result.lastModified() != null
                && !result.lastModified().plusMillis(UNCORRELATED_GRACE_MILLIS + 1_000).isAfter(s3Time)) {
            return false;
        }
        return tooYoungToBeUncorrelated(result.location());
    }

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
    private ResultClaim claimOf(ResultObject result) {
        return new ResultClaim() {
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
