package io.github.sagemakerasync.camel;

/**
 * An inference that SageMaker completed with a failure: the model failed, timed out, or the request expired. The
 * message is the failure text SageMaker wrote to the failure location.
 */
public class SageMakerAsyncInferenceException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String inferenceId;
    private final String failureLocation;

    public SageMakerAsyncInferenceException(String failureText, String inferenceId, String failureLocation) {
        super(failureText);
        this.inferenceId = inferenceId;
        this.failureLocation = failureLocation;
    }

    /** The failed inference's id, or null when the failure could not be correlated with its request. */
    public String getInferenceId() {
        return inferenceId;
    }

    public String getFailureLocation() {
        return failureLocation;
    }
}
