package io.github.sagemakerasync.emulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The emulator's own reads of inputs and writes of results. They go straight to S3Proxy's blob store, the
 * storage behind the S3 API, so they are not counted, delayed or faulted as client requests are.
 */
final class ObjectStorage {

    private final BlobStore store;

    private static final int WRITE_ATTEMPTS = 5;

    ObjectStorage(BlobStore store) {
        this.store = store;
    }

    void ensureBucket(String bucket) {
        if (!store.containerExists(bucket)) {
            store.createContainer(bucket);
        }
    }

    /** @throws IOException when the object does not exist or cannot be read */
    InputStream open(S3Location location) throws IOException {
        try {
            return store.getBlob(location.bucket(), location.key());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new MissingObjectException(location, e);
            }
            throw new IOException("the input object " + location + " cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("the input object " + location + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the object. A write that fails is tried again, up to {@value #WRITE_ATTEMPTS} times: S3Proxy's file
     * store removes a folder a delete left empty, and a write into it at that moment fails (seen in the soak). A result
     * the emulator fails to write would be lost: SageMaker never loses one.
     */
    void write(S3Location location, byte[] content, String contentType) {
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(location.bucket())
                .key(location.key())
                .contentType(contentType)
                .contentLength((long) content.length)
                .build();
        for (int attempt = 1; ; attempt++) {
            try {
                store.putBlob(request, new ByteArrayInputStream(content));
                return;
            } catch (RuntimeException e) {
                if (attempt == WRITE_ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    Optional<byte[]> read(S3Location location) {
        try (InputStream in = open(location)) {
            return Optional.of(in.readAllBytes());
        } catch (MissingObjectException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<HeadObjectResponse> metadata(S3Location location) {
        try {
            return Optional.of(store.blobMetadata(location.bucket(), location.key()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** No such object, or no such bucket. */
    static final class MissingObjectException extends IOException {
        private static final long serialVersionUID = 1L;

        MissingObjectException(S3Location location, Throwable cause) {
            super("the input object " + location + " does not exist", cause);
        }
    }

    /** Every object whose key starts with the location's key, in key order. */
    List<S3Location> list(S3Location prefix) {
        List<S3Location> objects = new ArrayList<>();
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(prefix.bucket()).prefix(prefix.key());
        ListObjectsV2Response page;
        do {
            page = store.list(request.build());
            for (S3Object object : page.contents()) {
                objects.add(new S3Location(prefix.bucket(), object.key()));
            }
            request.continuationToken(page.nextContinuationToken());
        } while (Boolean.TRUE.equals(page.isTruncated()));
        return objects;
    }
}
