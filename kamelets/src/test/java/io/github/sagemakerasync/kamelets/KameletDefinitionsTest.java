package io.github.sagemakerasync.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Each Kamelet, read as the catalog tools read it: every parameter its template passes to the component is an option
 * of the component's generated catalog, every placeholder is a property it defines (so a typo cannot pass silently),
 * required properties exist, and its dependency names this build's version of the component.
 */
class KameletDefinitionsTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([^}]+)}}");

    @ParameterizedTest
    @ValueSource(strings = { "sagemaker-async-sink", "sagemaker-async-source" })
    @SuppressWarnings("unchecked")
    void theTemplateUsesOnlyComponentOptionsAndDefinedProperties(String name) throws Exception {
        Map<String, Object> kamelet = load("kamelets/" + name + ".kamelet.yaml");
        Map<String, Object> spec = (Map<String, Object>) kamelet.get("spec");
        Map<String, Object> definition = (Map<String, Object>) spec.get("definition");
        Map<String, Object> properties = (Map<String, Object>) definition.get("properties");
        JsonObject catalog = catalog();

        assertThat(((Map<String, Object>) kamelet.get("metadata")).get("name")).isEqualTo(name);
        assertThat((List<String>) definition.get("required")).containsExactly("endpointName", "region")
                .allSatisfy(required -> assertThat(properties).containsKey(required));
        Map<String, Object> componentCall = componentCall((Map<String, Object>) spec.get("template"));
        assertThat((String) componentCall.get("uri")).isEqualTo("sagemaker-async:{{endpointName}}");
        Map<String, Object> parameters = (Map<String, Object>) componentCall.get("parameters");
        Map<String, Object> options = (Map<String, Object>) catalog.get("properties");
        assertThat(options.keySet()).containsAll(parameters.keySet());

        List<String> placeholders = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text("kamelets/" + name + ".kamelet.yaml"));
        while (matcher.find()) {
            placeholders.add(matcher.group(1));
        }
        assertThat(properties.keySet()).containsAll(placeholders);
        // every property reaches the component: none is defined and then ignored
        assertThat(new TreeSet<>(placeholders)).isEqualTo(new TreeSet<>(properties.keySet()));
        properties.forEach((property, schema) -> assertThat((Map<String, Object>) schema)
                .as(property).containsKeys("title", "description", "type"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "sagemaker-async-sink", "sagemaker-async-source" })
    @SuppressWarnings("unchecked")
    void itsDependencyIsThisVersionOfTheComponent(String name) throws Exception {
        Map<String, Object> spec = (Map<String, Object>) load("kamelets/" + name + ".kamelet.yaml").get("spec");

        assertThat((List<String>) spec.get("dependencies")).contains(
                "mvn:io.github.sagemakerasync:camel-sagemaker-async:" + System.getProperty("project.version"), "camel:kamelet");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSourceDeclaresTheModulesItsOptionsNeed() throws Exception {
        Map<String, Object> spec = (Map<String, Object>) load("kamelets/sagemaker-async-source.kamelet.yaml").get("spec");

        // notificationQueue, and discovery (no location, no queue): the versions this build tests with
        assertThat((List<String>) spec.get("dependencies")).contains(
                "mvn:software.amazon.awssdk:sqs:" + System.getProperty("aws-sdk-sqs.version"),
                "mvn:software.amazon.awssdk:sagemaker:" + System.getProperty("aws-sdk-sagemaker.version"));
    }

    /** The step that calls the component: the source's from, or the sink's to. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> componentCall(Map<String, Object> template) {
        Map<String, Object> from = (Map<String, Object>) template.get("from");
        if (!"kamelet:source".equals(from.get("uri"))) {
            return from;
        }
        for (Object step : (List<Object>) from.get("steps")) {
            Object to = ((Map<String, Object>) step).get("to");
            if (to instanceof Map<?, ?> call) {
                return (Map<String, Object>) call;
            }
        }
        throw new AssertionError("no step calls the component");
    }

    private static JsonObject catalog() throws Exception {
        return (JsonObject) Jsoner.deserialize(text("META-INF/io/github/sagemakerasync/camel/sagemaker-async.json"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String resource) throws Exception {
        Object yaml = new Load(LoadSettings.builder().build()).loadFromString(text(resource));
        return new LinkedHashMap<>((Map<String, Object>) yaml);
    }

    private static String text(String resource) throws Exception {
        try (InputStream in = KameletDefinitionsTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
