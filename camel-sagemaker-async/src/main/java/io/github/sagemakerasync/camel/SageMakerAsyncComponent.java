package io.github.sagemakerasync.camel;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/**
 * Amazon SageMaker AI asynchronous inference.
 */
@Component("sagemaker-async")
public class SageMakerAsyncComponent extends HealthCheckComponent {

    @Metadata
    private SageMakerAsyncConfiguration configuration = new SageMakerAsyncConfiguration();

    public SageMakerAsyncComponent() {
        this(null);
    }

    public SageMakerAsyncComponent(CamelContext context) {
        super(context);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SageMakerAsyncConfiguration endpointConfiguration = configuration.copy();
        endpointConfiguration.setEndpointName(remaining);
        SageMakerAsyncEndpoint endpoint = new SageMakerAsyncEndpoint(uri, this, endpointConfiguration);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public SageMakerAsyncConfiguration getConfiguration() {
        return configuration;
    }

    /**
     * The options every endpoint starts from.
     */
    public void setConfiguration(SageMakerAsyncConfiguration configuration) {
        this.configuration = configuration;
    }
}
