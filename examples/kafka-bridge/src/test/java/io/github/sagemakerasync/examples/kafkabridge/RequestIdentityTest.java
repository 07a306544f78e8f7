package io.github.sagemakerasync.examples.kafkabridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdentityTest {

    private static final String TAG = RequestIdentity.tag("x2k5BBj7SbCq3yBHgDvU3A", "sagemaker-async-bridge");

    @Test
    void anIdentityIsItsRecordsPositionUnderATagOfTheTopicAndGroup() {
        RequestIdentity identity = new RequestIdentity(TAG, 4, 1093);

        assertThat(TAG).matches("[0-9a-f]{8}");
        assertThat(identity.inferenceId()).isEqualTo("kb-" + TAG + "-4-1093");
        assertThat(identity.filename()).contains(identity.inferenceId());
        assertThat(RequestIdentity.parse(identity.inferenceId())).contains(identity);
    }

    @Test
    void aTopicCreatedAgainOrAnotherGroupGivesAnotherTag() {
        assertThat(RequestIdentity.tag("AAAAAAAAAAAAAAAAAAAAAA", "sagemaker-async-bridge")).isNotEqualTo(TAG);
        assertThat(RequestIdentity.tag("x2k5BBj7SbCq3yBHgDvU3A", "another-bridge")).isNotEqualTo(TAG);
    }

    @Test
    void theLargestPositionsStillMakeAValidInferenceIdButNoFilename() {
        RequestIdentity largest = new RequestIdentity(TAG, Integer.MAX_VALUE, Long.MAX_VALUE);

        // SageMaker: InferenceId up to 64 characters, Filename up to 32
        assertThat(largest.inferenceId()).hasSizeLessThanOrEqualTo(64);
        assertThat(largest.filename()).isEmpty();
        assertThat(RequestIdentity.parse(largest.inferenceId())).contains(largest);
        assertThat(new RequestIdentity(TAG, 999, 9_999_999_999_999L).filename()).isPresent();
    }

    @Test
    void aResultsLocationNamesItsRequestWhenNamedAfterIt() {
        RequestIdentity identity = new RequestIdentity(TAG, 0, 7);

        assertThat(RequestIdentity.ofResultLocation("s3://bucket/output/" + identity.inferenceId())).contains(identity);
        assertThat(RequestIdentity.ofResultLocation("s3://bucket/failures/" + identity.inferenceId() + "-error.out"))
                .contains(identity);
        assertThat(RequestIdentity.ofResultLocation("s3://bucket/output/6f1c2b1e-93a4-4c57-9d21-0b7d1e2c3f40.out")).isEmpty();
        assertThat(RequestIdentity.ofResultLocation(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "kb-", "kb-ABCDEF12-1-2", "kb-abcdef12-1", "kb-abcdef12-1-2-3", "kb-abcdef12--1-2",
        "kb-abcdef12-99999999999-2", "xkb-abcdef12-1-2", "3f0c9a1e-5d2b-4f0e-9a71-2c8d4b6e1f03" })
    void whatIsNotAnIdentityIsNotTakenForOne(String inferenceId) {
        assertThat(RequestIdentity.parse(inferenceId)).isEmpty();
    }
}
