package io.github.sagemakerasync.emulator;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.github.sagemakerasync.emulator.model.ContainerModel;
import io.github.sagemakerasync.emulator.model.DigestModel;
import io.github.sagemakerasync.emulator.model.InferenceModel;
import io.github.sagemakerasync.emulator.model.SentimentModel;

/**
 * Runs the emulator standalone until interrupted, or, with {@code --demo}, runs one inline and one S3
 * invocation, prints what the model computed, and exits.
 */
public final class EmulatorMain {

    private static final String USAGE = """
            Usage: sagemaker-async-emulator [options]
              --sagemaker-port N   port of the SageMaker runtime API (default: a free port)
              --s3-port N          port of the S3 API (default: a free port)
              --data-dir DIR       keep S3 data in DIR (default: in memory)
              --region R           region requests are signed for (default: us-east-1)
              --endpoint NAME[=MODEL]
                                   serve endpoint NAME, repeatable; MODEL is sentiment (default), digest,
                                   or the http:// address of a SageMaker-compatible model container.
                                   Without --endpoint: 'sentiment' writing to s3://sagemaker-async/output
              --sqs-port N         port of the SQS API (default: a free port)
              --notifications QUEUE
                                   every endpoint notifies SNS topic sagemaker-async-results (success and
                                   error, response included), to which SQS queue QUEUE is subscribed
              --output-naming uuid|inference-id
                                   how outputs without Filename are named: a fresh uuid (default) or
                                   the InferenceId
              --fault-rate R       answer the fraction R (0 to 1) of requests to every API with a random
                                   fault (throttling, 503, 500), for soak runs
              --demo               invoke the first endpoint twice (inline, then through S3), print the
                                   model's output and exit
            """;

