package io.github.sagemakerasync.userbuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.sagemakerasync.emulator.junit.SageMakerAsyncEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Builds {@code src/it/user-project}, a project of a user's own that depends on the component alone (no parent of
 * ours, no BOM), with a separate Maven whose repository holds only what a release publishes (installed by the
 * invoker plugin) and, behind it, the usual remote artifacts. Its build fails when the dependencies do not converge
 * or an AWS SDK module older than ours resolves; its test sends one inline request to the emulator started here.
 */
class UserBuildIT {

    @RegisterExtension
    static final SageMakerAsyncEmulatorExtension EMULATOR = new SageMakerAsyncEmulatorExtension();

    private static final String SDK_VERSION = System.getProperty("user-build.sdk-version");

    @Test
    void aUsersOwnProjectResolvesOneSdkVersionAndItsFirstRequestIsAnswered() throws Exception {
        Path work = Path.of(System.getProperty("user-build.work"));
        copy(Path.of(System.getProperty("user-build.project")), work);
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, settings(Path.of(System.getProperty("user-build.remote-repository"))));

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("user-build.maven-home"), "bin", "mvn").toString(),
                "-B", "-s", settings.toString(),
                "-Dmaven.repo.local=" + System.getProperty("user-build.repository"),
                "-Dcamel-sagemaker-async.version=" + System.getProperty("user-build.component-version"),
                "-Daws-sdk.minimum=" + SDK_VERSION,
                "-Dexpected.sdk-version=" + SDK_VERSION));
        EMULATOR.emulator().camelComponentProperties().forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("test");
        Path log = work.resolve("build.log");
        Process build = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = build.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            build.destroyForcibly();
        }

        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("the user build finished within 8 minutes; its log:\n%s", output).isTrue();
        assertThat(build.exitValue()).as("the user build's exit code; its log:\n%s", output).isZero();
        assertThat(output).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0");

        List<String> sdkModules = Files.readAllLines(work.resolve("target/aws-sdk-tree.txt")).stream()
                .filter(line -> line.contains("software.amazon.awssdk:"))
                .toList();
        assertThat(sdkModules).isNotEmpty().allSatisfy(line -> assertThat(line).contains(":" + SDK_VERSION + ":"));
        // the control-plane module is optional: discovery is opt-in
        assertThat(sdkModules).noneMatch(line -> line.contains("software.amazon.awssdk:sagemaker:"));
    }

    /** The user build's settings: our local repository serves as a remote, after what the release published. */
    private static String settings(Path remote) {
        return """
                <settings>
                  <profiles>
                    <profile>
                      <id>main-build-repository</id>
                      <repositories>
                        <repository>
                          <id>main-build</id>
                          <url>%1$s</url>
                          <releases><enabled>true</enabled></releases>
                          <snapshots><enabled>false</enabled></snapshots>
                        </repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository>
                          <id>main-build</id>
                          <url>%1$s</url>
                          <releases><enabled>true</enabled></releases>
                          <snapshots><enabled>false</enabled></snapshots>
                        </pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles>
                    <activeProfile>main-build-repository</activeProfile>
                  </activeProfiles>
                </settings>
                """.formatted(remote.toUri());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
