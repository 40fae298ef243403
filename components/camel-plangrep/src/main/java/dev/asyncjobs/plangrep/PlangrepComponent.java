package dev.asyncjobs.plangrep;

import java.time.Duration;

import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.engine.camel.AsyncJobConfiguration;
import dev.asyncjobs.engine.camel.AsyncJobEndpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;

/** The {@code plangrep:} component: Plangrep construction-document jobs from Camel routes. */
@Component("plangrep")
public class PlangrepComponent extends AsyncJobComponent {

    @Metadata(description = "Default configuration of the component's endpoints.")
    private PlangrepConfiguration configuration = new PlangrepConfiguration();

    @Override
    protected AsyncJobEndpoint createVendorEndpoint(String uri, String remaining, AsyncJobConfiguration configuration) {
        PlangrepEndpoint endpoint = new PlangrepEndpoint(uri, this, (PlangrepConfiguration) configuration);
        endpoint.setLabel(remaining);
        return endpoint;
    }

    @Override
    protected String vendorName() {
        return "Plangrep";
    }

    /** The docs give no request budget, only polling guidance (enforced by the poll policy); 429s are honoured. */
    @Override
    protected int defaultRateLimitRequests() {
        return 0;
    }

    @Override
    protected Duration defaultRateLimitWindow() {
        return Duration.ofSeconds(1);
    }

    @Override
    public PlangrepConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(PlangrepConfiguration configuration) {
        this.configuration = configuration;
    }
}
