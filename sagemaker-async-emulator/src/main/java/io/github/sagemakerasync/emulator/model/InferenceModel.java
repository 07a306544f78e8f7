package io.github.sagemakerasync.emulator.model;

/**
 * A model served by an emulated endpoint.
 *
 * <p>A model is called by one endpoint worker at a time per request; several workers may call it at once,
 * so implementations must be thread-safe. Whatever it throws becomes the failure object of the request,
 * with the exception's message as its text.
 */
@FunctionalInterface
public interface InferenceModel {

    ModelOutput invoke(ModelInput input) throws Exception;
}
