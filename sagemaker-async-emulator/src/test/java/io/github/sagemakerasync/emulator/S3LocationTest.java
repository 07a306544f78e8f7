package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3LocationTest {

    @ParameterizedTest
    @CsvSource({
        "s3://bucket/key/part.json, bucket, key/part.json",
        "s3://bucket, bucket, ''",
        "s3://bucket/, bucket, ''",
        "https://bucket.s3.eu-west-1.amazonaws.com/a/b, bucket, a/b",
        "https://bucket.s3-eu-west-1.amazonaws.com/a, bucket, a",
        "https://s3.eu-west-1.amazonaws.com/bucket/a/b, bucket, a/b",
        "https://127.0.0.1:9000/bucket/a, bucket, a"})
    void parsesS3AndHttpsForms(String location, String bucket, String key) {
        assertThat(S3Location.parse(location)).isEqualTo(new S3Location(bucket, key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://bucket/key", "bucket/key", "s3:///key", "https://host/"})
    void refusesWhatIsNotAnS3Location(String location) {
        assertThatThrownBy(() -> S3Location.parse(location)).hasMessage("Not an S3 location: " + location);
    }

    @ParameterizedTest
    @CsvSource({"prefix, name, prefix/name", "prefix/, name, prefix/name", "'', name, name", "a, /b/c, a/b/c"})
    void resolvesANameUnderAPrefix(String prefix, String name, String key) {
        assertThat(new S3Location("b", prefix).resolve(name)).isEqualTo(new S3Location("b", key));
    }
}
