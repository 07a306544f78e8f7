package io.github.sagemakerasync.emulator.model;

import java.util.Objects;

/**
 * A model's error answer: thrown by a model to fail the request with its own error response. The emulator writes
 * {@link #response()} as the failure object (its bytes, its content type), as SageMaker writes a model's error
 * response; the message is the failure reason that notifications carry.
 *
 * <p>Anything else a model throws fails the request with the exception's message as {@code text/plain} text.
 */
public final class ModelError extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ModelOutput response;

    public ModelError(String reason, ModelOutput response) {
        super(Objects.requireNonNull(reason, "reason"), null, false, false);
        this.response = Objects.requireNonNull(response, "response");
    }

    /** The model's error body and its content type. */
    public ModelOutput response() {
        return response;
    }
}
