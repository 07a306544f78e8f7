package io.github.sagemakerasync.emulator;

/**
 * How an endpoint names the objects of a request that has no {@code Filename}.
 *
 * <p>The API reference says only that the name is generated "based on the inference ID". By default the emulator
 * names the objects after a fresh uuid, a name no client can derive, so that a client is tested to use the locations
 * it was answered; {@link #INFERENCE_ID} names them after the InferenceId.
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
