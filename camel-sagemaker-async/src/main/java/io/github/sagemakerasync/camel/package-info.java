/**
 * The {@code sagemaker-async} component: Amazon SageMaker AI asynchronous inference for Camel. The data takes one path
 * through each part; this map names every class on it.
 *
 * <h2>Configuration</h2>
 * {@link io.github.sagemakerasync.camel.SageMakerAsyncComponent} creates
 * {@link io.github.sagemakerasync.camel.SageMakerAsyncEndpoint}s from
 * {@link io.github.sagemakerasync.camel.SageMakerAsyncConfiguration}, where every option is declared once; the headers
 * are in {@link io.github.sagemakerasync.camel.SageMakerAsyncConstants}. {@code OptionChecks} checks the options when an
 * endpoint is initialized (and a consumer's when it is created), {@code OptionalModules} that the optional AWS SDK
 * modules an option or the credentials need are there. {@code SageMakerAsyncClients} builds the AWS clients with
 * camel-aws-common, unless the registry has them.
 *
 * <h2>Request: a message becomes an invocation</h2>
 * <pre>
 * SageMakerAsyncProducer ─► InvocationParameters (headers over options, InvocationConstraints, RequestDeadline)
 *                        ─► PayloadRouter: Payload inline │ upload (S3InputUploader, CountingInputStream) │ input in S3
 *                        ─► InvokeEndpointAsync ─► Correlation into the CorrelationStore
 *                        ─► with waitForResult: AwaitedResultSource (the exchange waits, no thread held)
 * </pre>
 * {@code PayloadMode} names how a payload travelled; {@code S3Uri} is every S3 location; a failed call leaves the
 * error for {@code SageMakerAsyncProducerHealthCheck}.
 *
 * <h2>Correlation: what outlives the request</h2>
 * {@link io.github.sagemakerasync.camel.Correlation} (InferenceId, locations, carried headers) is kept by a
 * {@link io.github.sagemakerasync.camel.CorrelationStore}: {@link io.github.sagemakerasync.camel.InMemoryCorrelationStore}
 * (the default), {@link io.github.sagemakerasync.camel.LocalCorrelationStore} (an H2 file),
 * {@link io.github.sagemakerasync.camel.JdbcCorrelationStore} (a database every instance reaches) and
 * {@link io.github.sagemakerasync.camel.StateRepositoryCorrelationStore}; the last two keep it as
 * {@code CorrelationJson}.
 *
 * <h2>Results: arrivals from sources, one delivery</h2>
 * <pre>
 * sources, each finds arrivals (ResultSource):
 *   S3ResultListing        lists the output and failure folders (ResultStorage.list)
 *   NotificationSource     receives SageMaker's notifications (NotificationReceiver, Notification)
 *   AwaitedResultSource    the rounds of an endpoint's waiting exchanges (waitForResult)
 *          │ ResultArrival = ResultObject (location, ResultStatus, correlation) + ResultClaim (what the source learns)
 *          ▼
 * ResultDelivery: to the waiting exchange (ResultWaiters, through the waiting endpoint's Answerer) or to the consumer's
 *   route (SageMakerAsyncConsumer); body read with ResultStorage into a ResultBody; commit (AfterRead: delete, move,
 *   keep) or roll back, retried in the background (BackgroundRetry); ResultSettings are the options it reads
 * </pre>
 * A consumer given no locations finds them with {@code ResultLocationDiscovery}. A failed result reaches a waiting
 * exchange as {@link io.github.sagemakerasync.camel.SageMakerAsyncInferenceException}. {@code Failures} unwraps the
 * errors of futures, in one place.
 *
 * <h2>Flow control</h2>
 * With maxPendingInvocations, the producer takes a place for each request before sending it
 * ({@code PendingInvocationsBound}): {@code CorrelationStore.reservePlace}, counted in the database by
 * {@link io.github.sagemakerasync.camel.JdbcCorrelationStore} and in this JVM by {@code InProcessPlaces} for the
 * others. At the bound a message parks or fails ({@link io.github.sagemakerasync.camel.PendingBoundAction}) with
 * {@link io.github.sagemakerasync.camel.MaxPendingInvocationsException}.
 * {@link io.github.sagemakerasync.camel.PendingInvocationsRoutePolicy} suspends a sending route's consumer while the
 * endpoint's correlation store holds too many pending requests, and resumes it below a low-water mark.
 *
 * <h2>Observability</h2>
 * Each endpoint counts what it does in {@code EndpointStatistics}; the developer console
 * ({@code SageMakerAsyncConsole}) and the Micrometer meters ({@code MicrometerMeters}, loaded only with Micrometer)
 * read that object. With Camel's tracing, {@link io.github.sagemakerasync.camel.SageMakerAsyncSpanDecorator} names and
 * tags the spans; the request's trace context travels in its {@code Correlation} to the result, whose route continues
 * the trace. {@code CallSpans} makes client spans of a traced request's AWS calls ({@code OpenTelemetryCallSpans},
 * loaded only with OpenTelemetry's API).
 */
package io.github.sagemakerasync.camel;
