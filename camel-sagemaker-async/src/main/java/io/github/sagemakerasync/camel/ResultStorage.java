package io.github.sagemakerasync.camel;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 requests of results: listing a folder (one page serves up to 1000 results), reading a result, and finishing
 * it once delivered (afterRead, deleteInputAfterResult) or moving it aside.
 *
 * <p>Reads, deletes and copies are sent from request threads of their own: the SDK resolves the endpoint, marshals
 * and signs a request on the thread that sends it, and from a consumer's one poll thread that work (about a
 * millisecond a request on a small machine) would be the limit of a backlog's drain.
 */
final class ResultStorage {

    private static final Logger LOG = LoggerFactory.getLogger(ResultStorage.class);
    /** The most keys S3 lists in one page. */
    static final int PAGE_SIZE = 1000;

    private final S3AsyncClient s3;
    private final ResultSettings settings;
    private final Executor requestThreads;

    ResultStorage(S3AsyncClient s3, ResultSettings settings, Executor requestThreads) {
        this.s3 = s3;
        this.settings = settings;
        this.requestThreads = requestThreads;
    }

    /** Sends the request from a request thread; from this one when the endpoint stops and they take no more. */
    private <T> CompletableFuture<T> send(Supplier<CompletableFuture<T>> request) {
        try {
            return CompletableFuture.supplyAsync(request, requestThreads).thenCompose(Function.identity());
        } catch (RejectedExecutionException e) {
            return request.get();
        }
    }

    /**
     * What a listing found, and S3's time when it answered the first page (its Date header; null when absent): the
     * objects' LastModified are of the same clock, so their age needs no clock of this machine.
     */
    record Listing(List<S3Object> objects, Instant s3Time) {
    }

    /**
     * Lists the objects in {@code folder} (and its sub-folders, never a sibling sharing the start of its name), page
     * after page, keeping those {@code accept} takes, until {@code limit} were kept (0: no limit; no further page is
     * asked for then) or the listing ends.
     */
    CompletableFuture<Listing> list(S3Uri folder, int limit, Predicate<S3Object> accept) {
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(folder.bucket())
                .prefix(folder.folder().key())
                .maxKeys(PAGE_SIZE)
                .expectedBucketOwner(settings.expectedBucketOwner())
                .build();
        AtomicReference<Instant> s3Time = new AtomicReference<>();
        SdkPublisher<S3Object> kept = s3.listObjectsV2Paginator(request)
                .map(page -> {
                    s3Time.compareAndSet(null, dateOf(page));
                    return page;
                })
                .flatMapIterable(ListObjectsV2Response::contents)
                .filter(object -> !object.key().endsWith("/") && accept.test(object));
        if (limit > 0) {
            kept = kept.limit(limit);
        }
        // the publisher calls the subscriber one object at a time, and completes the future after the last
        List<S3Object> objects = new ArrayList<>();
        return kept.subscribe(objects::add).thenApply(done -> new Listing(objects, s3Time.get()));
    }

    /** The response's Date header (RFC 1123, to the second), or null. */
    private static Instant dateOf(ListObjectsV2Response page) {
        try {
            return page.sdkHttpResponse().firstMatchingHeader("Date")
                    .map(date -> Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(date))).orElse(null);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Reads a result as bytes, or, when it is an output over resultStreamingThreshold bytes, as a stream that reads from
     * S3 while the route consumes it (the caller closes it).
     */
    CompletableFuture<ResultBody> read(ResultObject result) {
        S3Uri location = result.location();
        if (result.status() == ResultStatus.Completed && result.size() > settings.streamingThreshold()) {
            return send(() -> s3.getObject(r -> r.bucket(location.bucket()).key(location.key())
                            .expectedBucketOwner(settings.expectedBucketOwner()),
                    AsyncResponseTransformer.toBlockingInputStream()))
                    .thenApply(stream -> new ResultBody(stream, stream.response().contentType()));
        }
        return send(() -> s3.getObject(r -> r.bucket(location.bucket()).key(location.key())
                        .expectedBucketOwner(settings.expectedBucketOwner()),
                AsyncResponseTransformer.toBytes()))
                .thenApply(bytes -> new ResultBody(bytes.asByteArrayUnsafe(), bytes.response().contentType()));
    }

    /**
     * Finishes a delivered result: applies afterRead (keep does nothing here: the caller remembers it), then
     * deleteInputAfterResult when the component uploaded its input.
     */
    CompletableFuture<Void> finish(ResultObject result) {
        CompletableFuture<Void> finished = result.location() == null ? CompletableFuture.completedFuture(null)
                : switch (settings.afterRead()) {
                    case keep -> CompletableFuture.completedFuture(null);
                    case delete -> delete(result.location());
                    case move -> move(result, settings.moveTo());
                };
        S3Uri input = settings.deleteInputAfterResult() ? uploadedInput(result) : null;
        if (input != null) {
            finished = finished.thenCompose(done -> delete(input))
                    .whenComplete((done, error) -> LOG.debug("Deleted the input {} of a delivered result", input));
        }
        return finished;
    }

    /**
     * The input the component uploaded for this result: its correlation's; or, for an uncorrelated notified result (a
     * request accepted just before its producer's process died), the notification's InputLocation when it lies in this
     * endpoint's upload folder, which holds only the component's uploads (an input a user names is never deleted).
     */
    private S3Uri uploadedInput(ResultObject result) {
        Correlation correlation = result.correlation();
        if (correlation != null) {
            return correlation.uploadedInput() == null ? null : S3Uri.parse(correlation.uploadedInput(), "uploaded input");
        }
        Notification notification = result.notification();
        if (notification == null || notification.inputLocation() == null || settings.uploadFolder() == null) {
            return null;
        }
        try {
            S3Uri input = S3Uri.parse(notification.inputLocation(), "notified input location");
            return settings.uploadFolder().contains(input.parent()) ? input : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Copies a result into {@code folder}, keeping its key below its listed folder, then deletes it. */
    CompletableFuture<Void> move(ResultObject result, S3Uri folder) {
        S3Uri location = result.location();
        S3Uri target = folder.child(location.key().substring(result.listedFolder().key().length()));
        return send(() -> s3.copyObject(r -> r.sourceBucket(location.bucket()).sourceKey(location.key())
                        .destinationBucket(target.bucket()).destinationKey(target.key())
                        .expectedBucketOwner(settings.expectedBucketOwner())))
                .thenCompose(copied -> delete(location));
    }

    /** Whether S3 answered that the object does not exist (it was listed, then deleted). */
    static boolean isMissing(Throwable error) {
        return error instanceof NoSuchKeyException || error instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    private CompletableFuture<Void> delete(S3Uri object) {
        return send(() -> s3.deleteObject(r -> r.bucket(object.bucket()).key(object.key())
                .expectedBucketOwner(settings.expectedBucketOwner()))).thenApply(response -> null);
    }
}
