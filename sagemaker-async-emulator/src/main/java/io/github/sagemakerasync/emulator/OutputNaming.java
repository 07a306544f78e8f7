package io.github.sagemakerasync.emulator;

/**
 * How an endpoint names the objects of a request that has no {@code Filename}.
 *
 * <p>Captured AWS responses show a fresh uuid per request, unrelated to the InferenceId; since the 2026 model update
 * the API reference says a name is generated "based on the inference ID". The emulator offers both, so a client can
 * be tested against either.
 */
public enum OutputNaming {
    /** {@code <uuid>.out} and {@code <uuid>-error.out}, a fresh uuid per request (the default). */
    UUID,
    /**
     * {@code <InferenceId>.out} and {@code <InferenceId>-error.out}: two pending requests with one InferenceId write
     * the same objects, the later result replacing the earlier.
     */
    INFERENCE_ID
}
