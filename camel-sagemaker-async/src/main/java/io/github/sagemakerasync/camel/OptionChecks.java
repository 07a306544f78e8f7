package io.github.sagemakerasync.camel;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of the options, in one place: every endpoint's when it is initialized, a consumer's when its route creates
 * it, and the rule that input, moveTo and dead-letter folders lie apart from result folders, which the consumer also
 * applies to the other endpoints of its context. Each message names the option, its value and the rule. What an option
 * needs of the classpath is checked by {@link OptionalModules}; the request parameters, shared with headers, by
 * {@link InvocationConstraints}.
 */
final class OptionChecks {

    private static final Set<String> SERVER_SIDE_ENCRYPTIONS = Set.of("AES256", "aws:kms", "aws:kms:dsse");
    /** An AWS region name: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-5... */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    private OptionChecks() {
    }

    /** A consumer's options, checked when its route creates it. */
    static void forConsumer(SageMakerAsyncConfiguration options) {
        // the locations were parsed when the endpoint was initialized (forEndpoint); with neither, the consumer
        // discovers them when it starts (ResultLocationDiscovery)
        if (options.getMaxDeliveries() < 0) {
            throw new IllegalArgumentException("option maxDeliveries is " + options.getMaxDeliveries()
                    + ": it must be 0 (no limit) or more");
        }
        if (options.getNotificationVisibilityTimeout() < 1 || options.getNotificationVisibilityTimeout() > 43_200) {
            throw new IllegalArgumentException("option notificationVisibilityTimeout is "
                    + options.getNotificationVisibilityTimeout() + ": SQS takes 1 to 43200 seconds");
        }
        if (options.getNotificationWaitTimeSeconds() < 0 || options.getNotificationWaitTimeSeconds() > 20) {
            throw new IllegalArgumentException("option notificationWaitTimeSeconds is "
                    + options.getNotificationWaitTimeSeconds() + ": SQS waits 0 to 20 seconds");
        }
        if (options.getMaxConcurrentReads() < 1 || options.getMaxConcurrentReads() > 1000) {
            throw new IllegalArgumentException("option maxConcurrentReads is " + options.getMaxConcurrentReads()
                    + ": it must be between 1 and 1000");
        }
        if (options.getMaxMessagesPerPoll() < 0) {
            throw new IllegalArgumentException("option maxMessagesPerPoll is " + options.getMaxMessagesPerPoll()
                    + ": it must be 0 (no limit) or more");
        }
    }

    private static void accountId(String value, String option) {
        if (value != null && !ACCOUNT_ID.matcher(value).matches()) {
            throw new IllegalArgumentException("option " + option + " is '" + value + "': it must be an AWS account id, "
                    + "12 digits");
        }
    }

