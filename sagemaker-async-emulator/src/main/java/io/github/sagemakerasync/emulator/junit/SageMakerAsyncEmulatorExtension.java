package io.github.sagemakerasync.emulator.junit;

import java.util.Objects;

import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs an emulator around a test class (as a {@code static} field) or around each test (as an instance field):
 *
 * <pre>{@code
 * @RegisterExtension
 * static SageMakerAsyncEmulatorExtension emulator = new SageMakerAsyncEmulatorExtension();
 * }</pre>
 */
public final class SageMakerAsyncEmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final SageMakerAsyncEmulator.Builder builder;
    private SageMakerAsyncEmulator emulator;
    private boolean perClass;

    /** The default emulator: the {@code sentiment} endpoint on free ports. */
    public SageMakerAsyncEmulatorExtension() {
        this(SageMakerAsyncEmulator.builder());
    }

    public SageMakerAsyncEmulatorExtension(SageMakerAsyncEmulator.Builder builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    /** The running emulator. */
    public SageMakerAsyncEmulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException("The emulator runs only while a test of its class runs");
        }
        return emulator;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        emulator = builder.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (emulator == null) {
            emulator = builder.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private void stop() {
        if (emulator != null) {
            try {
                emulator.close();
            } finally {
                emulator = null;
            }
        }
    }
}
