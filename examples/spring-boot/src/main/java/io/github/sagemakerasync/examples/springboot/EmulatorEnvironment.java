package io.github.sagemakerasync.examples.springboot;

import java.util.LinkedHashMap;

import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When no AWS region is configured ({@code camel.component.sagemaker-async.region} in application.yml, a system
 * property or {@code CAMEL_COMPONENT_SAGEMAKER_ASYNC_REGION}), starts the SageMaker emulator and points the component
 * at it with the same properties a user would set for any compatible service. The emulator is a bean
 * ({@code sageMakerAsyncEmulator}) and stops with the application.
 */
public class EmulatorEnvironment implements EnvironmentPostProcessor {

    static final String REGION = "camel.component.sagemaker-async.region";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty(REGION) != null) {
            return;
        }
        SageMakerAsyncEmulator emulator;
        try {
            emulator = SageMakerAsyncEmulator.builder().start();
        } catch (Exception e) {
            throw new IllegalStateException("No AWS region is configured and the emulator did not start", e);
        }
        environment.getPropertySources().addLast(
                new MapPropertySource("sagemaker-async-emulator", new LinkedHashMap<String, Object>(emulator.camelComponentProperties())));
        application.addListeners(event -> {
            if (event instanceof ApplicationPreparedEvent prepared) {
                prepared.getApplicationContext().getBeanFactory().registerSingleton("sageMakerAsyncEmulator", emulator);
            } else if (event instanceof ContextClosedEvent) {
                emulator.close();
            }
        });
        System.out.println("No AWS region configured: using the local emulator (SageMaker " + emulator.sageMakerEndpoint()
                + ", S3 " + emulator.s3Endpoint() + ")");
    }
}
