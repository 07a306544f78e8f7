package io.github.sagemakerasync.emulator.model;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** What a model returns; the emulator writes it to the output location with this content type. */
public record ModelOutput(byte[] body, String contentType) {

    public ModelOutput {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(contentType, "contentType");
    }

    public static ModelOutput json(String json) {
        return new ModelOutput(json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    public static ModelOutput text(String text) {
        return new ModelOutput(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }
}
