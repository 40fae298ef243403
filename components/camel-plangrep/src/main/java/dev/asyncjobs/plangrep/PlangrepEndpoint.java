package dev.asyncjobs.plangrep;

import java.time.Duration;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.camel.AsyncJobEndpoint;
import dev.asyncjobs.engine.client.ApiHttpClient;
import dev.asyncjobs.engine.client.ErrorDecoder;
import dev.asyncjobs.plangrep.api.PlangrepApi;
import dev.asyncjobs.plangrep.api.PlangrepClient;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

/**
 * Create Plangrep jobs, upload construction documents to them (multipart or presigned), resume and cancel them, follow
 * every status change by polling or webhook, and fetch their results.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "plangrep", title = "Plangrep", syntax = "plangrep:label",
             category = { Category.CLOUD, Category.API }, headersClass = PlangrepConstants.class)
public class PlangrepEndpoint extends AsyncJobEndpoint {

    @UriPath(description = "A free name for the endpoint, e.g. jobs or uploads")
    @Metadata(required = true)
    private String label;
    @UriParam
    private PlangrepConfiguration configuration;

    public PlangrepEndpoint(String uri, PlangrepComponent component, PlangrepConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        return new PlangrepProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        PlangrepConsumer consumer = new PlangrepConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected String authorizationHeader(String apiKey) {
        return PlangrepClient.authorization(apiKey);
    }

    @Override
    protected AsyncJobApi createApi(ApiHttpClient client) {
        return new PlangrepApi(new PlangrepClient(client));
    }

    /** The Open API under the configured host: the component adds /api/open/v1 unless baseUrl ends in it. */
    @Override
    protected String apiBaseUrl() {
        return PlangrepClient.apiBaseUrl(configuration.getBaseUrl());
    }

    /** With a webhook, polling is only the fallback: every webhookFallbackPollInterval unless pollInterval is set. */
    @Override
    protected Duration defaultPollInterval() {
        return configuration.getWebhookPath() != null ? configuration.getWebhookFallbackPollInterval() : null;
    }

    @Override
    protected void validateVendorConfiguration() {
        if (configuration.getWebhookUrl() != null) {
            try {
                PlangrepClient.checkWebhookUrl(configuration.getWebhookUrl());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("The webhookUrl option: " + e.getMessage(), e);
            }
        }
        if (configuration.getProjectId() != null && !configuration.getProjectId().isBlank()
                && dev.asyncjobs.engine.client.ApiPath.problemOf(configuration.getProjectId()) != null) {
            throw new IllegalArgumentException("The projectId option "
                    + dev.asyncjobs.engine.client.ApiPath.problemOf(configuration.getProjectId())
                    + "; give the project id exactly as Plangrep shows it");
        }
        String path = configuration.getWebhookPath();
        if (path != null && (!path.startsWith("/") || path.contains("?") || path.isBlank())) {
            throw new IllegalArgumentException("The webhookPath option '" + path + "' must be a path starting with /"
                    + " (e.g. /plangrep/webhook), without a query");
        }
        Duration fallback = configuration.getWebhookFallbackPollInterval();
        if (fallback == null || fallback.compareTo(PlangrepApi.FLOOR) < 0) {
            throw new IllegalArgumentException("The webhookFallbackPollInterval option must be at least "
                    + PlangrepApi.FLOOR.toSeconds() + " s (Plangrep: never poll faster than every 5 s); was " + fallback);
        }
        String classification = configuration.getClassification();
        if (classification != null && !PlangrepClient.CLASSIFICATIONS.contains(classification)) {
            throw new IllegalArgumentException("The classification option '" + classification + "' is not one of "
                    + PlangrepClient.CLASSIFICATIONS);
        }
    }

    /** The typed Plangrep client of this endpoint. */
    public PlangrepClient getClient() {
        return ((PlangrepApi) getApi()).client();
    }

    @Override
    public PlangrepConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(PlangrepConfiguration configuration) {
        this.configuration = configuration;
    }

    public String getLabel() {
        return label;
    }

    public void setLabel(String label) {
        this.label = label;
    }

    @Override
    protected ErrorDecoder errorDecoder() {
        return PlangrepClient.errorDecoder();
    }
}
