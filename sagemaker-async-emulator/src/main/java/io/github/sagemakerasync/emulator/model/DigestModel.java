package io.github.sagemakerasync.emulator.model;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Reads the whole input as a stream and answers its size and SHA-256: {@code {"bytes":n,"sha256":"..."}}.
 * Memory stays constant whatever the payload size, so it serves large-payload tests and benchmarks.
 */
public final class DigestModel implements InferenceModel {

    @Override
    public ModelOutput invoke(ModelInput input) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        InputStream body = input.body();
        for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
            sha256.update(buffer, 0, read);
            size += read;
        }
        return ModelOutput.json("{\"bytes\":" + size + ",\"sha256\":\"" + HexFormat.of().formatHex(sha256.digest()) + "\"}");
    }
}