    private EmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "sagemaker-async-emulator-logback.xml");
        }
        SageMakerAsyncEmulator.Builder builder = SageMakerAsyncEmulator.builder();
        boolean demo = false;
        try {
            demo = configure(builder, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
        long startedAt = System.nanoTime();
        try (SageMakerAsyncEmulator emulator = builder.start()) {
            System.out.printf("SageMaker async emulator started in %d ms%n", (System.nanoTime() - startedAt) / 1_000_000);
            printBanner(emulator, System.out);
            if (demo) {
                new EmulatorDemo(emulator, System.out).run();
                return;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            System.out.println("Running; press Ctrl+C to stop.");
            stopped.await();
        }
    }

    /** Applies the command line to the builder; returns whether to run the demo. */
    static boolean configure(SageMakerAsyncEmulator.Builder builder, String[] args) {
        boolean demo = false;
        String region = SageMakerAsyncEmulator.DEFAULT_REGION;
        String notificationQueue = null;
        OutputNaming naming = OutputNaming.UUID;
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--demo" -> demo = true;
                case "--sagemaker-port" -> builder.sageMakerPort(port(arg, value(args, ++i, arg)));
                case "--s3-port" -> builder.s3Port(port(arg, value(args, ++i, arg)));
                case "--data-dir" -> builder.dataDirectory(Path.of(value(args, ++i, arg)));
                case "--region" -> {
                    region = value(args, ++i, arg);
                    builder.region(region);
                }
                case "--sqs-port" -> builder.sqsPort(port(arg, value(args, ++i, arg)));
                case "--notifications" -> notificationQueue = value(args, ++i, arg);
                case "--endpoint" -> endpoints.add(value(args, ++i, arg));
                case "--output-naming" -> naming = outputNaming(value(args, ++i, arg));
                case "--fault-rate" -> builder.faultRate(fraction(arg, value(args, ++i, arg)));
                default -> throw new IllegalArgumentException("Unknown option: " + arg);
            }
        }
        NotificationConfig notifications = null;
        if (notificationQueue != null) {
            String topic = "arn:aws:sns:" + region + ":" + EndpointDescriptions.ACCOUNT_ID + ":sagemaker-async-results";
            notifications = NotificationConfig.of(topic, topic).includingResponseIn(
                    NotificationConfig.IncludeResponseIn.SUCCESS_NOTIFICATION_TOPIC,
                    NotificationConfig.IncludeResponseIn.ERROR_NOTIFICATION_TOPIC);
            builder.subscribe(topic, notificationQueue);
        }
        if (endpoints.isEmpty() && (notifications != null || naming != OutputNaming.UUID)) {
            endpoints.add(SageMakerAsyncEmulator.DEFAULT_ENDPOINT);
        }
        for (String spec : endpoints) {
            builder.endpoint(endpoint(spec, notifications, naming));
        }
        return demo;
    }

    private static double fraction(String option, String value) {
        try {
            double rate = Double.parseDouble(value);
            if (rate >= 0 && rate <= 1) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // explained below
        }
        throw new IllegalArgumentException(option + " must be a fraction between 0 and 1, was '" + value + "'");
    }

    private static OutputNaming outputNaming(String value) {
        return switch (value) {
            case "uuid" -> OutputNaming.UUID;
            case "inference-id" -> OutputNaming.INFERENCE_ID;
            default -> throw new IllegalArgumentException("--output-naming must be uuid or inference-id, was " + value);
        };
    }

    private static AsyncEndpointConfig endpoint(String spec, NotificationConfig notifications, OutputNaming naming) {
        int equals = spec.indexOf('=');
        String name = equals < 0 ? spec : spec.substring(0, equals);
        String model = equals < 0 ? "sentiment" : spec.substring(equals + 1);
        InferenceModel inferenceModel = switch (model) {
            case "sentiment" -> new SentimentModel();
            case "digest" -> new DigestModel();
            default -> {
                if (!model.startsWith("http://") && !model.startsWith("https://")) {
                    throw new IllegalArgumentException("--endpoint " + spec
                            + ": the model must be sentiment, digest or an http:// container address");
                }
                yield new ContainerModel(URI.create(model));
            }
        };
        String prefix = "s3://" + SageMakerAsyncEmulator.DEFAULT_BUCKET + "/" + name;
        return AsyncEndpointConfig.builder(name)
                .s3OutputPath(prefix + "/output")
                .s3FailurePath(prefix + "/failures")
                .notifications(notifications)
                .outputNaming(naming)
                .model(inferenceModel)
                .build();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int port(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, was '" + value + "'");
        }
    }

    static void printBanner(SageMakerAsyncEmulator emulator, PrintStream out) {
        out.println("  SageMaker runtime API  " + emulator.sageMakerEndpoint());
        out.println("  S3 API (path-style)    " + emulator.s3Endpoint());
        out.println("  STS (web identity)     " + emulator.stsEndpoint() + "   (AWS_ENDPOINT_URL_STS)");
        out.println("  region                 " + emulator.region());
        out.println("  credentials            " + emulator.accessKeyId() + " / " + emulator.secretAccessKey());
        for (AsyncEndpointConfig endpoint : emulator.endpoints()) {
            out.println("  endpoint               " + endpoint);
        }
        if (emulator.sqsEndpoint() != null) {
            out.println("  SQS API                " + emulator.sqsEndpoint());
            emulator.queueUrls().forEach((name, url) -> out.println("  notification queue     " + url));
        }
        AsyncEndpointConfig first = emulator.endpoints().get(0);
        out.println();
        out.println("Try it:");
        out.println("  curl --aws-sigv4 'aws:amz:" + emulator.region() + ":sagemaker' --user '"
                + emulator.accessKeyId() + ":" + emulator.secretAccessKey() + "' \\");
        out.println("       -H 'X-Amzn-SageMaker-Content-Type: application/json' \\");
        out.println("       --data-binary '{\"text\":\"great product, works fast\"}' -i \\");
        out.println("       " + emulator.sageMakerEndpoint() + "/endpoints/" + first.name() + "/async-invocations");
        out.println("  then read the X-Amzn-SageMaker-OutputLocation it answers, s3://BUCKET/KEY, with");
        out.println("  curl --aws-sigv4 'aws:amz:" + emulator.region() + ":s3' --user '"
                + emulator.accessKeyId() + ":" + emulator.secretAccessKey() + "' \\");
        out.println("       -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' " + emulator.s3Endpoint() + "/BUCKET/KEY");
        out.println();
    }
}
