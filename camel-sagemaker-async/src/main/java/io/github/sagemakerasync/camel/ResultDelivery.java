package io.github.sagemakerasync.camel;

import java.io.Closeable;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.util.IOHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one delivery of an endpoint's results, whichever source found them: a result goes to the exchange that waits for
 * it (waitForResult) or to a consumer's route; the exchange gets its body, headers, charset and failure here; and once
 * the exchange is done the result is committed (afterRead, deleteInputAfterResult, correlation forgotten; retried in
 * the background when S3 fails) or rolled back (left in S3 to be delivered again, set aside after maxDeliveries).
 */
final class ResultDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(ResultDelivery.class);

    private final ResultStorage storage;
    private volatile ResultSettings settings;
    private final CorrelationStore correlations;
    private final ResultWaiters waiters;
    private final BackgroundRetry background;
    /** Versions of results delivered with afterRead=keep: never delivered again. */
    private final IdempotentRepository kept;
    /** Failed deliveries per result, until it is delivered or set aside (maxDeliveries). */
    private final Map<String, Integer> failedDeliveries = new ConcurrentHashMap<>();
    /** Poison results left in place (no deadLetterLocation): skipped until the endpoint restarts. */
    private final Set<S3Uri> setAside = ConcurrentHashMap.newKeySet();
    /** Finishes and moves under way: a stopping endpoint lets them end before it closes its clients. */
    private final Set<CompletableFuture<?>> finishing = ConcurrentHashMap.newKeySet();
    private final EndpointStatistics statistics;

    ResultDelivery(ResultStorage storage, ResultSettings settings, CorrelationStore correlations, ResultWaiters waiters,
                   BackgroundRetry background, IdempotentRepository kept, EndpointStatistics statistics) {
        this.storage = storage;
        this.statistics = statistics;
        this.settings = settings;
        this.correlations = correlations;
        this.waiters = waiters;
        this.background = background;
        this.kept = kept;
    }

    ResultSettings settings() {
        return settings;
    }

    /** Takes the result folders a consumer discovered (DescribeEndpointConfig) when the options named none. */
    void useDiscoveredFolders(S3Uri output, S3Uri failure) {
        settings = settings.withFolders(output, failure);
    }

    /** Whether a listed result is new to this endpoint: not set aside, not delivered already with afterRead=keep. */
    boolean isNew(S3Uri location, String eTag) {
        return !setAside.contains(location)
                && (settings.afterRead() != AfterRead.keep || !kept.contains(location + "@" + eTag));
    }

    /**
     * Hands the result to the exchange that waits for it, through that exchange's endpoint (its answerer), which
     * answers with its own settings; false when none waits, and the result is for a consumer's route.
     */
    boolean toWaiter(ResultObject found, ResultClaim claim) {
        ResultWaiters.Waiter waiter = found.location() != null ? waiters.claim(found.location())
                : found.inferenceId() != null ? waiters.claimByInference(found.inferenceId()) : null;
        if (waiter == null) {
            return false;
        }
        waiter.answerer().answer(waiter, found, claim);
        return true;
    }

    /**
     * Answers an exchange of this endpoint that waited for the result; when the result cannot be read, gives the waiter
     * (untaken, same deadline) to {@code waitAgain}.
     */
    void answer(ResultWaiters.Waiter waiter, ResultObject found, ResultClaim claim, Consumer<ResultWaiters.Waiter> waitAgain) {
        ResultObject result = found.forWaiter(waiter.correlation(), settings);
        Exchange exchange = waiter.exchange();
        fill(exchange, result, true).whenComplete((done, error) -> {
            Throwable cause = Failures.cause(error);
            if (cause != null && !background.stopped() && !waiter.overdue()) {
                // the result is there but could not be read (S3 errors beyond the SDK's retries): wait again
                LOG.warn("Reading result {} failed; trying again: {}", result.location(), cause.getMessage());
                waitAgain.accept(waiter.again());
                claim.left();
                return;
            }
            if (cause != null) {
                exchange.setException(cause);
                claim.left();
            } else {
                exchange.getExchangeExtension().addOnCompletion(completion(result, true, claim));
            }
            waiter.callback().done(false);
        });
    }

    /**
     * Fills the exchange with the result: its body (read from S3 unless a consumer's includeBody=false leaves out an
     * output), headers, the charset of the result's content type, and a failure as exception when asked for.
     */
    CompletableFuture<Void> fill(Exchange exchange, ResultObject result, boolean answer) {
        boolean withBody = answer || settings.includeBody() || result.status() == ResultStatus.Failed;
        CompletableFuture<ResultBody> read = result.inHand() != null ? CompletableFuture.completedFuture(result.inHand())
                : withBody ? storage.read(result) : CompletableFuture.completedFuture(new ResultBody(null, null));
        return read.thenAccept(body -> {
            Message message = exchange.getMessage();
            message.setBody(body.body());
            if (body.body() instanceof Closeable stream) {
                exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                    @Override
                    public void onDone(Exchange done) {
                        IOHelper.close(stream);
                    }
                });
            }
            result.writeTo(message, body.contentType());
            // the request's charset (carried by a waiting exchange) says nothing of the model's answer
            Charset charset = charsetOf(body.contentType());
            if (charset != null) {
                exchange.setProperty(ExchangePropertyKey.CHARSET_NAME, charset.name());
            } else {
                exchange.removeProperty(ExchangePropertyKey.CHARSET_NAME);
            }
            if (result.status() == ResultStatus.Failed && (answer || settings.failureAsException())) {
                exchange.setException(new SageMakerAsyncInferenceException(text(body.body(), charset), result.inferenceId(),
                        result.location() == null ? null : result.location().toString()));
            }
            statistics.handedOver(result.correlation());
        });
    }

    /** The charset a content type names, or null when it names none (or one this JVM does not know). */
    static Charset charsetOf(String contentType) {
        String name = contentType == null ? null : IOHelper.getCharsetNameFromContentType(contentType);
        try {
            return name != null && Charset.isSupported(name) ? Charset.forName(name) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(Object body, Charset charset) {
        return body instanceof byte[] bytes ? new String(bytes, charset != null ? charset : StandardCharsets.UTF_8) : null;
    }

    /**
     * Commits the result when its exchange is done and delivered it, else rolls it back. A waiting exchange that fails
     * with the result's own failure (SageMakerAsyncInferenceException) was answered: that counts as delivered.
     */
    Synchronization completion(ResultObject result, boolean answer, ResultClaim claim) {
        return new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange exchange) {
                boolean delivered = !exchange.isFailed()
                        || answer && exchange.getException() instanceof SageMakerAsyncInferenceException;
                if (delivered) {
                    statistics.delivered(result.status(), result.correlation() != null);
                    commit(result, claim);
                } else {
                    rollback(result, exchange, claim);
                }
            }
        };
    }

    private void commit(ResultObject result, ResultClaim claim) {
        if (settings.afterRead() == AfterRead.keep) {
            kept.add(result.versionKey());
        }
        track(storage.finish(result)
                .exceptionallyCompose(error -> {
                    LOG.warn("Could not finish the delivered result {} (afterRead={}); trying again in the background: {}",
                            result.location(), settings.afterRead(), Failures.cause(error).getMessage());
                    return background.retry(BackgroundRetry.CLEAN_UP_DELAYS_MILLIS, () -> storage.finish(result));
                })
                .whenComplete((done, error) -> {
                    if (error == null) {
                        failedDeliveries.remove(result.id());
                        forget(result);
                        claim.finished(settings.afterRead() != AfterRead.keep);
                    } else {
                        LOG.warn("Could not finish the delivered result {} (afterRead={}); it stays in S3 and may be "
                                + "delivered again: {}", result.id(), settings.afterRead(), Failures.cause(error).getMessage());
                        claim.left();
                    }
                }));
    }

    private void track(CompletableFuture<?> work) {
        finishing.add(work);
        work.whenComplete((done, error) -> finishing.remove(work));
    }

    /**
     * Waits, at most {@code timeoutMillis}, for the finishes under way (deletes and moves of delivered results): the
     * endpoint stops, and what is not finished by then stays in S3, to be delivered again.
     */
    void awaitFinishes(long timeoutMillis) {
        try {
            CompletableFuture.allOf(finishing.toArray(CompletableFuture[]::new)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("The endpoint stops with {} delivered results not finished in S3; they will be delivered again",
                    finishing.size());
        }
    }

    /**
     * The exchange failed: the result stays in S3 to be delivered again, until it has failed maxDeliveries times; then
     * it is set aside (moved to deadLetterLocation, or skipped), so that a poison result is not delivered forever.
     */
    private void rollback(ResultObject result, Exchange exchange, ResultClaim claim) {
        String location = result.id();
        String cause = exchange.getException() == null ? "" : exchange.getException().getMessage();
        if (!claim.countsDeliveries()) {
            LOG.warn("The exchange of result {} failed; it is delivered again later: {}", location, cause);
            claim.left();
            return;
        }
        int failures = failedDeliveries.merge(location, 1, Integer::sum);
        if (settings.maxDeliveries() == 0 || failures < settings.maxDeliveries()) {
            LOG.warn("The exchange of result {} failed ({} of {} deliveries); it stays in S3 and is delivered again on a "
                    + "later poll: {}", location, failures, settings.maxDeliveries(), cause);
            claim.left();
            return;
        }
        failedDeliveries.remove(location);
        if (settings.deadLetters() == null) {
            setAside.add(result.location());
            LOG.warn("Result {} failed {} deliveries (maxDeliveries): it stays in S3 and is skipped until the consumer "
                    + "restarts; set deadLetterLocation to move such results aside. Last failure: {}", location, failures, cause);
            claim.left();
            return;
        }
        track(storage.move(result, settings.deadLetters()).whenComplete((moved, error) -> {
            if (error == null) {
                forget(result);
                LOG.warn("Result {} failed {} deliveries (maxDeliveries): moved to {}. Last failure: {}", location,
                        failures, settings.deadLetters(), cause);
            } else {
                setAside.add(result.location());
                LOG.warn("Result {} failed {} deliveries (maxDeliveries) and could not be moved to {}: it stays in S3 "
                        + "and is skipped until the consumer restarts", location, failures, settings.deadLetters(), error);
            }
            if (error == null) {
                claim.finished(true);
            } else {
                claim.left();
            }
        }));
    }

    private void forget(ResultObject result) {
        if (result.correlation() != null) {
            correlations.remove(result.correlation());
        }
    }
}
