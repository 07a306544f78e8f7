package io.github.sagemakerasync.camel;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.util.IOHelper;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results for a route. Each poll takes what its source found (S3ResultListing by default, NotificationSource with
 * notificationQueue), reads the results maxConcurrentReads at a time through the endpoint's delivery, and hands them
 * to the route one after the other; delivery commits or rolls back each when its exchange is done.
 */
public class SageMakerAsyncConsumer extends ScheduledBatchPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(SageMakerAsyncConsumer.class);
    private static final String RESULT = ResultObject.class.getName();
    private static final String CLAIM = ResultClaim.class.getName();

    private final SageMakerAsyncConfiguration options;
    private ResultSettings settings;
    private ResultDelivery delivery;
    /** S3 listings, or notifications (notificationQueue). */
    private ResultSource source;

    public SageMakerAsyncConsumer(SageMakerAsyncEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.options = endpoint.getConfiguration();
    }

    @Override
    public SageMakerAsyncEndpoint getEndpoint() {
        return (SageMakerAsyncEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        delivery = getEndpoint().delivery();
        CorrelationStore correlations = getEndpoint().correlationStore();
        if (options.getNotificationQueue() != null) {
            OptionalModules.requireForNotifications("consumer", options.getEndpointName(), OptionalModules.SQS_CLIENT);
            NotificationReceiver receiver = NotificationReceiver.start(options, getEndpoint().getCamelContext(),
                    getEndpoint().backgroundThreads());
            settings = delivery.settings();
            source = new NotificationSource(receiver, correlations, getEndpoint()::correlationsMayArrive, settings, delivery,
                    options.getMaxMessagesPerPoll());
        } else {
            if (delivery.settings().outputFolder() == null && delivery.settings().failureFolder() == null) {
                discoverFolders();
            }
            settings = delivery.settings();
            source = new S3ResultListing(getEndpoint().resultStorage(), correlations, getEndpoint()::correlationsMayArrive,
                    settings, delivery, options.getMaxMessagesPerPoll());
        }
        checkInputsOutsideResults();
        getEndpoint().statistics().resultSource(options.getNotificationQueue() != null
                ? "notifications " + options.getNotificationQueue() : "S3 listing " + listedFolders());
        setMaxMessagesPerPoll(options.getMaxMessagesPerPoll());
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (source != null) {
            source.close();
            source = null;
        }
    }

    @Override
    protected void doShutdown() throws Exception {
        getEndpoint().getComponent().consumerShutDown(this);
        super.doShutdown();
    }

    private void discoverFolders() {
        OptionalModules.requireForDiscovery(options.getEndpointName(), OptionalModules.SAGEMAKER_CLIENT);
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        ResultLocationDiscovery.ResultLocations found = ResultLocationDiscovery.discover(options,
                close -> executors.newThread("SageMakerAsyncDiscoveryClose", close).start());
        S3Uri output = ResultSettings.folder(found.outputLocation(), "S3OutputPath");
        S3Uri failure = ResultSettings.folder(found.failureLocation(), "S3FailurePath");
        delivery.useDiscoveredFolders(output, failure);
        if (failure == null) {
            LOG.info("Endpoint {} writes results to {} and has no S3FailurePath: SageMaker writes no failure objects, "
                    + "so failed inferences are not delivered by this consumer (from DescribeEndpointConfig)",
                    options.getEndpointName(), output);
        } else {
            LOG.info("Endpoint {} writes results to {} and failures to {} (from DescribeEndpointConfig)",
                    options.getEndpointName(), output, failure);
        }
    }

    /** The folders this consumer lists: those the options name, or those it discovered. */
    private String listedFolders() {
        return Stream.of(settings.outputFolder(), settings.failureFolder()).filter(Objects::nonNull).map(S3Uri::toString)
                .collect(Collectors.joining(", "));
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
                OptionChecks.checkApart(input, source, settings.outputFolder(), "the consumer's output folder");
                OptionChecks.checkApart(input, source, settings.failureFolder(), "the consumer's failure folder");
            }
        }
    }

    /**
     * Greedy as configured, and also after a poll that stopped at maxMessagesPerPoll with results still waiting: a
     * backlog drains poll after poll, at S3's pace rather than maxMessagesPerPoll per delay.
     */
    @Override
    public boolean isGreedy() {
        ResultSource current = source;
        return super.isGreedy() || current != null && current.moreWaiting();
    }

    @Override
    protected int poll() throws Exception {
        shutdownRunningTask = null;
        pendingExchanges = 0;
        try {
            List<ResultArrival> found = source.next();
            getEndpoint().statistics().polled(found.size());
            // the source answered: the consumer is ready, even when there is nothing to deliver yet
            forceConsumerAsReady();
            return processBatch(createExchanges(found));
        } catch (CompletionException e) {
            // the AWS error itself, for the error handler and the consumer's health check (Camel's, for polling consumers)
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * One exchange per result, read with at most maxConcurrentReads reads in flight, each starting as soon as another
     * ends (in listing order; a window read in lock-step waits for its slowest read). A result whose object is gone
     * (another consumer finished it) is skipped; any other error abandons the whole poll, releasing its claims so that
     * the next poll delivers them.
     */
    private Queue<Object> createExchanges(List<ResultArrival> found) {
        Semaphore window = new Semaphore(options.getMaxConcurrentReads());
        List<Exchange> created = new ArrayList<>(found.size());
        List<CompletableFuture<Void>> reads = new ArrayList<>(found.size());
        boolean interrupted = false;
        for (ResultArrival arrival : found) {
            try {
                window.acquire();
            } catch (InterruptedException e) {
                // the consumer stops: what was not read stays for a later poll
                interrupted = true;
                found.subList(reads.size(), found.size()).forEach(left -> left.claim().left());
                break;
            }
            Exchange exchange = createExchange(true);
            created.add(exchange);
            CompletableFuture<Void> read = delivery.fill(exchange, arrival.result(), false);
            read.whenComplete((done, error) -> window.release());
            reads.add(read);
        }
        Queue<Object> exchanges = new LinkedList<>();
        CompletionException failure = null;
        for (int index = 0; index < reads.size(); index++) {
            ResultArrival arrival = found.get(index);
            Exchange exchange = created.get(index);
            try {
                reads.get(index).join();
                exchange.setProperty(RESULT, arrival.result());
                exchange.setProperty(CLAIM, arrival.claim());
                exchanges.add(exchange);
            } catch (CompletionException e) {
                releaseExchange(exchange, false);
                if (ResultStorage.isMissing(e.getCause())) {
                    LOG.debug("Result {} is gone: another consumer finished it", arrival.result().id());
                    arrival.claim().finished(true);
                } else {
                    arrival.claim().left();
                    failure = failure == null ? e : failure;
                }
            }
        }
        if (failure != null || interrupted) {
            exchanges.forEach(left -> abandon((Exchange) left));
            if (interrupted) {
                Thread.currentThread().interrupt();
                return new LinkedList<>();
            }
            throw failure;
        }
        return exchanges;
    }

    /** Gives back an exchange that was created but will not be processed: its result stays for a later poll. */
    private void abandon(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof Closeable stream) {
            IOHelper.close(stream);
        }
        exchange.getProperty(CLAIM, ResultClaim.class).left();
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
            ResultObject result = exchange.getProperty(RESULT, ResultObject.class);
            ResultClaim claim = exchange.getProperty(CLAIM, ResultClaim.class);
            exchange.getExchangeExtension().addOnCompletion(delivery.completion(result, false, claim));
            getAsyncProcessor().process(exchange, defaultConsumerCallback(exchange, true));
        }
        // results claimed by this poll but not delivered (the consumer is stopping) stay for a later poll
        for (Object left = exchanges.poll(); left != null; left = exchanges.poll()) {
            abandon((Exchange) left);
        }
        return total;
    }
}
