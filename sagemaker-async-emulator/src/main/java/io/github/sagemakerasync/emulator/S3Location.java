package io.github.sagemakerasync.emulator;

import java.net.URI;
import java.util.Objects;

/**
 * The address of an S3 object or prefix: {@code s3://bucket/key}.
 *
 * <p>Also reads the {@code https://} forms that {@code InputLocation} accepts: virtual-hosted
 * ({@code https://bucket.s3.region.amazonaws.com/key}) and path-style ({@code https://host/bucket/key}).
 */
public record S3Location(String bucket, String key) {

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("S3 location has no bucket");
        }
    }

    public static S3Location parse(String location) {
        Objects.requireNonNull(location, "location");
        URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not an S3 location: " + location, e);
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        String path = uri.getPath() == null ? "" : uri.getPath();
        if ("s3".equals(scheme) && host != null) {
            return new S3Location(host, stripLeadingSlash(path));
        }
        if ("https".equals(scheme) && host != null) {
            int virtualHostMarker = host.indexOf(".s3.");
            if (virtualHostMarker < 0) {
                virtualHostMarker = host.indexOf(".s3-");
            }
            if (virtualHostMarker > 0) {
                return new S3Location(host.substring(0, virtualHostMarker), stripLeadingSlash(path));
            }
            String bucketAndKey = stripLeadingSlash(path);
            int slash = bucketAndKey.indexOf('/');
            if (slash > 0) {
                return new S3Location(bucketAndKey.substring(0, slash), bucketAndKey.substring(slash + 1));
            }
            if (!bucketAndKey.isEmpty()) {
                return new S3Location(bucketAndKey, "");
            }
        }
        throw new IllegalArgumentException("Not an S3 location: " + location);
    }

    /**
     * Whether the key has a path segment a file system cannot hold as it is: empty ({@code a//b}), {@code .} or
     * {@code ..}. S3 keeps such keys; the emulator's storage would write them elsewhere, or not at all.
     */
    boolean hasUnstorableSegment() {
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** This location treated as a prefix, with {@code name} appended after a single '/'. */
    public S3Location resolve(String name) {
        String prefix = key.isEmpty() || key.endsWith("/") ? key : key + "/";
        return new S3Location(bucket, prefix + stripLeadingSlash(name));
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }

    private static String stripLeadingSlash(String value) {
        return value.startsWith("/") ? value.substring(1) : value;
    }
}
