package io.github.sagemakerasync.emulator.model;

import java.io.IOException;
import java.io.InputStream;

/**
 * One request as the model sees it: what SageMaker passes to a container's {@code POST /invocations}.
 *
 * @param body the payload, from the inline body or streamed from the input object; closed by the emulator
 *             after the model returns
 */
public record ModelInput(String endpointName, String inferenceId, String contentType, String accept,
                         String customAttributes, InputStream body) {

    public byte[] readBody() throws IOException {
        return body.readAllBytes();
    }
}
