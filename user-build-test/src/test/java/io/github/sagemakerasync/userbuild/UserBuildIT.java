package io.github.sagemakerasync.userbuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Builds the projects of {@code src/it} as users build theirs: outside this reactor, no parent of ours, with a
 * separate Maven whose repository holds only what a release publishes (installed by the invoker plugin) and, behind it,
 * the usual remote artifacts; on a machine where {@code aws configure} was run (a {@code ~/.aws} with a region and
 * credentials, and {@code AWS_REGION} set), which the tests against the emulator must not read or send.
 *
 * <p>Each project has the emulator in test scope. Its build fails when the dependencies do not converge; here, every
 * AWS SDK module of every scope must resolve to the component's SDK version, and the project's runtime classpath
 * must be the same with and without the emulator.
 */
class UserBuildIT {

    private static final String SDK_VERSION = System.getProperty("user-build.sdk-version");
    /** A line of {@code mvn dependency:list}: group:artifact:type[:classifier]:version:scope, and maybe a module name. */
    private static final Pattern LISTED = Pattern.compile("^\\s+([^:\\s]+:[^:\\s]+:[^:\\s]+(?::[^:\\s]+)?:[^:\\s]+):([a-z]+)");
    /** The element that adds the emulator to a project, which the comparison build leaves out. */
    private static final Pattern EMULATOR_DEPENDENCY = Pattern.compile(
            "\\s*<dependency>\\s*<groupId>io\\.github\\.sagemakerasync</groupId>\\s*<artifactId>sagemaker-async-emulator"
                    + "</artifactId>.*?</dependency>", Pattern.DOTALL);

    @Test
    void aPlainProjectRunsItsFirstRequestAndAPodWithWebIdentityCredentials() throws Exception {
        Path project = build("plain-project");

        assertThat(Files.readString(project.resolve("build.log")))
                .contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed")
                .contains("-- in com.example.PodCredentialsTest")
                .contains("-- in com.example.FirstRequestTest")
                .contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0");
        assertThat(Files.readAllLines(project.resolve("target/aws-sdk-tree.txt")).stream()
                .filter(line -> line.contains("software.amazon.awssdk:")))
                .as("the AWS SDK in `mvn dependency:tree`")
                .isNotEmpty().allSatisfy(line -> assertThat(line).contains(":" + SDK_VERSION + ":"))
                // the control-plane module is optional: discovery is opt-in
                .noneMatch(line -> line.contains("software.amazon.awssdk:sagemaker:"))
                .anyMatch(line -> line.contains("software.amazon.awssdk:sts:"));
    }

    @Test
    void aSpringBoot35AppTestsWithTheEmulatorAndRunsAsWithout() throws Exception {
        Path project = build("spring-boot-app");

        assertThat(Files.readString(project.resolve("build.log")))
                .contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed")
                .contains("-- in com.example.reviews.ReviewsServiceTest");
    }

    /**
     * Copies the project, builds it with its tests and lists its dependencies: every AWS SDK module of every scope at
     * our SDK version, and the same runtime classpath without the emulator.
     */
    private static Path build(String name) throws Exception {
        Path work = Path.of(System.getProperty("user-build.work")).resolve(name);
        copy(Path.of(System.getProperty("user-build.projects")).resolve(name), work);
        Path home = configuredAwsHome(work.resolve("home"));

        run(work, "build.log", home, "-Daws-sdk.minimum=" + SDK_VERSION, "-Dexpected.sdk-version=" + SDK_VERSION,
                "verify", "dependency:list", "-DincludeScope=test", "-DoutputFile=target/dependencies.txt");
        List<String> all = Files.readAllLines(work.resolve("target/dependencies.txt"));
        Map<String, String> allScopes = listed(all, "compile", "runtime", "test", "provided", "system");
        assertThat(allScopes.keySet().stream().filter(artifact -> artifact.startsWith("software.amazon.awssdk:")))
                .as("the AWS SDK modules of every scope of %s", name)
                .isNotEmpty().allSatisfy(artifact -> assertThat(artifact).endsWith(":" + SDK_VERSION));

        String pom = Files.readString(work.resolve("pom.xml"));
        Matcher emulator = EMULATOR_DEPENDENCY.matcher(pom);
        assertThat(emulator.find()).as("%s depends on the emulator", name).isTrue();
        Files.writeString(work.resolve("pom-without-emulator.xml"), emulator.replaceFirst(""));
        run(work, "without-emulator.log", home, "-f", "pom-without-emulator.xml", "dependency:list",
                "-DincludeScope=runtime", "-DoutputFile=target/runtime-without-emulator.txt");
        assertThat(listed(all, "compile", "runtime").keySet())
                .as("the runtime classpath of %s with the emulator in test scope, against without it", name)
                .containsExactlyElementsOf(listed(Files.readAllLines(work.resolve("target/runtime-without-emulator.txt")),
                        "compile", "runtime").keySet());
        return work;
    }

    private static void run(Path work, String logName, Path home, String... arguments) throws Exception {
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, settings(Path.of(System.getProperty("user-build.remote-repository"))));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("user-build.maven-home"), "bin", "mvn").toString(),
                "-B", "-s", settings.toString(),
                "-Dmaven.repo.local=" + System.getProperty("user-build.repository"),
                "-Dcamel-sagemaker-async.version=" + System.getProperty("user-build.component-version")));
        command.addAll(List.of(arguments));
        Path log = work.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("AWS_REGION", "eu-west-1");
        Process build = builder.start();
        boolean finished = build.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            build.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("mvn %s finished within 10 minutes; its log:\n%s", arguments, output).isTrue();
        assertThat(build.exitValue()).as("the exit code of mvn %s; its log:\n%s", arguments, output).isZero();
    }

    /** A home as {@code aws configure} leaves it: a default profile with a region and (made-up) keys. */
    private static Path configuredAwsHome(Path home) throws IOException {
        Path aws = Files.createDirectories(home.resolve(".aws"));
        Files.writeString(aws.resolve("config"), "[default]\nregion = eu-west-1\noutput = json\n");
        Files.writeString(aws.resolve("credentials"), "[default]\naws_access_key_id = AKIAUSERSOWNKEY00000\n"
                + "aws_secret_access_key = users-own-secret-that-must-never-be-sent\n");
        return home;
    }

    /** The artifacts a {@code dependency:list} file names in these scopes, by group:artifact:type:version. */
    private static Map<String, String> listed(List<String> lines, String... scopes) {
        Map<String, String> found = new java.util.TreeMap<>();
        TreeSet<String> wanted = new TreeSet<>(List.of(scopes));
        for (String line : lines) {
            Matcher artifact = LISTED.matcher(line);
            if (artifact.find() && wanted.contains(artifact.group(2))) {
                found.put(artifact.group(1), artifact.group(2));
            }
        }
        return found;
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
