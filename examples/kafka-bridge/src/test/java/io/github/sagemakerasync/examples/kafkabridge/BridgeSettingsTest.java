package io.github.sagemakerasync.examples.kafkabridge;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings the bridge refuses before it starts, each with a message that names it and what it takes. */
class BridgeSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "three", "", "1.5"})
    void consumerThreadsMustBeAWholeNumberOfOneOrMore(String value) {
        Properties settings = new Properties();
        settings.setProperty("bridge.consumers", value);
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(settings);

        assertThatThrownBy(() -> context.addRoutes(new BridgeRoutes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bridge.consumers (Kafka consumer threads of this instance) must be a whole number "
                        + "of 1 or more, was '" + value + "'");
    }
}
