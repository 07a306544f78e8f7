package io.github.sagemakerasync.camel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 side of results, shared by the consumer and the request-reply watcher: listing a prefix (one page serves up
 * to 1000 results), reading a result, and finishing it once delivered (afterRead, deleteInputAfterResult).
 */
final class ResultObjects {

    private static final Logger LOG = LoggerFactory.getLogger(ResultObjects.class);
    private static final int PAGE_SIZE = 1000;

    private final S3AsyncClient s3;
    private final SageMakerAsyncConfiguration options;

    ResultObjects(S3AsyncClient s3, SageMakerAsyncConfiguration options) {
        this.s3 = s3;
        this.options = options;
    }

    /**
     * Lists the objects in {@code folder} (and its sub-folders, never a sibling sharing the start of its name), page
     * after page, keeping those {@code accept} takes, until {@code limit} were kept (0: no limit) or the listing ends.
     */
    CompletableFuture<List<S3Object>> list(S3Uri folder, int limit, Predicate<S3Object> accept) {
        return listFrom(folder.folder(), null, limit, accept, new ArrayList<>());
    }

    private CompletableFuture<List<S3Object>> listFrom(S3Uri prefix, String continuationToken, int limit,
                                                       Predicate<S3Object> accept, List<S3Object> kept) {
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(prefix.bucket())
                .prefix(prefix.key())
                .maxKeys(PAGE_SIZE)
                .continuationToken(continuationToken)
                .expectedBucketOwner(options.getExpectedBucketOwner())
                .build();
        return s3.listObjectsV2(request).thenCompose((ListObjectsV2Response page) -> {
            for (S3Object object : page.contents()) {
                if (limit > 0 && kept.size() >= limit) {
                    return CompletableFuture.completedFuture(kept);
                }
                if (!object.key().endsWith("/") && accept.test(object)) {
                    kept.add(object);
                }
            }
            if (Boolean.TRUE.equals(page.isTruncated()) && (limit == 0 || kept.size() < limit)) {
                return listFrom(prefix, page.nextContinuationToken(), limit, accept, kept);
            }
            return CompletableFuture.completedFuture(kept);
        });
    }

    /**
     * Reads a result: a failure as its text; an output up to resultStreamingThreshold bytes into a byte[]; a larger
     * one as a stream that reads from S3 while the route consumes it (the caller closes it).
     */
    CompletableFuture<ResultBody> read(ResultObject result) {
        S3Uri location = result.location();
        if (result.status() == ResultStatus.Completed && result.size() > options.getResultStreamingThreshold()) {
            return s3.getObject(r -> r.bucket(location.bucket()).key(location.key())
                            .expectedBucketOwner(options.getExpectedBucketOwner()),
                    AsyncResponseTransformer.toBlockingInputStream())
                    .thenApply(stream -> new ResultBody(stream, stream.response().contentType()));
        }
        return s3.getObject(r -> r.bucket(location.bucket()).key(location.key())
                        .expectedBucketOwner(options.getExpectedBucketOwner()),
                AsyncResponseTransformer.toBytes())
                .thenApply(bytes -> new ResultBody(result.status() == ResultStatus.Failed
                        ? new String(bytes.asByteArrayUnsafe(), StandardCharsets.UTF_8) : bytes.asByteArrayUnsafe(),
                        bytes.response().contentType()));
    }

    /**
     * Finishes a delivered result: applies afterRead (keep does nothing here: the caller remembers it), then
     * deleteInputAfterResult when the result is correlated with an uploaded input.
     */
    CompletableFuture<Void> finish(ResultObject result, S3Uri listedPrefix) {
        CompletableFuture<Void> finished = afterRead(result, listedPrefix);
        Correlation correlation = result.correlation();
        if (options.isDeleteInputAfterResult() && correlation != null && correlation.uploadedInput() != null) {
            finished = finished.thenCompose(done -> deleteInput(correlation.uploadedInput()));
        }
        return finished;
    }

    private CompletableFuture<Void> afterRead(ResultObject result, S3Uri listedPrefix) {
        S3Uri location = result.location();
        return switch (options.getAfterRead()) {
            case keep -> CompletableFuture.completedFuture(null);
            case delete -> delete(location);
            case move -> move(result, S3Uri.parse(options.getMoveTo(), "option moveTo"), listedPrefix);
        };
    }

    /** Copies a result into {@code folder}, keeping its key below the listed folder, then deletes it. */
    CompletableFuture<Void> move(ResultObject result, S3Uri folder, S3Uri listedFolder) {
        S3Uri location = result.location();
        S3Uri target = folder.child(relativeKey(location, listedFolder));
        return s3.copyObject(r -> r.sourceBucket(location.bucket()).sourceKey(location.key())
                        .destinationBucket(target.bucket()).destinationKey(target.key())
                        .expectedBucketOwner(options.getExpectedBucketOwner()))
                .thenCompose(copied -> delete(location));
    }

    /** Whether S3 answered that the object does not exist (it was listed, then deleted). */
    static boolean isMissing(Throwable error) {
        return error instanceof NoSuchKeyException || error instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    private CompletableFuture<Void> deleteInput(String uploadedInput) {
        return delete(S3Uri.parse(uploadedInput, "uploaded input"))
                .whenComplete((done, error) -> LOG.debug("Deleted the input {} of a delivered result", uploadedInput));
    }

    private CompletableFuture<Void> delete(S3Uri object) {
        return s3.deleteObject(r -> r.bucket(object.bucket()).key(object.key())
                .expectedBucketOwner(options.getExpectedBucketOwner())).thenApply(response -> null);
    }

    /** The key below the listed folder, so a moved result keeps its sub-path (an S3OutputPathExtension, say). */
    private static String relativeKey(S3Uri location, S3Uri listedFolder) {
        String key = location.key();
        if (listedFolder != null && listedFolder.contains(location)) {
            return key.substring(listedFolder.folder().key().length());
        }
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** A result's body (byte[], String or InputStream) and content type. */
    record ResultBody(Object body, String contentType) {
    }
}
