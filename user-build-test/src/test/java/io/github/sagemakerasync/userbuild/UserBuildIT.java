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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Builds the projects of {@code src/it} as users build theirs: outside this reactor, no parent of ours, with a
 * separate Maven whose repository holds only what a release publishes (installed by the invoker plugin) and, behind it,
 * the usual remote artifacts; on a machine where {@code aws configure} was run (a {@code ~/.aws} with a region and
 * credentials, and {@code AWS_REGION} set), which the tests against the emulator must not read or send.
 *
 * <p>Each project has the emulator in test scope. Its build fails when the dependencies do not converge; here, every
 * AWS SDK module of every scope must resolve to the component's SDK version, and the project's runtime classpath
 * must be the same with and without the emulator. Both projects are built by one Maven, through an aggregator that is
 * no parent of theirs; a second lists their runtime dependencies without the emulator.
 */
class UserBuildIT {

    private static final String SDK_VERSION = System.getProperty("user-build.sdk-version");
    private static final List<String> PROJECTS = List.of("plain-project", "spring-boot-app");
    /** A line of {@code mvn dependency:list}: group:artifact:type[:classifier]:version:scope, and maybe a module name. */
    private static final Pattern LISTED = Pattern.compile("^\\s+([^:\\s]+:[^:\\s]+:[^:\\s]+(?::[^:\\s]+)?:[^:\\s]+):([a-z]+)");
    /** The element that adds the emulator to a project, which the comparison build leaves out. */
    private static final Pattern EMULATOR_DEPENDENCY = Pattern.compile(
            "\\s*<dependency>\\s*<groupId>io\\.github\\.sagemakerasync</groupId>\\s*<artifactId>sagemaker-async-emulator"
                    + "</artifactId>.*?</dependency>", Pattern.DOTALL);
    private static final Path WORK = Path.of(System.getProperty("user-build.work"));

    @BeforeAll
    static void buildTheProjects() throws Exception {
        for (String project : PROJECTS) {
            copy(Path.of(System.getProperty("user-build.projects")).resolve(project), WORK.resolve(project));
            String pom = Files.readString(WORK.resolve(project).resolve("pom.xml"));
            Matcher emulator = EMULATOR_DEPENDENCY.matcher(pom);
            assertThat(emulator.find()).as("%s depends on the emulator", project).isTrue();
            Files.writeString(WORK.resolve(project).resolve("pom-without-emulator.xml"), emulator.replaceFirst(""));
        }
        // this reactor's .mvn (parallel builds, JVM options) is not the users': a .mvn of its own stops Maven's search
        Files.createDirectories(WORK.resolve(".mvn"));
        Files.writeString(WORK.resolve("pom.xml"), aggregator("users", "pom.xml"));
        Files.writeString(WORK.resolve("pom-without-emulator.xml"), aggregator("users-without-emulator", "pom-without-emulator.xml"));
        Path home = configuredAwsHome(WORK.resolve("home"));

        run("build.log", home, "-T", "2", "-Daws-sdk.minimum=" + SDK_VERSION, "-Dexpected.sdk-version=" + SDK_VERSION,
                "verify", "dependency:list", "-DincludeScope=test", "-DoutputFile=target/dependencies.txt");
        run("without-emulator.log", home, "-T", "2", "-f", "pom-without-emulator.xml", "dependency:list",
                "-DincludeScope=runtime", "-DoutputFile=target/runtime-without-emulator.txt");
    }

