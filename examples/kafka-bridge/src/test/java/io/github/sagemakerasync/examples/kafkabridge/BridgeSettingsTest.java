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

    @ParameterizedTest
    @ValueSource(strings = {"-1", "ten", "2.5"})
    void aBoundOfPendingRequestsMustBeAWholeNumberOfZeroOrMore(String value) {
        Properties settings = new Properties();
        settings.setProperty("bridge.consumers", "1");
        settings.setProperty("bridge.max-pending", value);
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(settings);

        assertThatThrownBy(() -> context.addRoutes(new BridgeRoutes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bridge.max-pending (requests accepted by SageMaker and not yet answered at which the bridge "
                        + "stops taking requests from Kafka) must be 0 (no bound) or a whole number, was '" + value + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"exactly_once", "once", ""})
    void theGuaranteeIsExactlyOnceOrAtLeastOnce(String value) {
        Properties settings = new Properties();
        settings.setProperty(Bridge.GUARANTEE, value);
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(settings);

        assertThatThrownBy(() -> Bridge.guarantee(context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bridge.guarantee must be exactly-once or at-least-once, was '" + value + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT30M", "7 days", "", "P-1D"})
    void theDedupeRetentionIsAnIsoDurationOfAnHourOrMore(String value) {
        assertThatThrownBy(() -> ExactlyOnce.retention(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bridge.dedupe-retention (how long a request's acceptance and answer are remembered) must be "
                        + "an ISO-8601 duration of at least one hour, such as P14D, was '" + value + "'");
    }
}
