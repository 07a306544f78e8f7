package io.github.sagemakerasync.emulator;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.github.sagemakerasync.emulator.model.ModelError;
import io.github.sagemakerasync.emulator.model.ModelInput;
import io.github.sagemakerasync.emulator.model.ModelOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint at work: a queue of accepted invocations and {@code MaxConcurrentInvocationsPerInstance}
 * workers that take them in order, check the request's TTL, read its input, run the model within the
 * invocation timeout, and write the output, or the failure (the model's error response, or the failure text).
 */
final class EndpointRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointRuntime.class);

    private final AsyncEndpointConfig config;
    private final ObjectStorage storage;
    private final Clock clock;
    private final Gate gate;
    private final ExecutorService modelExecutor;
    private final LinkedBlockingDeque<AcceptedInvocation> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger unfinished = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    /** Null when no queue is subscribed to any topic. */
    private final Notifications notifications;
    /** Null when the emulator keeps nothing on disk. */
    private final InvocationJournal journal;
    private final InstanceCapacity capacity;
    private final LongAdder expired = new LongAdder();
    private final ScheduledExecutorService scaler;

    EndpointRuntime(AsyncEndpointConfig config, ObjectStorage storage, Clock clock, Gate gate,
                    ExecutorService modelExecutor, Notifications notifications, InvocationJournal journal) {
        this.config = config;
        this.notifications = notifications;
        this.storage = storage;
        this.clock = clock;
        this.gate = gate;
        this.modelExecutor = modelExecutor;
        this.journal = journal;
        if (journal != null) {
            List<AcceptedInvocation> pending = journal.pending();
            if (!pending.isEmpty()) {
                LOG.info("Endpoint {}: resuming {} accepted invocations that had no result when the emulator stopped",
                        config.name(), pending.size());
            }
            unfinished.addAndGet(pending.size());
            queue.addAll(pending);
        }
        capacity = new InstanceCapacity(config.name(), config.maxConcurrentInvocationsPerInstance(), config.instances(),
                config.autoScaling(), clock.instant());
        for (int i = 0; i < config.maxConcurrentInvocationsPerInstance() * capacity.maxInstances(); i++) {
            Thread worker = new Thread(this::work, "emulator-" + config.name() + "-worker-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        // every 100 ms: requests past their TTL expire in the queue (as on AWS, with or without an instance to take
        // them), then the scaling policies look at the backlog
        scaler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "emulator-" + config.name() + "-scaling");
            thread.setDaemon(true);
            return thread;
        });
        scaler.scheduleWithFixedDelay(this::evaluate, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void evaluate() {
        try {
            expireWaiting();
            capacity.evaluate(unfinished.get(), clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Endpoint {}: scaling evaluation failed", config.name(), e);
        }
    }

    /** Fails the queued requests whose RequestTTLSeconds has passed, as expired. */
    private void expireWaiting() {
        AcceptedInvocation oldest = queue.peekFirst();
        // the queue is in the order requests were accepted: while its oldest is younger than the least TTL, none is due
        if (oldest == null || Duration.between(oldest.receivedAt(), clock.instant()).getSeconds()
                < InvocationRequest.MIN_REQUEST_TTL_SECONDS) {
            return;
        }
        for (AcceptedInvocation invocation : queue) {
            if (isExpired(invocation) && queue.remove(invocation)) {
                try {
                    expire(invocation);
                } finally {
                    unfinished.decrementAndGet();
                }
            }
        }
    }

    private boolean isExpired(AcceptedInvocation invocation) {
        return Duration.between(invocation.receivedAt(), clock.instant()).getSeconds()
                >= invocation.request().effectiveRequestTtlSeconds();
    }

    private void expire(AcceptedInvocation invocation) {
        failExpired(invocation);
        if (journal != null && invocation.journalEntry() >= 0) {
            journal.done(invocation.journalEntry());
        }
    }

    /** Writes the failure of an expired request (and its error notification), and counts it (ExpiredRequests). */
    private void failExpired(AcceptedInvocation invocation) {
        expired.increment();
        fail(invocation, "Request expired: it waited " + Duration.between(invocation.receivedAt(), clock.instant())
                .getSeconds() + " seconds in the queue, longer than its RequestTTLSeconds of "
                + invocation.request().effectiveRequestTtlSeconds());
    }

    /** The endpoint's CloudWatch metrics, now. */
    EndpointMetrics metrics() {
        int backlog = unfinished.get();
        int instances = capacity.instances();
        AcceptedInvocation oldest = queue.peekFirst();
        long age = oldest == null ? 0 : Math.max(0, Duration.between(oldest.receivedAt(), clock.instant()).getSeconds());
        return new EndpointMetrics(backlog, instances == 0 ? backlog : (double) backlog / instances, age,
                backlog > 0 && instances == 0 ? 1 : 0, expired.sum(), instances, capacity.desiredInstances());
    }

    /**
     * Queues the request. Results are named as AWS is observed to name them: a fresh uuid (not the
     * inference id) with {@code .out} under the output path, and {@code <uuid>-error.out} under the failure
     * path, or after the inference id with {@link OutputNaming#INFERENCE_ID}; S3OutputPathExtension goes between
     * path and name, and Filename replaces the generated name.
     */
    AcceptedInvocation submit(InvocationRequest request) {
        String inferenceId = request.inferenceId() != null ? request.inferenceId() : UUID.randomUUID().toString();
        String baseName = request.filename() != null ? request.filename()
                : config.outputNaming() == OutputNaming.INFERENCE_ID ? inferenceId : UUID.randomUUID().toString();
        String outputName = request.filename() != null ? baseName : baseName + ".out";
        S3Location outputDir = config.s3OutputPath();
        S3Location failureDir = config.s3FailurePath();
        if (request.s3OutputPathExtension() != null) {
            outputDir = outputDir.resolve(request.s3OutputPathExtension());
            failureDir = failureDir == null ? null : failureDir.resolve(request.s3OutputPathExtension());
        }
        AcceptedInvocation invocation = new AcceptedInvocation(request, inferenceId, outputDir.resolve(outputName),
                failureDir == null ? null : failureDir.resolve(baseName + "-error.out"), clock.instant());
        refuseUnstorable(invocation.outputLocation());
        if (invocation.failureLocation() != null) {
            refuseUnstorable(invocation.failureLocation());
        }
        if (journal != null) {
            // on disk before the 202: an accepted request survives the emulator being killed
            invocation = invocation.journaledAs(journal.record(invocation));
        }
        unfinished.incrementAndGet();
        queue.addLast(invocation);
        return invocation;
    }

    /**
     * Refused before it is accepted, never accepted and then silently not written: a result key the emulator's storage
     * cannot hold (AWS would store it; this is the emulator's own rule).
     */
    private void refuseUnstorable(S3Location result) {
        if (result.hasUnstorableSegment()) {
            throw ApiError.validation("The result location " + result + " has an empty, '.' or '..' path segment, which "
                    + "the emulator's storage cannot hold: change S3OutputPathExtension"
                    + (config.outputNaming() == OutputNaming.INFERENCE_ID ? " or the InferenceId (it names the results of "
                    + config.name() + ")" : ""));
        }
    }

    /** Invocations queued or running. */
    int unfinished() {
        return unfinished.get();
    }

    /**
     * A worker runs a request only while it holds one of the instances' slots; an idle worker gives its slot back every
     * 100 ms, so that a scale-in takes effect.
     */
    private void work() {
        try {
            while (true) {
                gate.awaitOpen();
                if (!capacity.acquireSlot(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                try {
                    AcceptedInvocation invocation = queue.pollFirst(100, TimeUnit.MILLISECONDS);
                    if (invocation == null) {
                        continue;
                    }
                    if (!gate.isOpen()) {
                        // paused between the wait and the take: put it back, untouched and in order
                        queue.addFirst(invocation);
                        continue;
                    }
                    try {
                        process(invocation);
                        // not when interrupted by a close: a restart processes it again
                        if (journal != null && invocation.journalEntry() >= 0) {
                            journal.done(invocation.journalEntry());
                        }
                    } finally {
                        unfinished.decrementAndGet();
                    }
                } finally {
                    capacity.releaseSlot();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void process(AcceptedInvocation invocation) throws InterruptedException {
        InvocationRequest request = invocation.request();
        if (isExpired(invocation)) {
            failExpired(invocation);
            return;
        }
        ModelOutput output;
        try (InputStream body = openInput(invocation)) {
            output = invokeModel(invocation, body);
        } catch (InvocationFailure e) {
            fail(invocation, e.getMessage(), e.response);
            return;
        } catch (java.io.IOException e) {
            fail(invocation, "Failed to read the input: " + e.getMessage());
            return;
        }
        try {
            storage.write(invocation.outputLocation(), output.body(), output.contentType());
            LOG.debug("Inference {} on {} completed: {}", invocation.inferenceId(), config.name(), invocation.outputLocation());
        } catch (RuntimeException e) {
            LOG.warn("Inference {} on {}: the output could not be written to {}", invocation.inferenceId(),
                    config.name(), invocation.outputLocation(), e);
            return;
        }
        if (notifications != null) {
            notifications.completed(config, invocation, output.body(), output.contentType());
        }
    }

    private InputStream openInput(AcceptedInvocation invocation) throws java.io.IOException {
        InvocationRequest request = invocation.request();
        if (request.body() != null) {
            return new ByteArrayInputStream(request.body());
        }
        return storage.open(S3Location.parse(request.inputLocation()));
    }

    private ModelOutput invokeModel(AcceptedInvocation invocation, InputStream body) throws InterruptedException {
        InvocationRequest request = invocation.request();
        ModelInput input = new ModelInput(config.name(), invocation.inferenceId(), request.contentType(),
                request.accept(), request.customAttributes(), body);
        Future<ModelOutput> result = modelExecutor.submit(() -> config.model().invoke(input));
        int timeout = request.effectiveInvocationTimeoutSeconds();
        try {
            return result.get(timeout, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new InvocationFailure("Model invocation timed out after " + timeout
                    + " seconds (InvocationTimeoutSeconds)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ModelError error) {
                throw new InvocationFailure(error.getMessage(), error.response());
            }
            String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
            throw new InvocationFailure(message);
        } catch (InterruptedException e) {
            result.cancel(true);
            throw e;
        }
    }

    private void fail(AcceptedInvocation invocation, String reason) {
        fail(invocation, reason, ModelOutput.text(reason));
    }

    /** Writes {@code response} as the failure object and notifies the error topic with {@code reason}. */
    private void fail(AcceptedInvocation invocation, String reason, ModelOutput response) {
        writeFailure(invocation, response);
        if (notifications != null) {
            notifications.failed(config, invocation, reason, response.body(), response.contentType());
        }
    }

    private void writeFailure(AcceptedInvocation invocation, ModelOutput response) {
        if (invocation.failureLocation() == null) {
            // as on AWS: with no S3FailurePath a failure is known only to an error notification topic
            LOG.debug("Inference {} on {} failed; the endpoint has no failure path, so nothing is written",
                    invocation.inferenceId(), config.name());
            return;
        }
        try {
            storage.write(invocation.failureLocation(), response.body(), response.contentType());
            LOG.debug("Inference {} on {} failed: {}", invocation.inferenceId(), config.name(), invocation.failureLocation());
        } catch (RuntimeException e) {
            LOG.warn("Inference {} on {}: the failure could not be written to {}", invocation.inferenceId(),
                    config.name(), invocation.failureLocation(), e);
        }
    }

    @Override
    public void close() {
        scaler.shutdownNow();
        workers.forEach(Thread::interrupt);
    }

    /** A request that failed: the reason, and the failure object (the reason as text, or the model's error body). */
    private static final class InvocationFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient ModelOutput response;

        InvocationFailure(String reason) {
            this(reason, ModelOutput.text(reason));
        }

        InvocationFailure(String reason, ModelOutput response) {
            super(reason, null, false, false);
            this.response = response;
        }
    }
}