    @Test
    void aPlainProjectRunsItsFirstRequestAndAPodWithWebIdentityCredentials() throws Exception {
        Path project = WORK.resolve("plain-project");

        assertThat(testsPassed(project, "com.example.FirstRequestTest")).isEqualTo(1);
        assertThat(testsPassed(project, "com.example.PodCredentialsTest")).isEqualTo(1);
        assertThat(Files.readAllLines(project.resolve("target/aws-sdk-tree.txt")).stream()
                .filter(line -> line.contains("software.amazon.awssdk:")))
                .as("the AWS SDK in `mvn dependency:tree`")
                .isNotEmpty().allSatisfy(line -> assertThat(line).contains(":" + SDK_VERSION + ":"))
                // the control-plane module is optional: discovery is opt-in
                .noneMatch(line -> line.contains("software.amazon.awssdk:sagemaker:"))
                .anyMatch(line -> line.contains("software.amazon.awssdk:sts:"));
        assertOneSdkVersionAndTheSameRuntimeWithoutTheEmulator(project);
    }

    @Test
    void aSpringBoot35AppTestsWithTheEmulatorAndRunsAsWithout() throws Exception {
        Path project = WORK.resolve("spring-boot-app");

        assertThat(testsPassed(project, "com.example.reviews.ReviewsServiceTest")).isEqualTo(1);
        assertOneSdkVersionAndTheSameRuntimeWithoutTheEmulator(project);
    }

    /** Every AWS SDK module of every scope at our SDK version, and the same runtime classpath without the emulator. */
    private static void assertOneSdkVersionAndTheSameRuntimeWithoutTheEmulator(Path project) throws IOException {
        List<String> all = Files.readAllLines(project.resolve("target/dependencies.txt"));
        assertThat(listed(all, "compile", "runtime", "test", "provided", "system").keySet().stream()
                .filter(artifact -> artifact.startsWith("software.amazon.awssdk:")))
                .as("the AWS SDK modules of every scope of %s", project.getFileName())
                .isNotEmpty().allSatisfy(artifact -> assertThat(artifact).endsWith(":" + SDK_VERSION));
        assertThat(listed(all, "compile", "runtime").keySet())
                .as("the runtime classpath of %s with the emulator in test scope, against without it", project.getFileName())
                .containsExactlyElementsOf(listed(Files.readAllLines(project.resolve("target/runtime-without-emulator.txt")),
                        "compile", "runtime").keySet());
    }

    /** How many tests of the class passed, by its surefire report; 0 when there is none. */
    private static int testsPassed(Path project, String testClass) throws IOException {
        Path report = project.resolve("target/surefire-reports/" + testClass + ".txt");
        if (!Files.exists(report)) {
            return 0;
        }
        Matcher counts = Pattern.compile("Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)")
                .matcher(Files.readString(report));
        return counts.find() ? Integer.parseInt(counts.group(1)) - Integer.parseInt(counts.group(2))
                - Integer.parseInt(counts.group(3)) - Integer.parseInt(counts.group(4)) : 0;
    }

    private static String aggregator(String artifactId, String modulePom) {
        StringBuilder modules = new StringBuilder();
        PROJECTS.forEach(project -> modules.append("    <module>").append(project).append('/').append(modulePom)
                .append("</module>\n"));
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>%s</artifactId>
                  <version>1.0</version>
                  <packaging>pom</packaging>
                  <modules>
                %s  </modules>
                </project>
                """.formatted(artifactId, modules);
    }

    private static void run(String logName, Path home, String... arguments) throws Exception {
        Path settings = WORK.resolve("settings.xml");
        Files.writeString(settings, settings(Path.of(System.getProperty("user-build.remote-repository"))));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("user-build.maven-home"), "bin", "mvn").toString(),
                "-B", "-s", settings.toString(),
                "-Dmaven.repo.local=" + System.getProperty("user-build.repository"),
                "-Dcamel-sagemaker-async.version=" + System.getProperty("user-build.component-version")));
        command.addAll(List.of(arguments));
        Path log = WORK.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("AWS_REGION", "eu-west-1");
        Process build = builder.start();
        boolean finished = build.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            build.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("mvn %s finished within 10 minutes; its log:\n%s", List.of(arguments), output).isTrue();
        assertThat(build.exitValue()).as("the exit code of mvn %s; its log:\n%s", List.of(arguments), output).isZero();
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
        Map<String, String> found = new TreeMap<>();
        List<String> wanted = List.of(scopes);
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
