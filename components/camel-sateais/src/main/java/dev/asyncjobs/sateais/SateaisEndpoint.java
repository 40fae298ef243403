package dev.asyncjobs.sateais;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.camel.AsyncJobEndpoint;
import dev.asyncjobs.engine.client.ApiHttpClient;
import dev.asyncjobs.engine.client.ErrorDecoder;
import dev.asyncjobs.sateais.api.SateaisApi;
import dev.asyncjobs.sateais.api.SateaisClient;
import org.apache.camel.Category;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;

/**
 * Submit SateAIs detections (ship, oilslick, newbuilding, timeseries), follow them, and fetch their GeoJSON results.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "sateais", title = "SateAIs", syntax = "sateais:label",
             category = { Category.CLOUD, Category.API }, headersClass = SateaisConstants.class)
public class SateaisEndpoint extends AsyncJobEndpoint {

    @UriPath(description = "A free name for the endpoint, e.g. detections or jobs")
    @Metadata(required = true)
    private String label;
    @UriParam
    private SateaisConfiguration configuration;

    public SateaisEndpoint(String uri, SateaisComponent component, SateaisConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        return new SateaisProducer(this);
    }

    @Override
    protected String authorizationHeader(String apiKey) {
        return SateaisClient.authorization(apiKey);
    }

    @Override
    protected AsyncJobApi createApi(ApiHttpClient client) {
        return new SateaisApi(new SateaisClient(client));
    }

    @Override
    protected String jobType(Exchange exchange) {
        String type = super.jobType(exchange);
        if (type == null && configuration.getDetectionType() != null) {
            type = configuration.getDetectionType().name();
        }
        return type;
    }

    @Override
    protected void validateVendorConfiguration() {
        Integer limit = configuration.getListLimit();
        if (limit != null && (limit < 1 || limit > SateaisClient.MAX_LIST_LIMIT)) {
            throw new IllegalArgumentException("The listLimit option must be between 1 and "
                    + SateaisClient.MAX_LIST_LIMIT + " (the API's maximum); was " + limit);
        }
        String status = configuration.getListStatus();
        if (status != null && !SateaisClient.LIST_STATUSES.contains(status)) {
            throw new IllegalArgumentException("The listStatus option '" + status + "' is not a SateAIs job status;"
                    + " use one of " + new java.util.TreeSet<>(SateaisClient.LIST_STATUSES));
        }
    }

    /** The typed SateAIs client of this endpoint. */
    public SateaisClient getClient() {
        return ((SateaisApi) getApi()).client();
    }

    @Override
    public SateaisConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(SateaisConfiguration configuration) {
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
        return SateaisClient.errorDecoder();
    }
}