    /** Every endpoint's options, checked when the endpoint is initialized: before any message or network call. */
    static void forEndpoint(SageMakerAsyncConfiguration options) {
        InvocationConstraints.endpointName(options.getEndpointName(), "endpoint name");
        if (options.getRegion() != null && !REGION.matcher(options.getRegion()).matches()) {
            throw new IllegalArgumentException("option region is '" + options.getRegion() + "': it must be an AWS region "
                    + "name such as eu-west-1 (lower case, no availability zone letter)");
        }
        int threshold = options.getInlineThreshold();
        if (threshold < 1 || threshold > SageMakerAsyncConfiguration.MAX_INLINE_BYTES) {
            throw new IllegalArgumentException("option inlineThreshold is " + threshold + ": it must be between 1 and "
                    + SageMakerAsyncConfiguration.MAX_INLINE_BYTES + " bytes, the most SageMaker accepts inline");
        }
        if (options.getMultipartPartSize() < S3InputUploader.MIN_PART_SIZE) {
            throw new IllegalArgumentException("option multipartPartSize is " + options.getMultipartPartSize()
                    + ": S3 needs parts of at least " + S3InputUploader.MIN_PART_SIZE + " bytes (5 MiB)");
        }
        Long buffer = options.getMultipartBufferSize();
        if (buffer != null && buffer < 3 * options.getMultipartPartSize()) {
            // measured: with two parts' worth the SDK's upload of an unknown-length stream stalls for good
            throw new IllegalArgumentException("option multipartBufferSize is " + buffer + ": it must be at least three "
                    + "parts, 3 x multipartPartSize = " + 3 * options.getMultipartPartSize() + " bytes");
        }
        if (options.getPayloadMode() == null) {
            throw new IllegalArgumentException("option payloadMode must be auto, inline or s3");
        }
        if (options.getInputLocation() != null) {
            S3Uri.parse(options.getInputLocation(), "option inputLocation");
        }
        String sse = options.getServerSideEncryption();
        if (sse != null && !SERVER_SIDE_ENCRYPTIONS.contains(sse)) {
            throw new IllegalArgumentException("option serverSideEncryption is '" + sse + "': it must be AES256, aws:kms or aws:kms:dsse");
        }
        if (options.getSseKmsKeyId() != null && (sse == null || !sse.startsWith("aws:kms"))) {
            throw new IllegalArgumentException("option sseKmsKeyId is set, so serverSideEncryption must be aws:kms or aws:kms:dsse, but is " + sse);
        }
        if (!options.isOverrideEndpoint() && (options.getUriEndpointOverride() != null || options.getS3UriEndpointOverride() != null
                || options.getSqsUriEndpointOverride() != null || options.getSageMakerApiUriEndpointOverride() != null)) {
            throw new IllegalArgumentException("option uriEndpointOverride, s3UriEndpointOverride, sqsUriEndpointOverride or "
                    + "sageMakerApiUriEndpointOverride is set but overrideEndpoint is false: set overrideEndpoint=true to use them");
        }
        accountId(options.getExpectedBucketOwner(), "expectedBucketOwner");
        accountId(options.getResultExpectedBucketOwner(), "resultExpectedBucketOwner");
        if (options.getApiCallTimeout() < 0 || options.getApiCallAttemptTimeout() < 0) {
            throw new IllegalArgumentException("options apiCallTimeout and apiCallAttemptTimeout must be 0 (none) or "
                    + "positive, but are " + options.getApiCallTimeout() + " and " + options.getApiCallAttemptTimeout() + " ms");
        }
        if (options.getAfterRead() == AfterRead.move) {
            if (options.getMoveTo() == null) {
                throw new IllegalArgumentException("option afterRead is move, so option moveTo must name where: s3://bucket/prefix");
            }
            S3Uri.parse(options.getMoveTo(), "option moveTo");
        }
        checkFoldersApart(options);
        if (options.getResultStreamingThreshold() < 0) {
            throw new IllegalArgumentException("option resultStreamingThreshold is " + options.getResultStreamingThreshold()
                    + ": it must be 0 or more bytes");
        }
        if (options.getResultTimeout() <= 0 || options.getResultPollDelay() <= 0 || options.getResultPollMaxDelay() <= 0) {
            throw new IllegalArgumentException("options resultTimeout, resultPollDelay and resultPollMaxDelay must be "
                    + "positive, but are " + options.getResultTimeout() + ", " + options.getResultPollDelay() + " and "
                    + options.getResultPollMaxDelay() + " ms");
        }
        if (options.getMaxPendingInvocations() < 0) {
            throw new IllegalArgumentException("option maxPendingInvocations is " + options.getMaxPendingInvocations()
                    + ": it must be 0 (no bound) or more");
        }
        if (options.getPendingParkTimeout() <= 0) {
            throw new IllegalArgumentException("option pendingParkTimeout is " + options.getPendingParkTimeout()
                    + " ms: it must be positive");
        }
        if (options.getPendingBoundAction() == null) {
            throw new IllegalArgumentException("option pendingBoundAction must be park or fail");
        }
        if (options.getResultPollMultiplier() < 1) {
            throw new IllegalArgumentException("option resultPollMultiplier is " + options.getResultPollMultiplier()
                    + ": it must be at least 1");
        }
        InvocationConstraints.header(options.getContentType(), "option contentType", "ContentType");
        InvocationConstraints.header(options.getAccept(), "option accept", "Accept");
        InvocationConstraints.customAttributes(options.getCustomAttributes(), "option customAttributes");
        InvocationConstraints.inferenceId(options.getInferenceId(), "option inferenceId");
        InvocationConstraints.requestTtlSeconds(options.getRequestTtlSeconds(), "option requestTtlSeconds");
        InvocationConstraints.invocationTimeoutSeconds(options.getInvocationTimeoutSeconds(), "option invocationTimeoutSeconds");
        InvocationConstraints.s3OutputPathExtension(options.getS3OutputPathExtension(), "option s3OutputPathExtension");
        InvocationConstraints.filename(options.getFilename(), "option filename");
    }

    /**
     * Result folders are listed and what is found in them delivered, then deleted or moved: an input folder or the
     * moveTo folder that lies in one (or holds one) would have its objects delivered as results.
     */
    private static void checkFoldersApart(SageMakerAsyncConfiguration options) {
        S3Uri output = parseOrNull(options.getOutputLocation(), "option outputLocation");
        S3Uri failure = parseOrNull(options.getFailureLocation(), "option failureLocation");
        S3Uri input = parseOrNull(options.getInputLocation(), "option inputLocation");
        S3Uri moveTo = options.getAfterRead() == AfterRead.move ? parseOrNull(options.getMoveTo(), "option moveTo") : null;
        checkApart(input, "option inputLocation", output, "option outputLocation");
        checkApart(input, "option inputLocation", failure, "option failureLocation");
        checkApart(moveTo, "option moveTo", output, "option outputLocation");
        checkApart(moveTo, "option moveTo", failure, "option failureLocation");
        S3Uri deadLetters = parseOrNull(options.getDeadLetterLocation(), "option deadLetterLocation");
        checkApart(deadLetters, "option deadLetterLocation", output, "option outputLocation");
        checkApart(deadLetters, "option deadLetterLocation", failure, "option failureLocation");
    }

    private static S3Uri parseOrNull(String location, String source) {
        return location == null ? null : S3Uri.parse(location, source);
    }

    /** Refuses two folders of which one lies in the other; either may be null (not configured). */
    static void checkApart(S3Uri folder, String folderSource, S3Uri resultFolder, String resultSource) {
        if (folder == null || resultFolder == null || !folder.overlaps(resultFolder)) {
            return;
        }
        String relation = resultFolder.contains(folder) ? " lies in " : " holds ";
        throw new IllegalArgumentException(folderSource + " (" + folder.folder() + ")" + relation + resultSource + " ("
                + resultFolder.folder() + "): every object in a result folder is delivered as a result, then deleted or "
                + "moved. Use folders that do not contain each other, e.g. s3://bucket/inputs/ and s3://bucket/outputs/");
    }
}
