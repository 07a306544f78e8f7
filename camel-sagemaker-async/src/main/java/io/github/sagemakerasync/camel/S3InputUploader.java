package io.github.sagemakerasync.camel;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Uploads payloads that go through S3, each to a new object under the input prefix, and removes them again when
 * the invocation fails. Large and unknown-length payloads become multipart uploads in the SDK's multipart client.
 */
final class S3InputUploader {

    private static final Logger LOG = LoggerFactory.getLogger(S3InputUploader.class);
    /** S3's smallest part: an upload that failed before sending this much cannot have been a multipart upload. */
    /** The smallest part S3 takes in a multipart upload (but the last). */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** When the unfinished-upload sweep lists the failed key, in milliseconds after the failure. */
    private static final long[] SWEEP_DELAYS = {0, 500, 2_000, 5_000};

    private final S3AsyncClient s3;
    private final SageMakerAsyncConfiguration options;
    private final BackgroundRetry background;

    S3InputUploader(S3AsyncClient s3, SageMakerAsyncConfiguration options, BackgroundRetry background) {
        this.s3 = s3;
        this.options = options;
        this.background = background;
    }

    /** Uploads under {@code prefix}; completes with the new object's location. */
    CompletableFuture<S3Uri> upload(Payload.ThroughS3 payload, S3Uri prefix, String contentType) {
        S3Uri object = prefix.child(UUID.randomUUID().toString());
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(object.bucket())
                .key(object.key())
                .contentType(contentType)
                .contentLength(payload.size())
                .serverSideEncryption(options.getServerSideEncryption())
                .ssekmsKeyId(options.getSseKmsKeyId())
                .expectedBucketOwner(options.getExpectedBucketOwner())
                .build();
        CompletableFuture<S3Uri> uploaded;
        try {
            uploaded = s3.putObject(request, payload.body()).thenApply(response -> object);
        } catch (RuntimeException e) {
            uploaded = CompletableFuture.failedFuture(e);
        }
        return uploaded.whenComplete((location, error) -> {
            payload.closeSource();
            LOG.debug("Upload of {} bytes to {} {}", payload.bytesSent(), object, error == null ? "done" : "failed");
            if (error != null && payload.bytesSent() >= MIN_PART_SIZE) {
                sweepUnfinishedUpload(object, 0);
            }
        });
    }

    /**
     * Why: when a stream fails while the SDK's CreateMultipartUpload is not yet answered, the SDK fails the upload
     * without an upload id and never aborts it, though S3 goes on to create it (even twice, when the SDK sends the
     * cancelled request again); its parts would stay billed. Keys are unique, so any unfinished upload of this key is
     * ours: list them several times over some seconds, in the background, and abort every one that shows up.
     */
    private void sweepUnfinishedUpload(S3Uri object, int attempt) {
        background.later(SWEEP_DELAYS[attempt])
                .thenCompose(ignored -> s3.listMultipartUploads(r -> r.bucket(object.bucket()).prefix(object.key())
                        .expectedBucketOwner(options.getExpectedBucketOwner())))
                .thenCompose(listing -> {
                    CompletableFuture<?>[] aborts = listing.uploads().stream()
                            .filter(upload -> upload.key().equals(object.key()))
                            .map(upload -> s3.abortMultipartUpload(r -> r.bucket(object.bucket()).key(object.key())
                                    .uploadId(upload.uploadId()).expectedBucketOwner(options.getExpectedBucketOwner())))
                            .toArray(CompletableFuture[]::new);
                    return CompletableFuture.allOf(aborts).thenApply(done -> aborts.length);
                })
                .whenComplete((aborted, error) -> {
                    if (error != null) {
                        LOG.debug("Could not sweep unfinished multipart uploads of {}: {}", object, error.getMessage());
                    } else if (aborted > 0) {
                        LOG.debug("Aborted {} unfinished multipart upload(s) of {}", aborted, object);
                    }
                    if (attempt + 1 < SWEEP_DELAYS.length && !background.stopped()) {
                        sweepUnfinishedUpload(object, attempt + 1);
                    }
                });
    }

    /**
     * Deletes an uploaded input; never fails. When S3 fails the delete (beyond the SDK's retries), it is tried again in
     * the background ({@link BackgroundRetry}), so the exchange is not held; only if all fail is the object logged, to
     * be removed by hand.
     */
    CompletableFuture<Void> delete(S3Uri object) {
        return deleteOnce(object).handle((ignored, error) -> {
            if (error == null) {
                LOG.debug("Deleted the uploaded input {} after the invocation failed", object);
                return null;
            }
            background.retry(BackgroundRetry.CLEAN_UP_DELAYS_MILLIS, () -> deleteOnce(object)).whenComplete((done, lastError) -> {
                if (lastError != null) {
                    LOG.warn("Could not delete the uploaded input {} after the invocation failed; remove it by hand",
                            object, lastError);
                } else {
                    LOG.debug("Deleted the uploaded input {} after the invocation failed, in the background", object);
                }
            });
            return null;
        });
    }

    private CompletableFuture<Void> deleteOnce(S3Uri object) {
        try {
            return s3.deleteObject(r -> r.bucket(object.bucket()).key(object.key())
                    .expectedBucketOwner(options.getExpectedBucketOwner())).thenApply(response -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
