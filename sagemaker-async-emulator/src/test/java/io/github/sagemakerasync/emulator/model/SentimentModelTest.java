package io.github.sagemakerasync.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SentimentModelTest {

    private final SentimentModel model = new SentimentModel();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "I love it, great value | POSITIVE | 1.0",
        "terrible, slow and buggy | NEGATIVE | -1.0",
        "not good | NEGATIVE | -1.0",
        "good but slow | NEUTRAL | 0.0",
        "the box is blue | NEUTRAL | 0.0",
        "great, great, awful | POSITIVE | 0.333"})
    void scoresText(String text, String label, double score) throws Exception {
        String output = run("text/plain", null, text);
        assertThat(output).startsWith("{\"label\":\"" + label + "\",\"score\":" + score + ",");
    }

    @Test
    void readsJsonObjectsStringsAndArrays() throws Exception {
        assertThat(run("application/json", "application/json", "{\"text\":\"awesome\"}")).contains("POSITIVE");
        assertThat(run("application/json; charset=utf-8", null, "\"awful\"")).contains("NEGATIVE");
        assertThat(run("application/json", null, "[\"good\",\"bad\"]"))
                .startsWith("[{\"label\":\"POSITIVE\"").contains("{\"label\":\"NEGATIVE\"");
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> run("image/png", null, "x"))
                .hasMessage("Unsupported content type 'image/png': the sentiment model reads text/* or application/json");
        assertThatThrownBy(() -> run("application/json", null, "{\"count\":3}"))
                .hasMessage("Invalid JSON input: expected a string, an array of strings, or an object with \"text\"");
        assertThatThrownBy(() -> run("text/plain", "text/csv", "x"))
                .hasMessage("Unsupported Accept type 'text/csv': the sentiment model answers application/json");
    }

    private String run(String contentType, String accept, String body) throws Exception {
        ModelOutput output = model.invoke(new ModelInput("e", "id", contentType, accept, null,
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
        assertThat(output.contentType()).isEqualTo("application/json");
        return new String(output.body(), StandardCharsets.UTF_8);
    }
}
