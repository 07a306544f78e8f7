package io.github.sagemakerasync.camel;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.util.IOHelper;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Delivers results: each poll lists the output and failure prefixes (one LIST page serves up to 1000 results, never a
 * request per pending inference) and emits one exchange per result object, correlated with its request when the
 * correlation store knows it. After a successful exchange the object is deleted, moved or kept (afterRead); after a
 * failed one it stays, to be delivered again by a later poll. Objects whose exchanges are still in flight are skipped,
 * so none is delivered twice.
 */
public class SageMakerAsyncConsumer extends ScheduledBatchPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(SageMakerAsyncConsumer.class);
    private static final String FAILURE_SUFFIX = "-error.out";
    private static final String DISCOVERY_CLIENT = "software.amazon.awssdk.services.sagemaker.SageMakerAsyncClient";

    private final SageMakerAsyncConfiguration options;
    private S3Uri outputPrefix;
    private S3Uri failurePrefix;
    /** Where poison results are moved (maxDeliveries), or null: they are then skipped. */
    private final S3Uri deadLetters;
    /** Results whose exchange is in flight, or delivered but not yet finished in S3: never delivered again. */
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    /**
     * Results finished (deleted or moved) since the listing numbered by the value started: that listing may still have
     * seen them, so they stay excluded until a listing starts after their finish (S3 lists consistently after a delete).
     */
    private final Map<String, Long> finishedDuringListing = new ConcurrentHashMap<>();
    private final AtomicLong listings = new AtomicLong();
    /** Delivered results whose finishing (delete, move) failed: retried by the next polls. */
    private final Map<String, ResultObject> unfinished = new ConcurrentHashMap<>();
    /** Failed deliveries per result, until it is delivered or set aside (maxDeliveries). */
    private final Map<String, Integer> failedDeliveries = new ConcurrentHashMap<>();
    /** Poison results left in place (no deadLetterLocation): skipped until the consumer restarts. */
    private final Set<String> setAside = ConcurrentHashMap.newKeySet();
    private IdempotentRepository kept;
    private ResultObjects results;
    private CorrelationStore correlations;

    public SageMakerAsyncConsumer(SageMakerAsyncEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.options = endpoint.getConfiguration();
        this.outputPrefix = folder(options.getOutputLocation(), "option outputLocation");
        this.failurePrefix = folder(options.getFailureLocation(), "option failureLocation");
        this.deadLetters = folder(options.getDeadLetterLocation(), "option deadLetterLocation");
    }

    private static S3Uri folder(String location, String source) {
        return location == null ? null : S3Uri.parse(location, source).folder();
    }

    @Override
    public SageMakerAsyncEndpoint getEndpoint() {
        return (SageMakerAsyncEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        if (outputPrefix == null && failurePrefix == null) {
            requireDiscoveryModule(options.getEndpointName(), DISCOVERY_CLIENT);
            ResultLocationDiscovery.ResultLocations found = ResultLocationDiscovery.discover(options);
            outputPrefix = folder(found.outputLocation(), "S3OutputPath");
            failurePrefix = folder(found.failureLocation(), "S3FailurePath");
            if (failurePrefix == null) {
                LOG.info("Endpoint {} writes results to {} and has no S3FailurePath: SageMaker writes no failure objects, "
                        + "so failed inferences are not delivered by this consumer (from DescribeEndpointConfig)",
                        options.getEndpointName(), outputPrefix);
            } else {
                LOG.info("Endpoint {} writes results to {} and failures to {} (from DescribeEndpointConfig)",
                        options.getEndpointName(), outputPrefix, failurePrefix);
            }
        }
        checkInputsOutsideResults();
        results = new ResultObjects(getEndpoint().clients().s3(), options);
        correlations = getEndpoint().correlationStore();
        kept = options.getIdempotentRepository() != null ? options.getIdempotentRepository()
                : MemoryIdempotentRepository.memoryIdempotentRepository(10_000);
        setMaxMessagesPerPoll(options.getMaxMessagesPerPoll());
        super.doStart();
    }

    /**
     * Discovery needs the SageMaker control-plane SDK, an optional dependency: checked by name, before any class that
     * uses it is loaded, so its absence is a clear error rather than a NoClassDefFoundError.
     */
    static void requireDiscoveryModule(String endpointName, String clientClass) {
        try {
            Class.forName(clientClass, false, SageMakerAsyncConsumer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("The sagemaker-async consumer of endpoint " + endpointName + " has neither "
                    + "outputLocation nor failureLocation, so it would find them with DescribeEndpoint, which needs the "
                    + "dependency software.amazon.awssdk:sagemaker (the same version as the other AWS SDK modules). Add "
                    + "it, or set outputLocation and failureLocation.", e);
        }
    }

    /**
     * Refuses to start when an input folder of this context's sagemaker-async endpoints lies in a result folder (or
     * holds one): its uploaded inputs would be delivered as results and deleted.
     */
    private void checkInputsOutsideResults() {
        for (Endpoint endpoint : getEndpoint().getCamelContext().getEndpoints()) {
            if (endpoint instanceof SageMakerAsyncEndpoint other && other.getConfiguration().getInputLocation() != null) {
                S3Uri input = S3Uri.parse(other.getConfiguration().getInputLocation(), "option inputLocation");
                String source = "option inputLocation of " + URISupport.sanitizeUri(other.getEndpointUri());
                SageMakerAsyncEndpoint.checkApart(input, source, outputPrefix, "the consumer's output folder");
                SageMakerAsyncEndpoint.checkApart(input, source, failurePrefix, "the consumer's failure folder");
            }
        }
    }

    @Override
    protected int poll() throws Exception {
        shutdownRunningTask = null;
        pendingExchanges = 0;
        try {
            retryUnfinished();
            List<ResultObject> found = listResults();
            // S3 answered: the consumer is ready, even when there is nothing to deliver yet
            forceConsumerAsReady();
            return processBatch(createExchanges(found));
        } catch (CompletionException e) {
            // the S3 error itself, for the error handler and the consumer's health check (Camel's, for polling consumers)
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The results of this poll, oldest listing first, claimed so that no later poll delivers them again. */
    private List<ResultObject> listResults() {
        long listing = listings.incrementAndGet();
        finishedDuringListing.values().removeIf(finishedDuring -> finishedDuring < listing);
        Map<String, ResultObject> found = new LinkedHashMap<>();
        int limit = options.getMaxMessagesPerPoll();
        for (S3Uri prefix : prefixes()) {
            int room = limit == 0 ? 0 : limit - found.size();
            if (limit > 0 && room <= 0) {
                break;
            }
            List<S3Object> objects = results.list(prefix, room, object -> isNew(prefix, object)).join();
            for (S3Object object : objects) {
                S3Uri location = new S3Uri(prefix.bucket(), object.key());
                Correlation correlation = correlations.find(location.toString()).orElse(null);
                found.putIfAbsent(location.toString(), new ResultObject(location, statusOf(location, correlation),
                        object.size(), object.lastModified(), object.eTag(), correlation));
            }
        }
        List<ResultObject> claimedNow = new ArrayList<>();
        for (ResultObject result : found.values()) {
            if (claimed.add(result.location().toString())) {
                claimedNow.add(result);
            }
        }
        return claimedNow;
    }

    private List<S3Uri> prefixes() {
        List<S3Uri> prefixes = new ArrayList<>();
        if (outputPrefix != null) {
            prefixes.add(outputPrefix);
        }
        if (failurePrefix != null && !failurePrefix.equals(outputPrefix)) {
            prefixes.add(failurePrefix);
        }
        return prefixes;
    }

    private boolean isNew(S3Uri prefix, S3Object object) {
        String location = new S3Uri(prefix.bucket(), object.key()).toString();
        if (claimed.contains(location) || finishedDuringListing.containsKey(location) || setAside.contains(location)
                || getEndpoint().isAwaited(location)) {
            return false;
        }
        return options.getAfterRead() != AfterRead.keep
                || !kept.contains(location + "@" + object.eTag());
    }

    /**
     * Failed when the correlation says it is the failure location; otherwise by folder: in the failure folder (the
     * more specific one when they nest), and named *-error.out when both folders are the same.
     */
    private ResultStatus statusOf(S3Uri location, Correlation correlation) {
        if (correlation != null) {
            return location.toString().equals(correlation.failureLocation()) ? ResultStatus.Failed : ResultStatus.Completed;
        }
        boolean underFailure = failurePrefix != null && failurePrefix.contains(location);
        boolean underOutput = outputPrefix != null && outputPrefix.contains(location);
        if (underFailure && underOutput) {
            int failureDepth = failurePrefix.key().length();
            int outputDepth = outputPrefix.key().length();
            if (failureDepth == outputDepth) {
                return location.key().endsWith(FAILURE_SUFFIX) ? ResultStatus.Failed : ResultStatus.Completed;
            }
            return failureDepth > outputDepth ? ResultStatus.Failed : ResultStatus.Completed;
        }
        return underFailure ? ResultStatus.Failed : ResultStatus.Completed;
    }

    /**
     * One exchange per result. A result whose object is gone (another consumer finished it) is skipped; any other error
     * abandons the whole poll, releasing its claims so that the next poll delivers them.
     */
    private Queue<Object> createExchanges(List<ResultObject> found) {
        Queue<Object> exchanges = new LinkedList<>();
        for (int index = 0; index < found.size(); index++) {
            try {
                createExchange(found.get(index)).ifPresent(exchanges::add);
            } catch (RuntimeException e) {
                found.subList(index, found.size()).forEach(result -> claimed.remove(result.location().toString()));
                exchanges.forEach(exchange -> abandon((Exchange) exchange));
                throw e;
            }
        }
        return exchanges;
    }

    private Optional<Exchange> createExchange(ResultObject result) {
        Exchange exchange = createExchange(true);
        try {
            String contentType = null;
            if (options.isIncludeBody() || result.status() == ResultStatus.Failed) {
                ResultObjects.ResultBody body = results.read(result).join();
                contentType = body.contentType();
                exchange.getMessage().setBody(body.body());
                if (body.body() instanceof Closeable stream) {
                    exchange.getExchangeExtension().addOnCompletion(new CloseOnCompletion(stream));
                }
            }
            result.writeTo(exchange.getMessage(), contentType);
            if (result.status() == ResultStatus.Failed && options.isFailureAsException()) {
                exchange.setException(new SageMakerAsyncInferenceException(exchange.getMessage().getBody(String.class),
                        result.correlation() == null ? null : result.correlation().inferenceId(),
                        result.location().toString()));
            }
            exchange.setProperty(ResultObject.class.getName(), result);
            return Optional.of(exchange);
        } catch (RuntimeException e) {
            claimed.remove(result.location().toString());
            releaseExchange(exchange, false);
            if (e instanceof CompletionException && ResultObjects.isMissing(e.getCause())) {
                LOG.debug("Result {} was listed but is gone: finished by another consumer", result.location());
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Gives back an exchange that was created but will not be processed: its result stays for a later poll. */
    private void abandon(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof Closeable stream) {
            IOHelper.close(stream);
        }
        claimed.remove(exchange.getProperty(ResultObject.class.getName(), ResultObject.class).location().toString());
        releaseExchange(exchange, false);
    }

    @Override
    public int processBatch(Queue<Object> exchanges) {
        int total = exchanges.size();
        for (int index = 0; index < total && isBatchAllowed(); index++) {
            Exchange exchange = (Exchange) exchanges.poll();
            exchange.setProperty(ExchangePropertyKey.BATCH_INDEX, index);
            exchange.setProperty(ExchangePropertyKey.BATCH_SIZE, total);
            exchange.setProperty(ExchangePropertyKey.BATCH_COMPLETE, index == total - 1);
            pendingExchanges = total - index - 1;
            ResultObject result = exchange.getProperty(ResultObject.class.getName(), ResultObject.class);
            exchange.getExchangeExtension().addOnCompletion(new Synchronization() {
                @Override
                public void onComplete(Exchange completed) {
                    commit(result);
                }

                @Override
                public void onFailure(Exchange failed) {
                    rollback(result, failed);
                }
            });
            AsyncCallback callback = defaultConsumerCallback(exchange, true);
            getAsyncProcessor().process(exchange, callback);
        }
        // results claimed by this poll but not delivered (the consumer is stopping) stay for a later poll
        for (Object left = exchanges.poll(); left != null; left = exchanges.poll()) {
            Exchange exchange = (Exchange) left;
            claimed.remove(exchange.getProperty(ResultObject.class.getName(), ResultObject.class).location().toString());
        }
        return total;
    }

    /** The exchange succeeded: finish the result in S3 and forget its correlation. */
    private void commit(ResultObject result) {
        if (options.getAfterRead() == AfterRead.keep) {
            kept.add(result.versionKey());
        }
        finish(result).whenComplete((done, error) -> {
            if (error != null) {
                // still claimed, so not delivered again; the next polls retry
                unfinished.put(result.location().toString(), result);
                getExceptionHandler().handleException("Could not finish the delivered result " + result.location()
                        + " (afterRead=" + options.getAfterRead() + "); retrying on the next poll", error);
            } else {
                unfinished.remove(result.location().toString());
                failedDeliveries.remove(result.location().toString());
                finishedDuringListing.put(result.location().toString(), listings.get());
                claimed.remove(result.location().toString());
            }
        });
    }

    private CompletableFuture<Void> finish(ResultObject result) {
        return results.finish(result, listedFolder(result)).thenRun(() -> {
            if (result.correlation() != null) {
                correlations.remove(result.correlation());
            }
        });
    }

    private void retryUnfinished() {
        for (ResultObject result : List.copyOf(unfinished.values())) {
            commit(result);
        }
    }

    private S3Uri listedFolder(ResultObject result) {
        return result.status() == ResultStatus.Failed && failurePrefix != null ? failurePrefix : outputPrefix;
    }

    /**
     * The exchange failed: the result stays in S3 and the next poll delivers it again, until it has failed
     * maxDeliveries times; then it is set aside, so that a poison result is not delivered forever.
     */
    private void rollback(ResultObject result, Exchange exchange) {
        String location = result.location().toString();
        String cause = exchange.getException() == null ? "" : exchange.getException().getMessage();
        int failures = failedDeliveries.merge(location, 1, Integer::sum);
        if (options.getMaxDeliveries() == 0 || failures < options.getMaxDeliveries()) {
            claimed.remove(location);
            LOG.warn("The exchange of result {} failed ({} of {} deliveries); it stays in S3 and is delivered again on a "
                    + "later poll: {}", location, failures, options.getMaxDeliveries(), cause);
            return;
        }
        failedDeliveries.remove(location);
        if (deadLetters == null) {
            setAside.add(location);
            claimed.remove(location);
            LOG.warn("Result {} failed {} deliveries (maxDeliveries): it stays in S3 and is skipped until the consumer "
                    + "restarts; set deadLetterLocation to move such results aside. Last failure: {}", location, failures, cause);
            return;
        }
        results.move(result, deadLetters, listedFolder(result)).whenComplete((moved, error) -> {
            if (error == null) {
                finishedDuringListing.put(location, listings.get());
                if (result.correlation() != null) {
                    correlations.remove(result.correlation());
                }
                LOG.warn("Result {} failed {} deliveries (maxDeliveries): moved to {}. Last failure: {}", location,
                        failures, deadLetters, cause);
            } else {
                setAside.add(location);
                LOG.warn("Result {} failed {} deliveries (maxDeliveries) and could not be moved to {}: it stays in S3 "
                        + "and is skipped until the consumer restarts", location, failures, deadLetters, error);
            }
            claimed.remove(location);
        });
    }

    /** Closes a streamed result body once its exchange is done. */
    private record CloseOnCompletion(Closeable stream) implements Synchronization {
        @Override
        public void onComplete(Exchange exchange) {
            IOHelper.close(stream);
        }

        @Override
        public void onFailure(Exchange exchange) {
            IOHelper.close(stream);
        }
    }
}
