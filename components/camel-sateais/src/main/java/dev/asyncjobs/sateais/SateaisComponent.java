package dev.asyncjobs.sateais;

import java.time.Duration;

import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.engine.camel.AsyncJobConfiguration;
import dev.asyncjobs.engine.camel.AsyncJobEndpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;

/** The {@code sateais:} component: SateAIs satellite detections from Camel routes. */
@Component("sateais")
public class SateaisComponent extends AsyncJobComponent {

    @Metadata(description = "Default configuration of the component's endpoints.")
    private SateaisConfiguration configuration = new SateaisConfiguration();

    @Override
    protected AsyncJobEndpoint createVendorEndpoint(String uri, String remaining, AsyncJobConfiguration configuration) {
        SateaisEndpoint endpoint = new SateaisEndpoint(uri, this, (SateaisConfiguration) configuration);
        endpoint.setLabel(remaining);
        return endpoint;
    }

    @Override
    protected String vendorName() {
        return "SateAIs";
    }

    /** "about 10 requests/s (bursts to 50)": stay at the sustained rate. */
    @Override
    protected int defaultRateLimitRequests() {
        return 10;
    }

    @Override
    protected Duration defaultRateLimitWindow() {
        return Duration.ofSeconds(1);
    }

    @Override
    public SateaisConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(SateaisConfiguration configuration) {
        this.configuration = configuration;
    }
}
