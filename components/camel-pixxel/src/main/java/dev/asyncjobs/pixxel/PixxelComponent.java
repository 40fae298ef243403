package dev.asyncjobs.pixxel;

import java.time.Duration;

import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.engine.camel.AsyncJobConfiguration;
import dev.asyncjobs.engine.camel.AsyncJobEndpoint;
import dev.asyncjobs.pixxel.api.PixxelClient;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;

/** The {@code pixxel:} component: Pixxel workflow jobs from Camel routes. */
@Component("pixxel")
public class PixxelComponent extends AsyncJobComponent {

    @Metadata(description = "Default configuration of the component's endpoints.")
    private PixxelConfiguration configuration = new PixxelConfiguration();

    @Override
    protected AsyncJobEndpoint createVendorEndpoint(String uri, String remaining, AsyncJobConfiguration configuration) {
        PixxelEndpoint endpoint = new PixxelEndpoint(uri, this, (PixxelConfiguration) configuration);
        endpoint.setLabel(remaining);
        return endpoint;
    }

    @Override
    protected String vendorName() {
        return PixxelClient.VENDOR;
    }

    /** Pixxel documents no rate limit: no budget by default (429 answers are still honoured). */
    @Override
    protected int defaultRateLimitRequests() {
        return 0;
    }

    @Override
    protected Duration defaultRateLimitWindow() {
        return Duration.ofSeconds(1);
    }

    @Override
    public PixxelConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(PixxelConfiguration configuration) {
        this.configuration = configuration;
    }
}
