package io.github.sagemakerasync.camel;

/**
 * The result options of an endpoint, parsed once when it starts: what every delivery (to a consumer route or to a
 * waiting exchange) reads, so that no message re-parses an option.
 *
 * @param outputFolder  outputLocation as a folder, or null (not set, or not yet discovered)
 * @param failureFolder failureLocation as a folder, or null
 * @param moveTo        where afterRead=move puts delivered results, or null
 * @param deadLetters   where poison results are moved (deadLetterLocation), or null: they are then skipped
 * @param uploadFolder  inputLocation as a folder, where the component uploads payloads, or null
 */
record ResultSettings(S3Uri outputFolder, S3Uri failureFolder, AfterRead afterRead, S3Uri moveTo,
                      boolean deleteInputAfterResult, boolean includeBody, boolean failureAsException, int maxDeliveries,
                      S3Uri deadLetters, long streamingThreshold, String expectedBucketOwner, S3Uri uploadFolder) {

    private static final String FAILURE_SUFFIX = "-error.out";

    static ResultSettings of(SageMakerAsyncConfiguration options) {
        return new ResultSettings(folder(options.getOutputLocation(), "option outputLocation"),
                folder(options.getFailureLocation(), "option failureLocation"), options.getAfterRead(),
                options.getAfterRead() == AfterRead.move ? folder(options.getMoveTo(), "option moveTo") : null,
                options.isDeleteInputAfterResult(), options.isIncludeBody(), options.isFailureAsException(),
                options.getMaxDeliveries(), folder(options.getDeadLetterLocation(), "option deadLetterLocation"),
                options.getResultStreamingThreshold(),
                options.getResultExpectedBucketOwner() != null ? options.getResultExpectedBucketOwner() : options.getExpectedBucketOwner(),
                folder(options.getInputLocation(), "option inputLocation"));
    }

    static S3Uri folder(String location, String source) {
        return location == null ? null : S3Uri.parse(location, source).folder();
    }

    /** These settings with the result folders found by discovery (DescribeEndpointConfig). */
    ResultSettings withFolders(S3Uri output, S3Uri failure) {
        return new ResultSettings(output, failure, afterRead, moveTo, deleteInputAfterResult, includeBody,
                failureAsException, maxDeliveries, deadLetters, streamingThreshold, expectedBucketOwner, uploadFolder);
    }

    /**
     * The status of an uncorrelated result by the folder it lies in: the failure folder (the more specific one when
     * they nest), and named *-error.out when both folders are the same.
     */
    ResultStatus statusOf(S3Uri location) {
        boolean underFailure = failureFolder != null && failureFolder.contains(location);
        boolean underOutput = outputFolder != null && outputFolder.contains(location);
        if (underFailure && underOutput) {
            int failureDepth = failureFolder.key().length();
            int outputDepth = outputFolder.key().length();
            if (failureDepth == outputDepth) {
                return location.key().endsWith(FAILURE_SUFFIX) ? ResultStatus.Failed : ResultStatus.Completed;
            }
            return failureDepth > outputDepth ? ResultStatus.Failed : ResultStatus.Completed;
        }
        return underFailure ? ResultStatus.Failed : ResultStatus.Completed;
    }

    /**
     * The folder a result's key is kept below when it is moved (moveTo, deadLetterLocation): the result folder of its
     * status when that holds it, else the folder the object is in.
     */
    S3Uri listedFolder(S3Uri location, ResultStatus status) {
        S3Uri folder = status == ResultStatus.Failed && failureFolder != null ? failureFolder : outputFolder;
        if (folder != null && folder.contains(location)) {
            return folder;
        }
        return location.parent();
    }
}
