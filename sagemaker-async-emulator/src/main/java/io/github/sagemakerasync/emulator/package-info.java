/**
 * A local SageMaker AI asynchronous inference runtime. Requests take one path through it; this map names every class
 * on it ({@code model} holds the models, {@code junit} the JUnit 5 extension).
 *
 * <h2>Start</h2>
 * {@link io.github.sagemakerasync.emulator.SageMakerAsyncEmulator} (its {@code Builder}) starts everything on
 * 127.0.0.1; {@link io.github.sagemakerasync.emulator.EmulatorMain} runs it standalone (its {@code --demo} is
 * {@code EmulatorDemo}); {@link io.github.sagemakerasync.emulator.LocalRun} starts it for an application's local run.
 * {@link io.github.sagemakerasync.emulator.AsyncEndpointConfig} describes an endpoint, with its
 * {@link io.github.sagemakerasync.emulator.OutputNaming} and {@link io.github.sagemakerasync.emulator.NotificationConfig}.
 * {@code LoopbackServer} is every HTTP server's Jetty.
 *
 * <h2>A request</h2>
 * <pre>
 * HTTP ─► SageMakerApiHandler: RequestCounters, NetworkConditions (InjectedFault, Gate)
 *      ─► SigV4Verifier (the emulator's key, or TemporaryCredentials with their session token)
 *      ─► InvocationRequestReader ─► InvocationRequest (constraints; ApiError, as AWS words it)
 *      ─► EndpointRuntime.submit ─► AcceptedInvocation, journaled (InvocationJournal, NumberedFiles) ─► 202
 * workers, each holding a slot of InstanceCapacity ─► input inline or read from ObjectStorage ─► model
 *         ─► output or failure into ObjectStorage ─► Notifications (SNS envelope or raw, to ElasticMQ)
 * </pre>
 * Every 100 ms an endpoint expires the queued requests past their TTL and lets {@code InstanceCapacity} apply its
 * {@link io.github.sagemakerasync.emulator.AutoScaling} to the backlog; its
 * {@link io.github.sagemakerasync.emulator.EndpointMetrics} are CloudWatch's asynchronous-inference metrics.
 * On the same port: {@code EndpointDescriptions} (DescribeEndpoint, DescribeEndpointConfig) and
 * {@code SecurityTokenService} (AssumeRoleWithWebIdentity, AssumeRole), which issues {@code TemporaryCredentials}.
 * Every error is an {@code ApiError}; {@link io.github.sagemakerasync.emulator.Api} names the APIs in the counters.
 *
 * <h2>S3 and SQS</h2>
 * Clients reach S3Proxy through {@code S3Edge} and ElasticMQ through {@code SqsEdge}, both {@code ForwardingEdge}s:
 * reverse proxies that count ({@code S3Operations} names S3 requests), delay and fault what passes, as a network would.
 * {@code S3Location} is every S3 address. The emulator's own reads and writes go to the storage directly
 * ({@code ObjectStorage}).
 */
package io.github.sagemakerasync.emulator;
