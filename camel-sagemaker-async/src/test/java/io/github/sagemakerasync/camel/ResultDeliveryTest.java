package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One delivery serves waiting exchanges and consumer routes alike: the same move rule, the charset of the result.
 */
class ResultDeliveryTest extends SageMakerAsyncTestSupport {

    private static final String OUTPUT = "s3://results/sentiment/output";
    private static final String FOLDERS = "outputLocation=" + OUTPUT + "&failureLocation=s3://results/sentiment/failures";

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask-and-move").to("sagemaker-async:sentiment?waitForResult=true&resultPollDelay=100"
                        + "&contentType=application/json&s3OutputPathExtension=batch-7&afterRead=move"
                        + "&moveTo=s3://archive/by-waiter&" + FOLDERS);
                from("direct:send").to("sagemaker-async:sentiment?contentType=application/json&s3OutputPathExtension=batch-7");
                from("sagemaker-async:sentiment?afterRead=move&moveTo=s3://archive/by-route&initialDelay=0&delay=100&" + FOLDERS)
                        .routeId("results").autoStartup(false).to("mock:results");
                from("direct:ask-digest").to("sagemaker-async:digest?waitForResult=true&resultPollDelay=100");
                from("direct:ask-echo").to("sagemaker-async:echo?waitForResult=true&resultPollDelay=100");
            }
        };
    }

    @AfterEach
    void stopResults() throws Exception {
        context.getRouteController().stopRoute("results");
    }

    @Test
    void aWaitingExchangeMovesItsResultKeepingTheKeyBelowTheResultFolder() {
        Exchange answer = template.request("direct:ask-and-move",
                exchange -> exchange.getMessage().setBody("{\"text\":\"great\"}"));

        assertThat(answer.getException()).isNull();
        String output = answer.getMessage().getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, String.class);
        String name = output.substring(output.lastIndexOf('/') + 1);
        assertThat(output).isEqualTo(OUTPUT + "/batch-7/" + name);
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().readObject(output).isEmpty());
        assertThat(emulator().listObjects("s3://archive/by-waiter/")).containsExactly("s3://archive/by-waiter/batch-7/" + name);
    }

    @Test
    void aConsumerRouteMovesItsResultByTheSameRule() throws Exception {
        Exchange sent = template.request("direct:send", exchange -> exchange.getMessage().setBody("{\"text\":\"great\"}"));
        String output = sent.getMessage().getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, String.class);
        String name = output.substring(output.lastIndexOf('/') + 1);
        awaitResult(output);
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);

        context.getRouteController().startRoute("results");

        assertSatisfiedWithin(results);
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().readObject(output).isEmpty());
        assertThat(emulator().listObjects("s3://archive/by-route/")).containsExactly("s3://archive/by-route/batch-7/" + name);
    }

    @Test
    void aReplyIsReadInTheCharsetOfTheResultNotOfTheRequest() throws Exception {
        Exchange answer = template.request("direct:ask-digest", exchange -> {
            exchange.setProperty(Exchange.CHARSET_NAME, "UTF-16");
            exchange.getMessage().setBody("h\u00e9llo");
        });

        assertThat(answer.getException()).isNull();
        // the model's JSON names no charset: read as UTF-8, not as the request's UTF-16
        assertThat(answer.getMessage().getBody(String.class)).isEqualTo(digestOf("h\u00e9llo".getBytes(StandardCharsets.UTF_16)));
        assertThat(answer.getProperty(Exchange.CHARSET_NAME)).isNotEqualTo("UTF-16");
    }

    @Test
    void aReplyWhoseContentTypeNamesACharsetIsReadInIt() {
        byte[] utf16 = "h\u00e9llo".getBytes(StandardCharsets.UTF_16);

        Exchange answer = template.request("direct:ask-echo", exchange -> {
            exchange.getMessage().setHeader(SageMakerAsyncConstants.CONTENT_TYPE, "text/plain; charset=UTF-16");
            exchange.getMessage().setBody(utf16);
        });

        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getBody(String.class)).isEqualTo("h\u00e9llo");
        assertThat(answer.getProperty(Exchange.CHARSET_NAME)).isEqualTo("UTF-16");
    }
}
