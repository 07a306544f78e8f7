package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3OperationsTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "GET, /, null, false, ListBuckets",
        "GET, /b, list-type=2&prefix=x, false, ListObjectsV2",
        "GET, /b/, prefix=x, false, ListObjects",
        "GET, /b, uploads, false, ListMultipartUploads",
        "HEAD, /b, null, false, HeadBucket",
        "PUT, /b, null, false, CreateBucket",
        "POST, /b, delete, false, DeleteObjects",
        "GET, /b/k/x.out, null, false, GetObject",
        "HEAD, /b/k, null, false, HeadObject",
        "PUT, /b/k, null, false, PutObject",
        "PUT, /b/k, null, true, CopyObject",
        "POST, /b/k, uploads, false, CreateMultipartUpload",
        "PUT, /b/k, partNumber=1&uploadId=u, false, UploadPart",
        "PUT, /b/k, partNumber=1&uploadId=u, true, UploadPartCopy",
        "POST, /b/k, uploadId=u, false, CompleteMultipartUpload",
        "DELETE, /b/k, uploadId=u, false, AbortMultipartUpload",
        "GET, /b/k, uploadId=u, false, ListParts",
        "DELETE, /b/k, null, false, DeleteObject",
        "PATCH, /b/k, null, false, Unknown"})
    void namesRequestsByAwsOperation(String method, String path, String query, boolean copy, String operation) {
        assertThat(S3Operations.name(method, path, query, copy)).isEqualTo(operation);
    }
}
