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
import org.springframework.context.annotation.Bean;

/**
 * Configures the {@code sagemaker-async} component from {@code camel.component.sagemaker-async.*}: Camel applies the
 * customizer when it creates the component, binding each property that is set as the URI option of the same name
 * would be (type conversion, {@code #bean:name} references), and failing on one the component does not know.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@ConditionalOnBean(CamelContext.class)
@ConditionalOnProperty(prefix = "camel.component.sagemaker-async", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(SageMakerAsyncComponentConfiguration.class)
public class SageMakerAsyncComponentAutoConfiguration {

    @Bean
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
}
