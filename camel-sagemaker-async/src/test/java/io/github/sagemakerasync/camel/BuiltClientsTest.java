package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;

/** Clients built from the options belong to the endpoint: it closes them when it stops, and only them. */
class BuiltClientsTest extends SageMakerAsyncTestSupport {

    @Test
    void builtClientsAreClosedAndGivenOnesAreNot() {
        List<String> closed = new ArrayList<>();
        SageMakerAsyncConfiguration options = new SageMakerAsyncConfiguration();
        options.setS3AsyncClient(fake(S3AsyncClient.class, "given S3", closed));

        SageMakerAsyncClients clients = new SageMakerAsyncClients(options,
                o -> fake(SageMakerRuntimeAsyncClient.class, "built SageMaker", closed),
                o -> fake(S3AsyncClient.class, "built S3", closed));
        clients.close();

        assertThat(clients.s3()).isSameAs(options.getS3AsyncClient());
        assertThat(closed).containsExactly("built SageMaker");
    }

    @Test
    void endpointStopClosesItsClients() throws Exception {
        SageMakerAsyncEndpoint endpoint = context.getEndpoint("sagemaker-async:sentiment?retryMode=STANDARD",
                SageMakerAsyncEndpoint.class);
        endpoint.start();
        endpoint.clients().sageMaker().invokeEndpointAsync(r -> r.endpointName("sentiment")
                .body(SdkBytes.fromUtf8String("good"))).join();

        endpoint.stop();

        assertThat(endpoint.clients()).isNull();
    }

    @Test
    void apiCallTimeoutsAndRetryModeReachEveryBuiltClient() throws Exception {
        SageMakerAsyncEndpoint endpoint = context.getEndpoint("sagemaker-async:sentiment?retryMode=STANDARD"
                + "&apiCallTimeout=1000&apiCallAttemptTimeout=400", SageMakerAsyncEndpoint.class);
        endpoint.start();
        try {
            for (SdkClient client : List.of(endpoint.clients().sageMaker(), endpoint.clients().s3())) {
                ClientOverrideConfiguration configured = client.serviceClientConfiguration().overrideConfiguration();
                assertThat(configured.apiCallTimeout()).contains(Duration.ofMillis(1000));
                assertThat(configured.apiCallAttemptTimeout()).contains(Duration.ofMillis(400));
                assertThat(configured.retryStrategy()).isPresent();
            }
            emulator().sageMakerNetwork().latency(Duration.ofSeconds(3));

            // without the timeouts the call would succeed after 3 s; which of the two ends it first depends on the
            // retries' backoff and the machine's load (under load three 400 ms attempts can end before the 1 s)
            assertThatThrownBy(() -> endpoint.clients().sageMaker().invokeEndpointAsync(r -> r.endpointName("sentiment")
                    .body(SdkBytes.fromUtf8String("good"))).join())
                    .cause().isInstanceOfAny(ApiCallTimeoutException.class, ApiCallAttemptTimeoutException.class);
        } finally {
            emulator().sageMakerNetwork().reset();
            endpoint.stop();
        }
    }

    /** An SDK client interface that only records its close. */
    private static <T> T fake(Class<T> type, String name, List<String> closed) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("close")) {
                closed.add(name);
                return null;
            }
            if (method.getName().equals("toString")) {
                return name;
            }
            throw new UnsupportedOperationException(method.getName());
        }));
    }

    @Test
    void secretsAreMaskedInTheEndpointsDescription() {
        SageMakerAsyncEndpoint endpoint = context.getEndpoint(
                "sagemaker-async:sentiment?accessKey=AKIDEXAMPLE&secretKey=wJalrXUtnFEMI&sessionToken=FwoGZXIv",
                SageMakerAsyncEndpoint.class);

        assertThat(endpoint.toString()).doesNotContain("AKIDEXAMPLE", "wJalrXUtnFEMI", "FwoGZXIv");
    }
}
