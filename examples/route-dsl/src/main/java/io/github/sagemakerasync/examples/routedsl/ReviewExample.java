package io.github.sagemakerasync.examples.routedsl;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.main.Main;

/**
 * Sends product reviews of mixed sizes to a SageMaker asynchronous endpoint with {@code sagemaker-async:}, and prints
 * each result as the consumer route receives it, with how its payload travelled (inline or s3) and the time from
 * request to result. Exits once every result arrived.
 *
 * <p>This is the application as it runs on AWS: the region, credentials and locations come from configuration alone
 * ({@code application.properties}, system properties or environment variables). The one-command local run,
 * {@code LocalReviewExample} in the tests, starts the emulator and hands its properties to {@link #run}.
 */
public final class ReviewExample {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private ReviewExample() {
    }

    public static void main(String[] args) throws Exception {
        List<ResultBoard.Result> results = run(dsl(), requests(), Map.of(), System.out);
        System.exit(results.size() == requests() ? 0 : 1);
    }

    static String dsl() {
        return System.getProperty("example.dsl", "java");
    }

    static int requests() {
        return Integer.getInteger("example.requests", 6);
    }

    /**
     * Runs the example until every result arrived (or five minutes passed).
     *
     * @param properties more Camel Main properties (they win over application.properties)
     * @return the results received
     */
    static List<ResultBoard.Result> run(String dsl, int requests, Map<String, String> properties, PrintStream out)
            throws Exception {
        Main main = new Main();
        try {
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
        }
    }
}
