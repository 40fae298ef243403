package dev.asyncjobs.spideriq;

import java.util.List;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.camel.AsyncJobEndpoint;
import dev.asyncjobs.engine.client.ApiHttpClient;
import dev.asyncjobs.engine.client.ErrorDecoder;
import dev.asyncjobs.spideriq.api.SpiderIqApi;
import dev.asyncjobs.spideriq.api.SpiderIqClient;
import dev.asyncjobs.spideriq.api.SpiderIqErrorDecoder;
import dev.asyncjobs.spideriq.api.SubmitRequests;
import org.apache.camel.Category;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

/**
 * Submit SpiderIQ spiderSite crawls and spiderMaps searches, follow them within the API's rate limit, and fetch their
 * results.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "spideriq", title = "SpiderIQ", syntax = "spideriq:label",
             category = { Category.CLOUD, Category.API }, headersClass = SpiderIqConstants.class)
public class SpiderIqEndpoint extends AsyncJobEndpoint {

    static final List<String> STATUSES = List.copyOf(SpiderIqApi.STATUSES.documented().keySet());

    @UriPath(description = "A free name for the endpoint, e.g. crawls or jobs")
    @Metadata(required = true)
    private String label;
    @UriParam
    private SpiderIqConfiguration configuration;

    public SpiderIqEndpoint(String uri, SpiderIqComponent component, SpiderIqConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        return new SpiderIqProducer(this);
    }

    @Override
    protected String authorizationHeader(String apiKey) {
        return SpiderIqClient.authorization(apiKey);
    }

    @Override
    protected AsyncJobApi createApi(ApiHttpClient client) {
        return new SpiderIqApi(new SpiderIqClient(client));
    }

    @Override
    protected ErrorDecoder errorDecoder() {
        return new SpiderIqErrorDecoder();
    }

    @Override
    protected String jobType(Exchange exchange) {
        String type = super.jobType(exchange);
        if (type == null && configuration.getJobType() != null) {
            type = configuration.getJobType().name();
        }
        return type;
    }

    @Override
    protected void validateVendorConfiguration() {
        Integer priority = configuration.getPriority();
        if (priority != null && (priority < SubmitRequests.MIN_PRIORITY || priority > SubmitRequests.MAX_PRIORITY)) {
            throw new IllegalArgumentException("The priority option must be from " + SubmitRequests.MIN_PRIORITY + " to "
                    + SubmitRequests.MAX_PRIORITY + " (higher is processed first); was " + priority);
        }
        Integer page = configuration.getListPage();
        if (page != null && page < 1) {
            throw new IllegalArgumentException("The listPage option must be 1 or more; was " + page);
        }
        Integer pageSize = configuration.getListPageSize();
        if (pageSize != null && (pageSize < 1 || pageSize > SpiderIqClient.MAX_PAGE_SIZE)) {
            throw new IllegalArgumentException("The listPageSize option must be from 1 to " + SpiderIqClient.MAX_PAGE_SIZE
                    + " (the API's maximum); was " + pageSize);
        }
        String status = configuration.getListStatus();
        if (status != null && !STATUSES.contains(status)) {
            throw new IllegalArgumentException("The listStatus option '" + status + "' is not a SpiderIQ job status; use one of "
                    + STATUSES);
        }
    }

    /** The typed SpiderIQ client of this endpoint. */
    public SpiderIqClient getClient() {
        return ((SpiderIqApi) getApi()).client();
    }

    @Override
    public SpiderIqConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(SpiderIqConfiguration configuration) {
        this.configuration = configuration;
    }

    public String getLabel() {
        return label;
    }

    public void setLabel(String label) {
        this.label = label;
    }
}
