package dev.asyncjobs.sateais;

import java.util.Arrays;
import java.util.Locale;

import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.camel.AsyncJobProducer;
import dev.asyncjobs.sateais.api.DetectionType;
import dev.asyncjobs.sateais.api.SateaisApi;
import dev.asyncjobs.sateais.api.SateaisClient;
import dev.asyncjobs.sateais.api.SateaisDurationFeatures;
import dev.asyncjobs.sateais.api.SateaisJob;
import dev.asyncjobs.sateais.api.WktPolygon;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.InvokeOnHeader;

/** SateAIs' own operations: submit a detection and list jobs. getJob, getResult and track come from the engine. */
public class SateaisProducer extends AsyncJobProducer {

    private final SateaisEndpoint endpoint;

    public SateaisProducer(SateaisEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    /** Submits a detection; the body is a DetectionRequest, a Map or JSON, validated before it is sent. */
    @InvokeOnHeader("submit")
    public void submit(Exchange exchange, AsyncCallback callback) {
        DetectionType type = detectionType(exchange.getMessage());
        Object body = exchange.getMessage().getBody();
        String json = requestJson(body);
        SateaisJob job = recordedSubmit(exchange, type.name(), java.util.Map.of(), json,
                () -> endpoint.getClient().submit(type, body));
        submitted(exchange, callback, new JobRef(job.jobId(), type.name(), sizeOf(type, json)), SateaisApi.snapshot(job));
    }

    /**
     * The polygon's area as the job's size ({@link SateaisDurationFeatures#AREA_KM2}) for the detections whose runtime
     * the vendor's docs say scales with it (newbuilding, timeseries), so learned polling learns small and large areas
     * apart; none for ship and oilslick (one scene each, "relatively stable" runtime) or when there is no polygon.
     */
    private java.util.Map<String, String> sizeOf(DetectionType type, String json) {
        if (type.sceneBased() || json == null) {
            return java.util.Map.of();
        }
        try {
            com.fasterxml.jackson.databind.JsonNode polygon = endpoint.getClient().http().mapper().readTree(json)
                    .path("polygon");
            if (!polygon.isTextual()) {
                return java.util.Map.of();
            }
            return java.util.Map.of(SateaisDurationFeatures.AREA_KM2,
                    Double.toString(WktPolygon.parse(polygon.asText()).areaKm2()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            return java.util.Map.of(); // the vendor accepted it; the size is only a hint for polling
        }
    }

    /** The request as JSON text, recorded with the submit's intent (null when there is none or it cannot be written). */
    private String requestJson(Object body) {
        return dev.asyncjobs.engine.client.JsonBodies.toTextOrNull(endpoint.getClient().http().mapper(), body);
    }

    /** Lists recent jobs; the body becomes the list of jobs. */
    @InvokeOnHeader("listJobs")
    public void listJobs(Exchange exchange) {
        Message message = exchange.getMessage();
        String status = header(message, SateaisConstants.LIST_STATUS, endpoint.getConfiguration().getListStatus(),
                String.class, "a SateAIs status");
        if (status != null && !SateaisClient.LIST_STATUSES.contains(status)) {
            throw InvalidRequestException.beforeSending(SateaisClient.VENDOR, SateaisConstants.LIST_STATUS,
                    "SateAIs listJobs not sent: the " + SateaisConstants.LIST_STATUS + " header '" + status
                            + "' is not one of " + new java.util.TreeSet<>(SateaisClient.LIST_STATUSES));
        }
        Integer limit = header(message, SateaisConstants.LIST_LIMIT, endpoint.getConfiguration().getListLimit(),
                Integer.class, "a whole number from 1 to " + SateaisClient.MAX_LIST_LIMIT);
        if (limit != null && (limit < 1 || limit > SateaisClient.MAX_LIST_LIMIT)) {
            throw InvalidRequestException.beforeSending(SateaisClient.VENDOR, SateaisConstants.LIST_LIMIT,
                    "SateAIs listJobs not sent: the " + SateaisConstants.LIST_LIMIT + " header must be from 1 to "
                            + SateaisClient.MAX_LIST_LIMIT + "; was " + limit);
        }
        message.setBody(endpoint.getClient().listJobs(status, limit).jobs());
    }

    private DetectionType detectionType(Message message) {
        String header = message.getHeader(AsyncJobConstants.JOB_TYPE, String.class);
        if (header != null) {
            try {
                return DetectionType.valueOf(header.trim().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw InvalidRequestException.beforeSending(SateaisClient.VENDOR, AsyncJobConstants.JOB_TYPE,
                        "The " + AsyncJobConstants.JOB_TYPE + " header '" + header + "' is not a SateAIs detection type; use one of "
                                + Arrays.toString(DetectionType.values()));
            }
        }
        DetectionType configured = endpoint.getConfiguration().getDetectionType();
        if (configured == null) {
            throw InvalidRequestException.beforeSending(SateaisClient.VENDOR, "detectionType",
                    "No detection type for the submit: set the detectionType option (ship, oilslick, newbuilding,"
                            + " timeseries) or the " + AsyncJobConstants.JOB_TYPE + " header");
        }
        return configured;
    }
}
