package io.github.sagemakerasync.emulator;

import java.io.PrintStream;

/**
 * Starts the emulator for an application's local run, asked for by name (a switch such as
 * {@code example.emulator=true}), and says loudly that it runs. Being asked for, it starts whatever the machine's AWS
 * settings are: the people who try the examples first are those whose {@code aws configure} left a region and keys in
 * {@code ~/.aws}. The application is then pointed at the emulator with the emulator's own region and keys
 * ({@link SageMakerAsyncEmulator#camelComponentProperties()}), so the machine's credentials are neither read nor sent.
 * What keeps an emulator from answering an application on AWS without a word is that applications hold none: a local
 * run lives with their tests, whose dependencies the deployed application does not have.
 */
public final class LocalRun {

    private LocalRun() {
    }

    /**
     * Starts the emulator and prints where it runs.
     *
     * @param askedBy the switch that asked for it, named in the message ({@code example.emulator=true})
     */
    public static SageMakerAsyncEmulator start(SageMakerAsyncEmulator.Builder emulator, String askedBy, PrintStream out)
            throws Exception {
        SageMakerAsyncEmulator started = emulator.start();
        out.println("*** LOCAL RUN, NOT AWS (" + askedBy + "): using the local emulator (SageMaker "
                + started.sageMakerEndpoint() + ", S3 " + started.s3Endpoint() + "); the AWS settings of this machine "
                + "are not used ***");
        return started;
    }
}
