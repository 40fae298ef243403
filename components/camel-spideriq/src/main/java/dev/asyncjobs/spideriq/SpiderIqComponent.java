package dev.asyncjobs.spideriq;

import java.time.Duration;

import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.engine.camel.AsyncJobConfiguration;
import dev.asyncjobs.engine.camel.AsyncJobEndpoint;
import dev.asyncjobs.spideriq.api.SpiderIqClient;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;

/** The {@code spideriq:} component: SpiderIQ website crawls and Google Maps searches from Camel routes. */
@Component("spideriq")
public class SpiderIqComponent extends AsyncJobComponent {

    @Metadata(description = "Default configuration of the component's endpoints.")
    private SpiderIqConfiguration configuration = new SpiderIqConfiguration();

    @Override
    protected AsyncJobEndpoint createVendorEndpoint(String uri, String remaining, AsyncJobConfiguration configuration) {
        SpiderIqEndpoint endpoint = new SpiderIqEndpoint(uri, this, (SpiderIqConfiguration) configuration);
        endpoint.setLabel(remaining);
        return endpoint;
    }

    @Override
    protected String vendorName() {
        return SpiderIqClient.VENDOR;
    }

    /** "100 requests per minute per client": producers and consumers of one token share it. */
    @Override
    protected int defaultRateLimitRequests() {
        return 100;
    }

    @Override
    protected Duration defaultRateLimitWindow() {
        return Duration.ofMinutes(1);
    }

    @Override
    public SpiderIqConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(SpiderIqConfiguration configuration) {
        this.configuration = configuration;
    }
}
