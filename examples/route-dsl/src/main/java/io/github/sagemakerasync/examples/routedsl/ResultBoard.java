package io.github.sagemakerasync.examples.routedsl;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.sagemakerasync.camel.SageMakerAsyncConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Collects the results as they arrive, with the end-to-end time of each, so the example knows when it is done. */
public class ResultBoard {

    /** One result as the consumer route received it. */
    public record Result(int requestNo, String payloadMode, String status, long elapsedMillis, String body) {
    }

    private final CountDownLatch expected;
    private final List<Result> results = new CopyOnWriteArrayList<>();

    public ResultBoard(int requests) {
        this.expected = new CountDownLatch(requests);
    }

    /** Records the result and sets header elapsedMillis: from when its request was sent to now. */
    public void record(Exchange exchange) {
        Message message = exchange.getMessage();
        Long sentAt = message.getHeader("sentAt", Long.class);
        long elapsed = sentAt == null ? -1 : System.currentTimeMillis() - sentAt;
        message.setHeader("elapsedMillis", elapsed);
        Integer requestNo = message.getHeader("requestNo", Integer.class);
        results.add(new Result(requestNo == null ? -1 : requestNo,
                message.getHeader(SageMakerAsyncConstants.PAYLOAD_MODE, String.class),
                message.getHeader(SageMakerAsyncConstants.STATUS, String.class),
                elapsed, message.getBody(String.class)));
        expected.countDown();
    }

    public boolean awaitAll(Duration timeout) throws InterruptedException {
        return expected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public List<Result> results() {
        return List.copyOf(results);
    }

    /** For example "6 of 6 results arrived: 4 sent inline, 2 through S3". */
    public String summary(int requests) {
        return results.size() + " of " + requests + " results arrived: " + countMode("inline") + " sent inline, "
                + countMode("s3") + " through S3";
    }

    private long countMode(String payloadMode) {
        return results.stream().filter(result -> payloadMode.equals(result.payloadMode())).count();
    }
}
