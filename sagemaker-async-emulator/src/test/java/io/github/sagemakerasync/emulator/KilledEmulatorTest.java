package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * SageMaker never loses a request it accepted, nor SQS a notification; nor does the emulator with a data directory, even
 * killed: the standalone emulator runs in its own JVM, is killed with SIGKILL, and once started again on the same
 * directory writes every accepted request's output, and notifies again the results still waiting in S3.
 */
class KilledEmulatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int REQUESTS = 20;
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create(
            SageMakerAsyncEmulator.DEFAULT_ACCESS_KEY_ID, SageMakerAsyncEmulator.DEFAULT_SECRET_ACCESS_KEY));

    private final CountDownLatch containerAnswers = new CountDownLatch(1);
    private final ExecutorService containerThreads = Executors.newCachedThreadPool();
    private final List<Process> emulators = new ArrayList<>();
    private HttpServer container;

    @AfterEach
    void stop() {
        emulators.forEach(Process::destroyForcibly);
        containerAnswers.countDown();
        if (container != null) {
            container.stop(0);
        }
        containerThreads.shutdownNow();
    }

    @Test
    void acceptedRequestsQueuedOrRunningAtAKillAreProcessedAfterTheRestart(@TempDir Path data) throws Exception {
        String model = startContainer();

        int sageMakerPort = freePort();
        int s3Port = freePort();
        Process first = startEmulator(data, model, sageMakerPort, s3Port);
        List<String> outputs = new ArrayList<>();
        try (SageMakerRuntimeClient sageMaker = sageMaker(sageMakerPort)) {
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                outputs.add(sageMaker.invokeEndpointAsync(r -> r.endpointName("held").inferenceId("request-" + n)
                        .body(SdkBytes.fromUtf8String("payload " + n))).outputLocation());
            }
        }
        assertThat(journaled(data)).as("accepted invocations on disk").hasSize(REQUESTS);

        first.destroyForcibly();  // SIGKILL: no shutdown hook runs
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        containerAnswers.countDown();

        int restartedSageMakerPort = freePort();
        int restartedS3Port = freePort();
        startEmulator(data, model, restartedSageMakerPort, restartedS3Port);
        try (S3Client s3 = s3(restartedS3Port)) {
            for (int i = 0; i < REQUESTS; i++) {
                S3Location output = S3Location.parse(outputs.get(i));
                String expected = "answered payload " + i;
                await().atMost(TIMEOUT).until(() -> read(s3, output), expected::equals);
            }
        }
        await().atMost(TIMEOUT).until(() -> journaled(data).isEmpty());
    }

    @Test
    void notificationsOfResultsStillInS3ArePublishedAgainAfterTheRestart(@TempDir Path data) throws Exception {
        containerAnswers.countDown();
        String model = startContainer();
        int sqsPort = freePort();
        int sageMakerPort = freePort();
        int s3Port = freePort();
        Process first = startEmulator(data, model, sageMakerPort, s3Port, "--notifications", "results",
                "--sqs-port", String.valueOf(sqsPort));
        List<String> outputs = new ArrayList<>();
        try (SageMakerRuntimeClient sageMaker = sageMaker(sageMakerPort); S3Client s3 = s3(s3Port)) {
            for (int i = 0; i < 5; i++) {
                int n = i;
                outputs.add(sageMaker.invokeEndpointAsync(r -> r.endpointName("held").inferenceId("notified-" + n)
                        .body(SdkBytes.fromUtf8String("payload " + n))).outputLocation());
            }
            for (String output : outputs) {
                await().atMost(TIMEOUT).until(() -> read(s3, S3Location.parse(output)) != null);
            }
            // the first result was delivered and deleted before the kill: its notification is not wanted again
            S3Location delivered = S3Location.parse(outputs.get(0));
            s3.deleteObject(r -> r.bucket(delivered.bucket()).key(delivered.key()));
        }
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        startEmulator(data, model, freePort(), freePort(), "--notifications", "results", "--sqs-port", String.valueOf(sqsPort));
        List<String> notified = new ArrayList<>();
        try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + sqsPort))
                .region(Region.of(SageMakerAsyncEmulator.DEFAULT_REGION)).credentialsProvider(CREDENTIALS).build()) {
            String queue = sqs.getQueueUrl(r -> r.queueName("results")).queueUrl();
            await().atMost(TIMEOUT).until(() -> {
                for (Message message : sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages()) {
                    notified.add(message.body());
                }
                return notified.stream().filter(body -> body.contains("InferenceResult")).count() >= 4;
            });
        }
        assertThat(notified).filteredOn(body -> body.contains("InferenceResult")).hasSize(4)
                .noneMatch(body -> body.contains("notified-0"))
                .anyMatch(body -> body.contains("notified-4"));
    }

    private String startContainer() throws IOException {
        container = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        container.setExecutor(containerThreads);
        container.createContext("/ping", exchange -> answer(exchange, "pong"));
        // holds every invocation until released: the emulator's 4 workers wait here, the other requests in its queue
        container.createContext("/invocations", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            try {
                containerAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, "answered " + new String(body, StandardCharsets.UTF_8));
        });
        container.start();
        return "http://127.0.0.1:" + container.getAddress().getPort();
    }

    private Process startEmulator(Path data, String model, int sageMakerPort, int s3Port, String... more) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                EmulatorMain.class.getName(), "--data-dir", data.toString(), "--sagemaker-port", String.valueOf(sageMakerPort),
                "--s3-port", String.valueOf(s3Port), "--endpoint", "held=" + model));
        command.addAll(List.of(more));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("emulator-" + emulators.size() + ".log").toFile())
                .start();
        emulators.add(process);
        await().atMost(TIMEOUT).until(() -> listening(sageMakerPort) && listening(s3Port));
        return process;
    }

    private static List<Path> journaled(Path data) throws IOException {
        Path queue = data.resolve("queue").resolve("held");
        if (!Files.isDirectory(queue)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(queue)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json")).toList();
        }
    }

    private static String read(S3Client s3, S3Location location) {
        try {
            return s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(location.key())).asUtf8String();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void answer(HttpExchange exchange, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static SageMakerRuntimeClient sageMaker(int port) {
        return SageMakerRuntimeClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.of(SageMakerAsyncEmulator.DEFAULT_REGION)).credentialsProvider(CREDENTIALS).build();
    }

    private static S3Client s3(int port) {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).forcePathStyle(true)
                .region(Region.of(SageMakerAsyncEmulator.DEFAULT_REGION)).credentialsProvider(CREDENTIALS).build();
    }
}
