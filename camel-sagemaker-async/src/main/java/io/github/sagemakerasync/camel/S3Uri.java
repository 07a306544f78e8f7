package io.github.sagemakerasync.camel;

import java.util.Objects;

/**
 * An S3 object or folder, {@code s3://bucket/key}. Locations the user configures (input, output, failure, moveTo) are
 * folders, as SageMaker treats them: {@code s3://b/sentiment} holds {@code sentiment/x.out}, never
 * {@code sentiment-inputs/x}.
 */
record S3Uri(String bucket, String key) {

    private static final String SCHEME = "s3://";

    S3Uri {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }

    /**
     * @param source names where the value came from, for the error message ({@code option inputLocation})
     */
    static S3Uri parse(String value, String source) {
        if (value == null || !value.startsWith(SCHEME)) {
            throw new IllegalArgumentException(source + " must be an S3 URI, s3://bucket/prefix, but is '" + value + "'");
        }
        String rest = value.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException(source + " must name a bucket, s3://bucket/prefix, but is '" + value + "'");
        }
        return new S3Uri(bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }

    /** An object named {@code name} under this prefix; the prefix is taken as a folder. */
    S3Uri child(String name) {
        return new S3Uri(bucket, key.isEmpty() || key.endsWith("/") ? key + name : key + "/" + name);
    }

    /** This location as a folder: its key ends with {@code /}, or is empty for the bucket's root. */
    S3Uri folder() {
        return key.isEmpty() || key.endsWith("/") ? this : new S3Uri(bucket, key + "/");
    }

    /** The folder this object is in. */
    S3Uri parent() {
        return new S3Uri(bucket, key.substring(0, key.lastIndexOf('/') + 1));
    }

    /** Whether {@code other} lies in this folder (or is it). */
    boolean contains(S3Uri other) {
        return bucket.equals(other.bucket()) && other.folder().key().startsWith(folder().key());
    }

    /** Whether one of the two folders lies in the other: what one lists, the other's objects show up in. */
    boolean overlaps(S3Uri other) {
        return contains(other) || other.contains(this);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
