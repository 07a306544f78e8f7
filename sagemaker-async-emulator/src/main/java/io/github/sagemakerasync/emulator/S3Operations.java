package io.github.sagemakerasync.emulator;

/**
 * Names an S3 request by AWS's operation name from its method, path and query, for the request counters.
 * Path-style addressing only ({@code /bucket/key}), which is what the emulator serves.
 */
final class S3Operations {

    private S3Operations() {
    }

    /**
     * @param path       the request path, {@code /bucket/key...}
     * @param query      the raw query string, or null
     * @param copySource whether the request carries {@code x-amz-copy-source}
     */
    static String name(String method, String path, String query, boolean copySource) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.isEmpty()) {
            return method.equals("GET") ? "ListBuckets" : "Unknown";
        }
        boolean onObject = trimmed.indexOf('/') > 0 && trimmed.indexOf('/') < trimmed.length() - 1;
        String q = query == null ? "" : "&" + query + "&";
        return onObject ? objectOperation(method, q, copySource) : bucketOperation(method, q);
    }

    private static String bucketOperation(String method, String q) {
        return switch (method) {
            case "GET" -> has(q, "list-type=2") ? "ListObjectsV2"
                    : has(q, "uploads") ? "ListMultipartUploads"
                    : has(q, "versions") ? "ListObjectVersions"
                    : has(q, "location") ? "GetBucketLocation"
                    : "ListObjects";
            case "HEAD" -> "HeadBucket";
            case "PUT" -> "CreateBucket";
            case "DELETE" -> "DeleteBucket";
            case "POST" -> has(q, "delete") ? "DeleteObjects" : "Unknown";
            default -> "Unknown";
        };
    }

    private static String objectOperation(String method, String q, boolean copySource) {
        boolean multipart = has(q, "uploadId");
        return switch (method) {
            case "GET" -> multipart ? "ListParts" : "GetObject";
            case "HEAD" -> "HeadObject";
            case "PUT" -> multipart ? (copySource ? "UploadPartCopy" : "UploadPart")
                    : copySource ? "CopyObject" : "PutObject";
            case "POST" -> has(q, "uploads") ? "CreateMultipartUpload"
                    : multipart ? "CompleteMultipartUpload" : "Unknown";
            case "DELETE" -> multipart ? "AbortMultipartUpload" : "DeleteObject";
            default -> "Unknown";
        };
    }

    /** Whether the query, wrapped in '&', has this parameter (bare or with a value). */
    private static boolean has(String q, String parameter) {
        return parameter.contains("=") ? q.contains("&" + parameter + "&")
                : q.contains("&" + parameter + "&") || q.contains("&" + parameter + "=");
    }
}
