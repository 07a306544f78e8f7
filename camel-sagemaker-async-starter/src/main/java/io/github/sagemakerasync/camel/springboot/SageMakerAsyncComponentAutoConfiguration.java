package io.github.sagemakerasync.camel.springboot;

import io.github.sagemakerasync.camel.SageMakerAsyncComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.support.PropertyBindingSupport;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Configures the {@code sagemaker-async} component from {@code camel.component.sagemaker-async.*}: Camel applies the
 * customizer when it creates the component, binding each property that is set as the URI option of the same name
 * would be (type conversion, {@code #bean:name} references), and failing on one the component does not know.
 * {@code camel.component.sagemaker-async.enabled=false} turns the starter off; the customizer follows
 * {@code camel.component.sagemaker-async.customizer.enabled}, else {@code camel.component.customizer.enabled}. A single
 * bean of type {@code SageMakerRuntimeAsyncClient}, {@code S3AsyncClient} or {@code SqsAsyncClient} is used by the
 * component as it is (autowired from the registry, which is the Spring context).
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@ConditionalOnBean(CamelContext.class)
@ConditionalOnProperty(prefix = "camel.component.sagemaker-async", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(SageMakerAsyncComponentConfiguration.class)
public class SageMakerAsyncComponentAutoConfiguration {

    @Bean
    @Conditional(CustomizerEnabled.class)
    public ComponentCustomizer sageMakerAsyncComponentCustomizer(CamelContext camelContext,
                                                                 SageMakerAsyncComponentConfiguration properties) {
        return ComponentCustomizer.builder(SageMakerAsyncComponent.class)
                .build(component -> PropertyBindingSupport.build()
                        .withCamelContext(camelContext)
                        .withTarget(component)
                        // the generated configurer knows the options that live in the component's configuration
                        .withConfigurer(component.getComponentPropertyConfigurer())
                        .withProperties(properties.toComponentOptions())
                        .withMandatory(true)
                        .withRemoveParameters(false)
                        .bind());
    }

    /**
     * As camel-spring-boot's starters: {@code camel.component.sagemaker-async.customizer.enabled} when set, else
     * {@code camel.component.customizer.enabled}, else enabled.
     */
    static final class CustomizerEnabled extends SpringBootCondition {

        private static final String OWN = "camel.component.sagemaker-async.customizer.enabled";
        private static final String ALL = "camel.component.customizer.enabled";

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment environment = context.getEnvironment();
            String decidedBy = environment.containsProperty(OWN) ? OWN : environment.containsProperty(ALL) ? ALL : null;
            boolean enabled = decidedBy == null || environment.getProperty(decidedBy, Boolean.class, true);
            String message = decidedBy == null ? "customizer enabled by default" : decidedBy + "=" + enabled;
            return enabled ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
        }
    }
}
