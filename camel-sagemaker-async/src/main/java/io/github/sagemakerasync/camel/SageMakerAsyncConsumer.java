package io.github.sagemakerasync.camel;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.util.IOHelper;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Results for a route, from one of two sources. By default each poll lists the output and failure folders (one LIST
 * page serves up to 1000 results, never a request per pending inference); results whose delivery is not over are
 * claimed, so none is delivered twice by this consumer. With notificationQueue each poll receives SageMaker's
 * notifications from SQS instead. Either way each result is correlated with its request and handed to the endpoint's
 * delivery: to the exchange that waits for it, or as a new exchange to this route.
 */
public class SageMakerAsyncConsumer extends ScheduledBatchPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(SageMakerAsyncConsumer.class);
    private static final String DISCOVERY_CLIENT = "software.amazon.awssdk.services.sagemaker.SageMakerAsyncClient";
    private static final String RESULT = ResultObject.class.getName();
    private static final String CLAIM = ResultDelivery.Claim.class.getName();
    /** Receives of a notification whose request is not known here before it is delivered without correlation. */
    private static final int UNCORRELATED_RECEIVES = 3;

    private final SageMakerAsyncConfiguration options;
    /** Results whose delivery is not over (in flight, or being finished in S3): never delivered again meanwhile. */
    private final Set<S3Uri> claimed = ConcurrentHashMap.newKeySet();
    /**
     * Results finished (deleted or moved) since the listing numbered by the value started: that listing may still have
     * seen them, so they stay excluded until a listing starts after their finish (S3 lists consistently after a delete).
     */
    private final Map<S3Uri, Long> finishedDuringListing = new ConcurrentHashMap<>();
    private final AtomicLong listings = new AtomicLong();
    private ResultSettings settings;
    private ResultDelivery delivery;
    private CorrelationStore correlations;
    /** Set when results come from notifications (notificationQueue) rather than S3 listings. */
    private NotificationReceiver notifications;

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
        correlations = getEndpoint().correlationStore();
        if (options.getNotificationQueue() != null) {
            requireSqsModule(options.getEndpointName(), NotificationReceiver.SQS_CLIENT);
            notifications = NotificationReceiver.start(options, getEndpoint().getCamelContext(), getEndpoint().backgroundThreads());
        } else if (delivery.settings().outputFolder() == null && delivery.settings().failureFolder() == null) {
            discoverFolders();
        }
        settings = delivery.settings();
        checkInputsOutsideResults();
        setMaxMessagesPerPoll(options.getMaxMessagesPerPoll());
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (notifications != null) {
            notifications.close();
            notifications = null;
        }
    }

    private void discoverFolders() {
        requireDiscoveryModule(options.getEndpointName(), DISCOVERY_CLIENT);
        ResultLocationDiscovery.ResultLocations found = ResultLocationDiscovery.discover(options);
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

    /**
     * Discovery and notifications need optional AWS SDK modules: checked by a class name, before any class that uses
     * the module is loaded, so its absence is a clear error rather than a NoClassDefFoundError.
     */
    static void requireDiscoveryModule(String endpointName, String clientClass) {
        requireModule(endpointName, clientClass, "has neither outputLocation nor failureLocation, so it would find them "
                + "with DescribeEndpoint, which", "software.amazon.awssdk:sagemaker", "or set outputLocation and failureLocation");
    }

    static void requireSqsModule(String endpointName, String clientClass) {
        requireModule(endpointName, clientClass, "has a notificationQueue, read with SQS, which", "software.amazon.awssdk:sqs",
                "or leave notificationQueue unset to list S3");
    }

    private static void requireModule(String endpointName, String clientClass, String why, String dependency, String otherwise) {
        try {
            Class.forName(clientClass, false, SageMakerAsyncConsumer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("The sagemaker-async consumer of endpoint " + endpointName + " "
                    + why + " needs the dependency " + dependency + " (the same version as the other AWS SDK modules). "
                    + "Add it, " + otherwise + ".", e);
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
                SageMakerAsyncEndpoint.checkApart(input, source, settings.outputFolder(), "the consumer's output folder");
                SageMakerAsyncEndpoint.checkApart(input, source, settings.failureFolder(), "the consumer's failure folder");
            }
        }
    }

    @Override
    protected int poll() throws Exception {
        shutdownRunningTask = null;
        pendingExchanges = 0;
        try {
            List<Arrival> found = notifications != null ? receiveNotifications() : listResults();
            // the source answered: the consumer is ready, even when there is nothing to deliver yet
            forceConsumerAsReady();
            return processBatch(createExchanges(found));
        } catch (CompletionException e) {
            // the AWS error itself, for the error handler and the consumer's health check (Camel's, for polling consumers)
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** A result for the route, and what its source learns when delivery is done with it. */
    private record Arrival(ResultObject result, ResultDelivery.Claim claim) {
    }

    /**
     * The results of this poll for the route, oldest listing first, claimed so that no later poll delivers them
     * again; those an exchange waits for go to it instead.
     */
    private List<Arrival> listResults() {
        long listing = listings.incrementAndGet();
        finishedDuringListing.values().removeIf(finishedDuring -> finishedDuring < listing);
        Map<S3Uri, ResultObject> found = new LinkedHashMap<>();
        int limit = options.getMaxMessagesPerPoll();
        List<S3Uri> folders = folders();
        for (int index = 0; index < folders.size(); index++) {
            S3Uri folder = folders.get(index);
            // the failure folder is listed first with half the room, so failures never wait behind a backlog of
            // outputs, nor outputs behind failures; the output folder gets whatever room is left
            int room = limit == 0 ? 0 : index < folders.size() - 1 ? Math.max(1, limit / 2) : limit - found.size();
            if (limit > 0 && room <= 0) {
                break;
            }
            List<S3Object> objects = getEndpoint().resultObjects().list(folder, room, object -> isNew(folder, object)).join();
            for (S3Object object : objects) {
                S3Uri location = new S3Uri(folder.bucket(), object.key());
                Correlation correlation = correlations.find(location.toString()).orElse(null);
                found.putIfAbsent(location, ResultObject.listed(location, object, correlation, settings));
            }
        }
        List<Arrival> forRoute = new ArrayList<>();
        for (ResultObject result : found.values()) {
            if (claimed.add(result.location())) {
                ResultDelivery.Claim claim = claimOf(result);
                if (!delivery.toWaiter(result, claim)) {
                    forRoute.add(new Arrival(result, claim));
                }
            }
        }
        return forRoute;
    }

    /**
     * The notifications of this poll for the route. A TestNotification is logged and deleted; a message that is not a
     * SageMaker notification is left in the queue, for its redrive policy to move to the dead-letter queue.
     */
    private List<Arrival> receiveNotifications() {
        int limit = options.getMaxMessagesPerPoll() == 0 ? 10 : options.getMaxMessagesPerPoll();
        List<Arrival> forRoute = new ArrayList<>();
        for (Message message : notifications.receive(limit)) {
            Notification notification;
            try {
                notification = Notification.parse(message.body());
            } catch (IllegalArgumentException e) {
                LOG.warn("Message {} of the notification queue is not a SageMaker notification ({}); it is left in the "
                        + "queue, for its redrive policy to move it to a dead-letter queue", message.messageId(), e.getMessage());
                continue;
            }
            if (notification.isTest()) {
                LOG.info("SageMaker's TestNotification arrived on the notification queue: the subscription works");
                notifications.delete(message);
                continue;
            }
            String location = notification.location();
            Correlation correlation = location == null ? null : correlations.find(location).orElse(null);
            ResultObject result = ResultObject.notified(notification, correlation, settings);
            ResultDelivery.Claim claim = notifications.claim(message);
            if (delivery.toWaiter(result, claim)) {
                continue;
            }
            if (correlation == null && location != null && NotificationReceiver.receiveCount(message) < UNCORRELATED_RECEIVES) {
                // a fast inference can be notified before its producer has recorded the request (SageMaker answers
                // the invocation after queueing it): give the correlation a moment to arrive
                claim.left();
                notifications.later(message, 1);
                continue;
            }
            forRoute.add(new Arrival(result, claim));
        }
        return forRoute;
    }
    /** The folders to list, the failure folder first. */
    private List<S3Uri> folders() {
        List<S3Uri> folders = new ArrayList<>();
        if (settings.failureFolder() != null && !settings.failureFolder().equals(settings.outputFolder())) {
            folders.add(settings.failureFolder());
        }
        if (settings.outputFolder() != null) {
            folders.add(settings.outputFolder());
        }
        return folders;
    }

    private boolean isNew(S3Uri folder, S3Object object) {
        S3Uri location = new S3Uri(folder.bucket(), object.key());
        return !claimed.contains(location) && !finishedDuringListing.containsKey(location)
                && delivery.isNew(location, object.eTag());
    }

    /** Releases the result's claim when its delivery is over; one that left its folder is not listed again. */
    private ResultDelivery.Claim claimOf(ResultObject result) {
        return new ResultDelivery.Claim() {
            @Override
            public void finished(boolean gone) {
                if (gone) {
                    finishedDuringListing.put(result.location(), listings.get());
                }
                claimed.remove(result.location());
            }

            @Override
            public void left() {
                claimed.remove(result.location());
            }
        };
    }

    /**
     * One exchange per result, read maxConcurrentReads at a time. A result whose object is gone (another consumer
     * finished it) is skipped; any other error abandons the whole poll, releasing its claims so that the next poll
     * delivers them.
     */
    private Queue<Object> createExchanges(List<Arrival> found) {
        Queue<Object> exchanges = new LinkedList<>();
        int window = options.getMaxConcurrentReads();
        for (int from = 0; from < found.size(); from += window) {
            List<Arrival> chunk = found.subList(from, Math.min(found.size(), from + window));
            List<Exchange> created = new ArrayList<>();
            List<CompletableFuture<Void>> reads = new ArrayList<>();
            for (Arrival arrival : chunk) {
                Exchange exchange = createExchange(true);
                created.add(exchange);
                reads.add(delivery.fill(exchange, arrival.result(), false));
            }
            CompletionException failure = null;
            for (int index = 0; index < chunk.size(); index++) {
                Arrival arrival = chunk.get(index);
                Exchange exchange = created.get(index);
                try {
                    reads.get(index).join();
                    exchange.setProperty(RESULT, arrival.result());
                    exchange.setProperty(CLAIM, arrival.claim());
                    exchanges.add(exchange);
                } catch (CompletionException e) {
                    releaseExchange(exchange, false);
                    if (ResultObjects.isMissing(e.getCause())) {
                        LOG.debug("Result {} is gone: another consumer finished it", arrival.result().id());
                        arrival.claim().finished(true);
                    } else {
                        arrival.claim().left();
                        failure = failure == null ? e : failure;
                    }
                }
            }
            if (failure != null) {
                found.subList(Math.min(found.size(), from + window), found.size()).forEach(left -> left.claim().left());
                exchanges.forEach(left -> abandon((Exchange) left));
                throw failure;
            }
        }
        return exchanges;
    }

    /** Gives back an exchange that was created but will not be processed: its result stays for a later poll. */
    private void abandon(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof Closeable stream) {
            IOHelper.close(stream);
        }
        exchange.getProperty(CLAIM, ResultDelivery.Claim.class).left();
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
            ResultDelivery.Claim claim = exchange.getProperty(CLAIM, ResultDelivery.Claim.class);
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
