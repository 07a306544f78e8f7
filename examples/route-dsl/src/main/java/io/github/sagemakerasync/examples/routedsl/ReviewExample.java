package io.github.sagemakerasync.examples.routedsl;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import org.apache.camel.main.Main;

/**
 * Sends product reviews of mixed sizes to a SageMaker asynchronous endpoint with {@code sagemaker-async:}, and prints
 * each result as the consumer route receives it, with how its payload travelled (inline or s3) and the time from
 * request to result. Exits once every result arrived.
 *
 * <p>With no AWS region configured ({@code camel.component.sagemaker-async.region}, as a system property or the
 * environment variable {@code CAMEL_COMPONENT_SAGEMAKER_ASYNC_REGION}), it starts the local emulator in-process and
 * points the component at it. With a region, the same routes talk to AWS, with credentials from the default chain.
 */
public final class ReviewExample {

    static final String REGION_PROPERTY = "camel.component.sagemaker-async.region";
    static final String REGION_VARIABLE = "CAMEL_COMPONENT_SAGEMAKER_ASYNC_REGION";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private ReviewExample() {
    }

    public static void main(String[] args) throws Exception {
        boolean useEmulator = System.getProperty(REGION_PROPERTY) == null && System.getenv(REGION_VARIABLE) == null;
        String dsl = System.getProperty("example.dsl", "java");
        int requests = Integer.getInteger("example.requests", 6);
        List<ResultBoard.Result> results = run(useEmulator, dsl, requests, Map.of(), System.out);
        System.exit(results.size() == requests ? 0 : 1);
    }

    /**
     * Runs the example until every result arrived (or five minutes passed).
     *
     * @param properties more Camel Main properties (they win over application.properties)
     * @return the results received
     */
    static List<ResultBoard.Result> run(boolean useEmulator, String dsl, int requests, Map<String, String> properties, PrintStream out)
            throws Exception {
        SageMakerAsyncEmulator emulator = useEmulator ? SageMakerAsyncEmulator.builder().start() : null;
        Main main = new Main();
        try {
            if (emulator != null) {
                out.println("No AWS region configured: using the local emulator (SageMaker " + emulator.sageMakerEndpoint()
                        + ", S3 " + emulator.s3Endpoint() + ")");
                emulator.camelComponentProperties().forEach(main::addOverrideProperty);
            }
            properties.forEach(main::addOverrideProperty);
            main.addOverrideProperty("example.requests", String.valueOf(requests));
            ResultBoard board = new ResultBoard(requests);
            main.bind("reviews", new ReviewGenerator());
            main.bind("results", board);
            if (dsl.equals("yaml")) {
                main.configure().withRoutesIncludePattern("classpath:routes/reviews.camel.yaml");
            } else if (dsl.equals("java")) {
                main.configure().addRoutesBuilder(new ReviewRoutes());
            } else {
                throw new IllegalArgumentException("example.dsl must be java or yaml, was " + dsl);
            }
            out.println("Sending " + requests + " reviews with the " + dsl + " DSL routes");
            main.start();
            if (!board.awaitAll(TIMEOUT)) {
                out.println("Not every result arrived within " + TIMEOUT);
            }
            out.println(board.summary(requests));
            return board.results();
        } finally {
            main.stop();
            if (emulator != null) {
                emulator.close();
            }
        }
    }
}
