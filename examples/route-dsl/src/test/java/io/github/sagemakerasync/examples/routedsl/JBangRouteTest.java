package io.github.sagemakerasync.examples.routedsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsole;
import org.apache.camel.main.Main;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * What {@code camel run reviews.camel.yaml} does with the files of {@code jbang/}, without JBang (which this build
 * cannot download): a bare Camel Main, with no Java route and no bean, loads the YAML route and the folder's
 * application.properties; the component is found and configured by its generated catalog metadata alone (service
 * files, configurers). Only the emulator's addresses differ from the file's, as the test's emulator has free ports.
 */
class JBangRouteTest {

    @Test
    void theYamlRouteRunsWithItsPropertiesFileAndNoJava() throws Exception {
        try (SageMakerAsyncEmulator emulator = SageMakerAsyncEmulator.builder().start()) {
            Main main = new Main();
            main.setPropertyPlaceholderLocations("file:jbang/application.properties");
            main.configure().withRoutesIncludePattern("file:jbang/reviews.camel.yaml");
            main.addOverrideProperty("camel.component.sagemaker-async.uri-endpoint-override", emulator.sageMakerEndpoint().toString());
            main.addOverrideProperty("camel.component.sagemaker-async.s3-uri-endpoint-override", emulator.s3Endpoint().toString());
            main.start();
            try {
                CamelContext context = main.getCamelContext();
                assertThat(context.getRoutes()).extracting(route -> route.getRouteId() + " from "
                        + route.getSourceLocationShort().replaceFirst(":\\d+$", ""))
                        .containsExactlyInAnyOrder("send-reviews from reviews.camel.yaml", "print-results from reviews.camel.yaml");
                PropertyConfigurer configurer = PluginHelper.getConfigurerResolver(context)
                        .resolvePropertyConfigurer("sagemaker-async-endpoint", context);
                assertThat(configurer).as("the generated endpoint configurer").isNotNull();

                // three reviews sent, three results delivered and deleted
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(emulator.counters().get(Api.SAGEMAKER, "InvokeEndpointAsync")).isEqualTo(3);
                    assertThat(results(context)).containsEntry("completed", 3L).containsEntry("uncorrelated", 0L);
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> emulator.listObjects("s3://sagemaker-async/output/").isEmpty());
            } finally {
                main.stop();
            }
        }
    }

    /** The results the consumer delivered, as the developer console counts them. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> results(CamelContext context) {
        DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("sagemaker-async");
        List<JsonObject> endpoints = (List<JsonObject>) ((Map<String, Object>) console.call(DevConsole.MediaType.JSON)).get("endpoints");
        return endpoints.stream().filter(endpoint -> endpoint.getString("uri").contains("outputLocation"))
                .map(endpoint -> (Map<String, Object>) endpoint.get("results")).findFirst().orElseThrow();
    }
}
