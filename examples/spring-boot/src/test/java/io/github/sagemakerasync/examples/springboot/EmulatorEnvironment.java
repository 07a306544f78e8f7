package io.github.sagemakerasync.examples.springboot;

import java.util.LinkedHashMap;

import io.github.sagemakerasync.emulator.LocalRun;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The local run: with {@code example.emulator=true} (set by the one-command run), starts the SageMaker emulator and
 * points the component at it with the same properties a user would set for any compatible service, ahead of every
 * other source: the emulator's region and keys win over any the machine has ({@link LocalRun}). It is registered in
 * the tests' {@code META-INF/spring.factories}, so the application itself never starts an emulator. The emulator is a
 * bean ({@code sageMakerAsyncEmulator}) and stops with the application.
 */
public class EmulatorEnvironment implements EnvironmentPostProcessor {

    static final String SWITCH = "example.emulator";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(SWITCH, Boolean.class, false)) {
            return;
        }
        SageMakerAsyncEmulator emulator;
        try {
            emulator = LocalRun.start(SageMakerAsyncEmulator.builder(), SWITCH + "=true", System.out);
        } catch (Exception e) {
            throw new IllegalStateException(SWITCH + "=true, but the emulator did not start", e);
        }
        environment.getPropertySources().addFirst(
                new MapPropertySource("sagemaker-async-emulator", new LinkedHashMap<String, Object>(emulator.camelComponentProperties())));
        application.addListeners(event -> {
            if (event instanceof ApplicationPreparedEvent prepared) {
                prepared.getApplicationContext().getBeanFactory().registerSingleton("sageMakerAsyncEmulator", emulator);
            } else if (event instanceof ContextClosedEvent) {
                emulator.close();
            }
        });
    }
}
