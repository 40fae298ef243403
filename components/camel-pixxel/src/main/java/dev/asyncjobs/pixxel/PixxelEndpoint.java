package dev.asyncjobs.pixxel;

import java.util.Map;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.camel.AsyncJobEndpoint;
import dev.asyncjobs.engine.client.ApiHttpClient;
import dev.asyncjobs.engine.client.ErrorDecoder;
import dev.asyncjobs.pixxel.api.PixxelApi;
import dev.asyncjobs.pixxel.api.PixxelClient;
import dev.asyncjobs.pixxel.api.PixxelDownloadApi;
import org.apache.camel.Category;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

/**
 * Create Pixxel workflow jobs, follow them task by task, download their outputs and get cost estimates.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "pixxel", title = "Pixxel", syntax = "pixxel:label",
             category = { Category.CLOUD, Category.API }, headersClass = PixxelConstants.class)
public class PixxelEndpoint extends AsyncJobEndpoint {

    @UriPath(description = "A free name for the endpoint, e.g. jobs or ndvi")
    @Metadata(required = true)
    private String label;
    @UriParam
    private PixxelConfiguration configuration;

    public PixxelEndpoint(String uri, PixxelComponent component, PixxelConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        return new PixxelProducer(this);
    }

    @Override
    protected String authorizationHeader(String apiKey) {
        return PixxelClient.authorization(apiKey, configuration.getAuthScheme());
    }

    @Override
    protected AsyncJobApi createApi(ApiHttpClient client) {
        return new PixxelApi(new PixxelClient(client), getComponent().getClock());
    }

    /** The workflow id, from the header or the workflowId option; a job cannot be addressed without it. */
    @Override
    protected Map<String, String> jobAttributes(Exchange exchange) {
        return Map.of(PixxelApi.WORKFLOW_ID, workflowId(exchange));
    }

    /** The workflow id of an exchange (header, then option). */
    public String workflowId(Exchange exchange) {
        String workflowId = exchange == null ? null
                : exchange.getMessage().getHeader(PixxelConstants.WORKFLOW_ID, String.class);
        String source = PixxelConstants.WORKFLOW_ID;
        if (workflowId == null || workflowId.isBlank()) {
            workflowId = configuration.getWorkflowId();
            source = "workflowId";
        }
        if (workflowId != null && !workflowId.isBlank()) {
            // refused before any request: it goes into every request path
            dev.asyncjobs.engine.client.ApiPath.checkSegment(PixxelClient.VENDOR, source, workflowId.trim());
        }
        if (workflowId == null || workflowId.isBlank()) {
            // a request that cannot be sent as it is, like every other bad input found before sending
            throw InvalidRequestException.beforeSending(PixxelClient.VENDOR, "workflowId",
                    "No Pixxel workflow id: set the " + PixxelConstants.WORKFLOW_ID + " header or the workflowId option of "
                            + getEndpointBaseUri() + " (a Pixxel job is addressed by workflow id and job id)");
        }
        return workflowId.trim();
    }

    @Override
    protected void validateVendorConfiguration() {
        if (configuration.getMinPollInterval() != null && (configuration.getMinPollInterval().isNegative()
                || configuration.getMinPollInterval().isZero())) {
            throw new IllegalArgumentException("The minPollInterval option must be positive, was "
                    + configuration.getMinPollInterval() + "; leave it unset for no floor (Pixxel documents none)");
        }
        if (configuration.getDownloadPollInterval() == null || configuration.getDownloadPollInterval().isNegative()
                || configuration.getDownloadPollInterval().isZero()) {
            throw new IllegalArgumentException("The downloadPollInterval option must be positive, was "
                    + configuration.getDownloadPollInterval());
        }
        for (Map.Entry<String, String> id : new java.util.TreeMap<>(java.util.Map.of("workflowId",
                String.valueOf(configuration.getWorkflowId()), "taskId", String.valueOf(configuration.getTaskId())))
                .entrySet()) {
            String problem = id.getValue().equals("null") || id.getValue().isBlank() ? null
                    : dev.asyncjobs.engine.client.ApiPath.problemOf(id.getValue().trim());
            if (problem != null) {
                throw new IllegalArgumentException("The " + id.getKey() + " option " + problem
                        + "; give the id exactly as Pixxel shows it");
            }
        }
        String scheme = configuration.getAuthScheme();
        if (scheme != null && !scheme.isBlank() && !scheme.trim().matches("[A-Za-z][A-Za-z0-9._~+/-]*")) {
            throw new IllegalArgumentException("The authScheme option must be one word such as Bearer (or empty for"
                    + " the key itself, as Pixxel documents); was '" + scheme + "'");
        }
        if (configuration.getJobId() != null && !configuration.getJobId().isBlank()
                && (configuration.getWorkflowId() == null || configuration.getWorkflowId().isBlank())) {
            throw new IllegalArgumentException("The jobId option needs the workflowId option too: a Pixxel job is"
                    + " addressed by workflow id and job id");
        }
    }

    /** The typed Pixxel client of this endpoint. */
    public PixxelClient getClient() {
        return ((PixxelApi) getApi()).client();
    }

    /**
     * The download requests of this endpoint, seen as async jobs. Built on each call, over the endpoint's current
     * client (a small wrapper): a cached one outlived a restart of the endpoint, with the HTTP client closed under it.
     */
    public PixxelDownloadApi getDownloadApi() {
        return downloadApi(getApiHttpClient());
    }

    /**
     * The download requests sent through {@code http}: the endpoint's client for the producer's own request, the
     * background client that {@code awaitResource} hands over for the checks of a download wait.
     */
    PixxelDownloadApi downloadApi(ApiHttpClient http) {
        return new PixxelDownloadApi(new PixxelClient(http), configuration.getDownloadPollInterval());
    }

    @Override
    public PixxelConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(PixxelConfiguration configuration) {
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
        return PixxelClient.errorDecoder();
    }
}
