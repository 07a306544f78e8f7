package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

/** The metadata Camel tooling reads from the jar: the component list, and each component's catalog JSON. */
class CatalogMetadataTest {

    @Test
    void componentPropertiesNameTheComponentAndThisBuildsCoordinates() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = resource("META-INF/services/org/apache/camel/component.properties")) {
            properties.load(in);
        }

        assertThat(properties.getProperty("components")).isEqualTo("sagemaker-async");
        assertThat(properties.getProperty("groupId")).isEqualTo("io.github.sagemakerasync");
        assertThat(properties.getProperty("artifactId")).isEqualTo("camel-sagemaker-async");
        assertThat(properties.getProperty("version")).isNotBlank().doesNotContain("${");
    }

    @Test
    void theCatalogJsonDescribesTheComponentWhereToolingLooksForIt() throws Exception {
        JsonObject json;
        try (InputStream in = resource("META-INF/io/github/sagemakerasync/camel/sagemaker-async.json")) {
            json = (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        JsonObject component = (JsonObject) json.get("component");

        assertThat(component.getString("scheme")).isEqualTo("sagemaker-async");
        assertThat(component.getString("javaType")).isEqualTo(SageMakerAsyncComponent.class.getName());
        assertThat(component.getString("supportLevel")).isEqualTo("Preview");
        assertThat(((JsonObject) json.get("properties")).keySet()).contains("endpointName", "notificationQueue");
    }

    private static InputStream resource(String path) {
        InputStream in = CatalogMetadataTest.class.getClassLoader().getResourceAsStream(path);
        assertThat(in).as(path).isNotNull();
        return in;
    }
}
