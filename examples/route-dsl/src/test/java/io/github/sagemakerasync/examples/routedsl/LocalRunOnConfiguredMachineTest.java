package io.github.sagemakerasync.examples.routedsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command on a machine where {@code aws configure} was run: a region and keys in {@code ~/.aws},
 * {@code AWS_REGION} and {@code AWS_PROFILE} in the shell. The local run, in a JVM of its own with that home and
 * environment, uses the emulator all the same. The emulator answers only its own key (any other gets 403), so every
 * result arriving shows that the machine's keys were never sent.
 */
class LocalRunOnConfiguredMachineTest {

    private static final String USERS_SECRET = "users-own-secret-that-must-never-be-sent";

    @TempDir
    Path home;

    @Test
    void theLocalRunUsesTheEmulatorWhateverTheMachineHasConfigured() throws Exception {
        Path aws = Files.createDirectories(home.resolve(".aws"));
        Files.writeString(aws.resolve("config"), "[default]\nregion = eu-west-1\noutput = json\n");
        Files.writeString(aws.resolve("credentials"), "[default]\naws_access_key_id = AKIAUSERSOWNKEY00000\n"
                + "aws_secret_access_key = " + USERS_SECRET + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder run = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dexample.emulator=true", "-Dexample.requests=2", LocalReviewExample.class.getName()))
                .redirectErrorStream(true);
        Map<String, String> environment = run.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.put("HOME", home.toString());
        environment.put("AWS_REGION", "eu-west-1");
        environment.put("AWS_PROFILE", "default");
        Path log = home.resolve("run.log");
        Process process = run.redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(finished).as("the local run finished; it printed:\n%s", output).isTrue();
        assertThat(process.exitValue()).as("its exit code; it printed:\n%s", output).isZero();
        assertThat(output).contains("*** LOCAL RUN, NOT AWS (example.emulator=true): using the local emulator",
                "2 of 2 results arrived").doesNotContain(USERS_SECRET);
    }
}
