package io.github.sagemakerasync.emulator;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sagemakerasync.emulator.model.SentimentModel;
import org.eclipse.jetty.server.Server;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A local SageMaker AI asynchronous inference runtime: the InvokeEndpointAsync API and an S3-compatible
 * server (S3Proxy), both on 127.0.0.1, with endpoints that queue requests and run a model.
 *
 * <pre>{@code
 * try (SageMakerAsyncEmulator emulator = SageMakerAsyncEmulator.builder().start()) {
 *     URI sageMaker = emulator.sageMakerEndpoint();   // endpoint override for SageMakerRuntimeClient
 *     URI s3 = emulator.s3Endpoint();                 // endpoint override for S3Client (path-style)
 * }
 * }</pre>
 *
 * With no endpoint configured, it serves {@value #DEFAULT_ENDPOINT} (the {@link SentimentModel}) writing to
 * {@code s3://}{@value #DEFAULT_BUCKET}{@code /output} and {@code /failures}.
 */
public final class SageMakerAsyncEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SageMakerAsyncEmulator.class);

    public static final String DEFAULT_ENDPOINT = "sentiment";
    public static final String DEFAULT_BUCKET = "sagemaker-async";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCESS_KEY_ID = "emulator";
    public static final String DEFAULT_SECRET_ACCESS_KEY = "emulator-secret";

    private static final String LOOPBACK = LoopbackServer.LOOPBACK;
    private static final Duration S3PROXY_START_TIMEOUT = Duration.ofSeconds(30);

    private final Builder settings;
    private final RequestCounters counters = new RequestCounters();
    private final NetworkConditions sageMakerNetwork = new NetworkConditions();
    private final NetworkConditions s3Network = new NetworkConditions();
    private final NetworkConditions sqsNetwork = new NetworkConditions();
    private final Gate workerGate = new Gate();
    private final Map<String, EndpointRuntime> endpoints = new LinkedHashMap<>();
    private final ExecutorService modelExecutor = Executors.newCachedThreadPool(daemonThreads("emulator-model-"));
    private final TemporaryCredentials temporaryCredentials;
    private BlobStore blobStore;
    private ObjectStorage storage;
    private S3Proxy s3Proxy;
    private S3Edge s3Edge;
    private Server apiServer;
    private URI sageMakerEndpoint;
    private URI s3Endpoint;
    private Notifications notifications;

    private SageMakerAsyncEmulator(Builder settings) {
        this.settings = settings;
        this.temporaryCredentials = new TemporaryCredentials(settings.secretAccessKey, settings.clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    private SageMakerAsyncEmulator start() throws Exception {
        try {
            // with a data directory: objects under s3/, accepted invocations without a result under queue/<endpoint>/
            blobStore = settings.dataDirectory == null
                    ? new TransientNio2BlobStore()
                    : new FilesystemNio2BlobStore(createDirectories(settings.dataDirectory.resolve("s3")).toAbsolutePath().toString());
            storage = new ObjectStorage(blobStore);
            settings.buckets().forEach(storage::ensureBucket);
            startS3();
            if (!settings.subscriptions.isEmpty()) {
                notifications = new Notifications(settings.subscriptions, settings.sqsPort, settings.region,
                        settings.clock, counters, sqsNetwork,
                        settings.dataDirectory == null ? null : settings.dataDirectory.resolve("notifications"));
                int republished = notifications.republishUndelivered(storage);
                if (republished > 0) {
                    LOG.info("Published again {} notifications whose results are still in S3: the queues lived in the "
                            + "emulator's memory", republished);
                }
            }
            for (AsyncEndpointConfig config : settings.endpoints()) {
                InvocationJournal journal = settings.dataDirectory == null ? null
                        : new InvocationJournal(settings.dataDirectory.resolve("queue").resolve(config.name()),
                                settings.dataDirectory.resolve("accepted").resolve(config.name() + ".log"));
                endpoints.put(config.name(), new EndpointRuntime(config, storage, settings.clock, workerGate, modelExecutor,
                        notifications, journal));
                if (config.notifications() != null && notifications != null) {
                    notifications.sendTestNotifications(config);
                }
            }
            if (settings.faultRate > 0) {
                for (NetworkConditions network : List.of(sageMakerNetwork, s3Network, sqsNetwork)) {
                    network.faultRate(settings.faultRate);
                }
            }
            startSageMakerApi();
            return this;
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    private void startS3() throws Exception {
        // S3Proxy listens on a port of its own; clients reach it through the edge, which counts, delays and faults
        s3Proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + LOOPBACK + ":0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, settings.accessKeyId, settings.secretAccessKey)
                // the SDK's multipart client and transfer manager send x-amz-mp-object-size
                .ignoreUnknownHeaders(true)
                .build();
        // the emulator's own key and those its STS issued (their session tokens are checked by the edge)
        s3Proxy.setBlobStoreLocator((identity, bucket, key) -> {
            if (settings.accessKeyId.equals(identity)) {
                return new AccessGrant(settings.secretAccessKey, blobStore);
            }
            return identity != null && TemporaryCredentials.isTemporary(identity)
                    ? new AccessGrant(temporaryCredentials.secretOf(identity), blobStore) : null;
        });
        s3Proxy.start();
        long deadline = System.nanoTime() + S3PROXY_START_TIMEOUT.toNanos();
        while (!"STARTED".equals(s3Proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start within " + S3PROXY_START_TIMEOUT);
            }
            Thread.sleep(5);
        }
        s3Edge = S3Edge.start(settings.s3Port, URI.create("http://" + LOOPBACK + ":" + s3Proxy.getPort()), counters,
                s3Network, settings.region, temporaryCredentials);
        s3Endpoint = s3Edge.endpoint();
    }

    private void startSageMakerApi() throws Exception {
        SigV4Verifier signatures = new SigV4Verifier(settings.accessKeyId, settings.secretAccessKey, temporaryCredentials,
                settings.region, "sagemaker", settings.clock);
        SecurityTokenService sts = new SecurityTokenService(temporaryCredentials, new SigV4Verifier(settings.accessKeyId,
                settings.secretAccessKey, temporaryCredentials, settings.region, "sts", settings.clock), settings.clock);
        EndpointDescriptions descriptions = new EndpointDescriptions(settings.endpoints(), settings.region,
                settings.clock.instant(), name -> endpoints.get(name).metrics());
        apiServer = LoopbackServer.start("emulator-sagemaker-api", 256, settings.sageMakerPort,
                new SageMakerApiHandler(Map.copyOf(endpoints), descriptions, sts, signatures, counters, sageMakerNetwork));
        sageMakerEndpoint = URI.create("http://" + LOOPBACK + ":" + LoopbackServer.port(apiServer));
    }

    private static Path createDirectories(Path directory) throws IOException {
        return Files.createDirectories(directory);
    }

    /** Base URI of the SageMaker runtime API: the endpoint override for a SageMakerRuntimeClient. */
    public URI sageMakerEndpoint() {
        return sageMakerEndpoint;
    }

    /**
     * Base URI of STS ({@code AssumeRoleWithWebIdentity}, {@code AssumeRole}), the SageMaker API's: for
     * {@code AWS_ENDPOINT_URL_STS}, or the endpoint override of an StsClient. The credentials it issues work with every
     * API of the emulator.
     */
    public URI stsEndpoint() {
        return sageMakerEndpoint;
    }

    /** Base URI of the S3 API: the endpoint override for an S3Client, with path-style access. */
    public URI s3Endpoint() {
        return s3Endpoint;
    }

    /** Base URI of the SQS API: the endpoint override for an SqsClient; null when nothing is subscribed. */
    public URI sqsEndpoint() {
        return notifications == null ? null : notifications.endpoint();
    }

    /** The URL of a queue subscribed with {@link Builder#subscribe}; null when there is no such queue. */
    public String queueUrl(String queueName) {
        return notifications == null ? null : notifications.queueUrl(queueName);
    }

    /** The subscribed queues' URLs by name. */
    public Map<String, String> queueUrls() {
        return notifications == null ? Map.of() : notifications.queueUrls();
    }

    public String region() {
        return settings.region;
    }

    public String accessKeyId() {
        return settings.accessKeyId;
    }

    public String secretAccessKey() {
        return settings.secretAccessKey;
    }

    /**
     * The Camel properties ({@code camel.component.sagemaker-async.*}, for Camel Main or Spring Boot) that point the
     * sagemaker-async component at this emulator, as a user points it at any SageMaker-compatible service.
     */
    public Map<String, String> camelComponentProperties() {
        String prefix = "camel.component.sagemaker-async.";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(prefix + "region", region());
        properties.put(prefix + "access-key", accessKeyId());
        properties.put(prefix + "secret-key", secretAccessKey());
        properties.put(prefix + "override-endpoint", "true");
        properties.put(prefix + "uri-endpoint-override", sageMakerEndpoint().toString());
        properties.put(prefix + "s3-uri-endpoint-override", s3Endpoint().toString());
        properties.put(prefix + "force-path-style", "true");
        if (sqsEndpoint() != null) {
            properties.put(prefix + "sqs-uri-endpoint-override", sqsEndpoint().toString());
        }
        return Collections.unmodifiableMap(properties);
    }

    /** The configured endpoints, in the order they were added. */
    public List<AsyncEndpointConfig> endpoints() {
        return settings.endpoints();
    }

    public RequestCounters counters() {
        return counters;
    }

    /** Latency and faults of the SageMaker runtime API. */
    public NetworkConditions sageMakerNetwork() {
        return sageMakerNetwork;
    }

    /** Latency and faults of the S3 API. */
    public NetworkConditions s3Network() {
        return s3Network;
    }

    /** Latency and faults on the SQS API (the notification queues), before ElasticMQ sees a request. */
    public NetworkConditions sqsNetwork() {
        return sqsNetwork;
    }

    /** Holds every endpoint's workers: requests are still accepted and queued, none starts. */
    public void pauseWorkers() {
        workerGate.close();
    }

    public void resumeWorkers() {
        workerGate.open();
    }

    /**
     * An object's content, read straight from storage: not through the S3 API, so not counted, delayed or faulted.
     * Empty when there is no such object.
     */
    public Optional<byte[]> readObject(String location) {
        return storage.read(S3Location.parse(location));
    }

    /** An object's metadata (content type, length, encryption...), read straight from storage; empty when absent. */
    public Optional<HeadObjectResponse> objectMetadata(String location) {
        return storage.metadata(S3Location.parse(location));
    }

    /** The objects under a prefix ({@code s3://bucket/prefix}), read straight from storage, in key order. */
    public List<String> listObjects(String prefix) {
        return storage.list(S3Location.parse(prefix)).stream().map(S3Location::toString).toList();
    }

    /** Invocations queued or running, over all endpoints. */
    /**
     * An endpoint's asynchronous-inference metrics as CloudWatch defines them (ApproximateBacklogSize, ...), and its
     * instance counts, read now.
     *
     * @throws IllegalArgumentException when the emulator serves no such endpoint
     */
    public EndpointMetrics metrics(String endpointName) {
        EndpointRuntime endpoint = endpoints.get(endpointName);
        if (endpoint == null) {
            throw new IllegalArgumentException("The emulator serves no endpoint " + endpointName + "; it serves "
                    + endpoints.keySet());
        }
        return endpoint.metrics();
    }

    public int unfinishedInvocations() {
        return endpoints.values().stream().mapToInt(EndpointRuntime::unfinished).sum();
    }

    /** Waits until every accepted invocation has written its output or failure; false on timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (unfinishedInvocations() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public void close() {
        List<Exception> failures = new ArrayList<>();
        if (apiServer != null) {
            stopQuietly(apiServer::stop, failures);
        }
        endpoints.values().forEach(EndpointRuntime::close);
        modelExecutor.shutdownNow();
        if (notifications != null) {
            stopQuietly(notifications::close, failures);
        }
        if (s3Edge != null) {
            stopQuietly(s3Edge::close, failures);
        }
        if (s3Proxy != null) {
            stopQuietly(s3Proxy::stop, failures);
        }
        if (blobStore != null) {
            stopQuietly(blobStore::close, failures);
        }
        if (!failures.isEmpty()) {
            IllegalStateException stop = new IllegalStateException("The emulator did not stop cleanly");
            failures.forEach(stop::addSuppressed);
            throw stop;
        }
    }

    private interface Stop {
        void run() throws Exception;
    }

    private static void stopQuietly(Stop stop, List<Exception> failures) {
        try {
            stop.run();
        } catch (Exception e) {
            failures.add(e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public String toString() {
        return "SageMakerAsyncEmulator[sagemaker=" + sageMakerEndpoint + ", s3=" + s3Endpoint
                + (notifications == null ? "" : ", sqs=" + notifications.endpoint()) + ", endpoints="
                + endpoints.keySet() + "]";
    }

    /** Settings of an emulator; {@link #start()} builds and starts it. */
    public static final class Builder {
        private String region = DEFAULT_REGION;
        private String accessKeyId = DEFAULT_ACCESS_KEY_ID;
        private String secretAccessKey = DEFAULT_SECRET_ACCESS_KEY;
        private int sageMakerPort;
        private int s3Port;
        private int sqsPort;
        private double faultRate;
        private Path dataDirectory;
        private final List<Notifications.Subscription> subscriptions = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private final Map<String, AsyncEndpointConfig> endpoints = new LinkedHashMap<>();
        private final Set<String> buckets = new LinkedHashSet<>();

        private Builder() {
        }

        /** The region requests must be signed for. Default {@value #DEFAULT_REGION}. */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** The one key pair both APIs accept. Default {@value #DEFAULT_ACCESS_KEY_ID} / {@value #DEFAULT_SECRET_ACCESS_KEY}. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
            this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            return this;
        }

        /** Port of the SageMaker runtime API; 0 (the default) picks a free one. */
        public Builder sageMakerPort(int port) {
            this.sageMakerPort = checkPort(port);
            return this;
        }

        /** Port of the S3 API; 0 (the default) picks a free one. */
        public Builder s3Port(int port) {
            this.s3Port = checkPort(port);
            return this;
        }

        /** Port of the SQS API, started when a queue is subscribed; 0 (the default) picks a free one. */
        public Builder sqsPort(int port) {
            this.sqsPort = checkPort(port);
            return this;
        }

        /**
         * From the start, answers this fraction (0 to 1) of the requests to every API (SageMaker, S3, SQS) with a fault
         * of any kind, as {@code faultRate} on each network does; for soak runs of the standalone emulator.
         */
        public Builder faultRate(double rate) {
            if (!(rate >= 0.0 && rate <= 1.0)) {
                throw new IllegalArgumentException("fault rate must be between 0 and 1, was " + rate);
            }
            this.faultRate = rate;
            return this;
        }

        /**
         * Subscribes an SQS queue (created at start, on the in-process SQS server) to an SNS topic that endpoints
         * notify ({@link AsyncEndpointConfig.Builder#notifications}); each notification arrives in the SNS envelope.
         */
        public Builder subscribe(String topicArn, String queueName) {
            subscriptions.add(new Notifications.Subscription(topicArn, queueName, false));
            return this;
        }

        /** As {@link #subscribe}, with raw message delivery: the notification itself is the message body. */
        public Builder subscribeRaw(String topicArn, String queueName) {
            subscriptions.add(new Notifications.Subscription(topicArn, queueName, true));
            return this;
        }

        /**
         * Keeps S3 data (under {@code s3/}) and the accepted invocations that have no result yet (under
         * {@code queue/<endpoint>/}) in this directory: objects survive a restart, and invocations accepted before the
         * emulator stopped, even killed, are processed after it starts again. Default: in memory.
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        /** Adds an endpoint. With none, the emulator serves {@value #DEFAULT_ENDPOINT}. */
        public Builder endpoint(AsyncEndpointConfig endpoint) {
            if (endpoints.putIfAbsent(endpoint.name(), endpoint) != null) {
                throw new IllegalArgumentException("Endpoint " + endpoint.name() + " is configured twice");
            }
            return this;
        }

        /** Creates this bucket at start, besides those of the endpoints' output and failure paths. */
        public Builder bucket(String bucket) {
            buckets.add(Objects.requireNonNull(bucket, "bucket"));
            return this;
        }

        /** The clock that ages queued requests (RequestTTLSeconds) and checks signature times. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public SageMakerAsyncEmulator start() throws Exception {
            return new SageMakerAsyncEmulator(this).start();
        }

        List<AsyncEndpointConfig> endpoints() {
            if (!endpoints.isEmpty()) {
                return List.copyOf(endpoints.values());
            }
            return List.of(AsyncEndpointConfig.builder(DEFAULT_ENDPOINT)
                    .s3OutputPath("s3://" + DEFAULT_BUCKET + "/output")
                    .s3FailurePath("s3://" + DEFAULT_BUCKET + "/failures")
                    .model(new SentimentModel())
                    .build());
        }

        Set<String> buckets() {
            Set<String> all = new LinkedHashSet<>(buckets);
            for (AsyncEndpointConfig endpoint : endpoints()) {
                all.add(endpoint.s3OutputPath().bucket());
                if (endpoint.s3FailurePath() != null) {
                    all.add(endpoint.s3FailurePath().bucket());
                }
            }
            return Collections.unmodifiableSet(all);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
            return port;
        }
    }
}
