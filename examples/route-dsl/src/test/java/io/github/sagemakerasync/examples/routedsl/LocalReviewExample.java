package io.github.sagemakerasync.examples.routedsl;

import java.io.PrintStream;
import java.util.List;

import io.github.sagemakerasync.emulator.LocalRun;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;

/**
 * The one-command local run ({@code exec:java@example}, which sets {@value #SWITCH}): the example on the in-process
 * emulator. It lives with the tests, so the application's own code and dependencies hold no emulator. Without the
 * switch it runs {@link ReviewExample} as on AWS; with it, the emulator's region and keys win over any the machine has
 * ({@link LocalRun}).
 */
public final class LocalReviewExample {

    static final String SWITCH = "example.emulator";

    private LocalReviewExample() {
    }

    public static void main(String[] args) throws Exception {
        if (!Boolean.getBoolean(SWITCH)) {
            ReviewExample.main(args);
            return;
        }
        List<ResultBoard.Result> results = run(ReviewExample.dsl(), ReviewExample.requests(), System.out);
        System.exit(results.size() == ReviewExample.requests() ? 0 : 1);
    }

    static List<ResultBoard.Result> run(String dsl, int requests, PrintStream out) throws Exception {
        try (SageMakerAsyncEmulator emulator = LocalRun.start(SageMakerAsyncEmulator.builder(), SWITCH + "=true", out)) {
            return ReviewExample.run(dsl, requests, emulator.camelComponentProperties(), out);
        }
    }
}
