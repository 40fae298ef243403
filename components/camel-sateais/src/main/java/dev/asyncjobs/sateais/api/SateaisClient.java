package dev.asyncjobs.sateais.api;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncjobs.engine.spi.GoneException;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.client.ApiHttpClient;
import dev.asyncjobs.engine.client.ApiPath;
import dev.asyncjobs.engine.client.ApiRequest;
import dev.asyncjobs.engine.client.ApiResponse;
import dev.asyncjobs.engine.client.ErrorDecoder;
import dev.asyncjobs.engine.client.JsonBodies;

/**
 * A typed client of the SateAIs API (https://api.spcsft.com), free of Camel types:
 * {@code POST /api/v1/detect/{type}}, {@code GET /api/v1/jobs/{job_id}}, {@code GET /api/v1/jobs/{job_id}/result.geojson}
 * (a 302 to a presigned object-storage URL, followed without the API key) and {@code GET /api/v1/jobs}.
 * Authentication is {@code Authorization: Bearer sk_live_...}.
 */
public final class SateaisClient {

    /** The vendor's name in messages. */
    public static final String VENDOR = "SateAIs";
    /** The documented base URL. */
    public static final String DEFAULT_BASE_URL = "https://api.spcsft.com";
    /** The documented maximum of {@code limit} on the job list. */
    public static final int MAX_LIST_LIMIT = 30;

    /** The documented values of the job list's {@code status} filter. */
    public static final java.util.Set<String> LIST_STATUSES = java.util.Set.of("pending", "processing", "completed", "failed");

    private static final ApiPath DETECT = ApiPath.of("/api/v1/detect/{type}");
    private static final ApiPath JOB = ApiPath.of("/api/v1/jobs/{jobId}");
    private static final ApiPath RESULT = ApiPath.of("/api/v1/jobs/{jobId}/result.geojson");

    private final ApiHttpClient http;

    public SateaisClient(ApiHttpClient http) {
        this.http = http;
    }

    /** The HTTP client (its mapper and clock). */
    public ApiHttpClient http() {
        return http;
    }

    /** How this API's error answers read: SateAIs documents the envelope {"error": {"code", "message"}} (codes VALIDATION_ERROR, UNAUTHORIZED, ...). */
    public static ErrorDecoder errorDecoder() {
        return ErrorDecoder.errorObject();
    }

    /** The documented form of the Authorization header. */
    public static String authorization(String apiKey) {
        return "Bearer " + apiKey;
    }

    /**
     * Submits a detection. The body is validated first (see {@link DetectionRequestValidator}) and then sent as
     * given: a {@link DetectionRequest}, a Map, a JSON string or a Jackson tree.
     */
    public SateaisJob submit(DetectionType type, Object body) {
        JsonNode json = toJson(body);
        DetectionRequestValidator.validate(type, json);
        return http.call(ApiRequest.post(DETECT.expand(VENDOR, type.name())).body(json), SateaisJob.class);
    }

    /** The job's current status. */
    public SateaisJob getJob(String jobId) {
        return http.call(ApiRequest.get(JOB.expand(VENDOR, jobId)), SateaisJob.class);
    }

    /**
     * The job's result as GeoJSON text. The API answers with a redirect to object storage, which is followed without
     * the API key.
     *
     * @throws ResultExpiredException when the result is past the 30-day retention (HTTP 410)
     */
    public String getResultGeoJson(String jobId) {
        try {
            ApiResponse response = http.download(RESULT.expand(VENDOR, jobId));
            if (response.status() / 100 != 2) {
                throw new InvalidRequestException(VENDOR, response.status(), null, null,
                        "SateAIs result of job " + jobId + " could not be downloaded: HTTP " + response.status(), null);
            }
            String geoJson = new String(response.body(), StandardCharsets.UTF_8);
            if (http.readTreeOrNull(response) == null) {
                // a truncated or foreign body must not pass for the result
                throw new dev.asyncjobs.engine.spi.TransientApiException(VENDOR, response.status(), "MALFORMED_RESPONSE",
                        null, "SateAIs result of job " + jobId + " is not the documented GeoJSON; try getResult again",
                        null);
            }
            return geoJson;
        } catch (GoneException e) {
            throw new ResultExpiredException(jobId, e);
        }
    }

    /** Lists jobs, newest first; {@code status} and {@code limit} (at most 30) are optional. */
    public JobList listJobs(String status, Integer limit) {
        if (limit != null && (limit < 1 || limit > MAX_LIST_LIMIT)) {
            throw InvalidRequestException.beforeSending(VENDOR, "limit",
                    "SateAIs list limit must be between 1 and " + MAX_LIST_LIMIT + "; was " + limit);
        }
        if (status != null && !LIST_STATUSES.contains(status)) {
            throw InvalidRequestException.beforeSending(VENDOR, "status",
                    "SateAIs list status '" + status + "' is not one of " + new java.util.TreeSet<>(LIST_STATUSES));
        }
        return http.call(ApiRequest.get("/api/v1/jobs").query("status", status).query("limit", limit), JobList.class);
    }

    private JsonNode toJson(Object body) {
        JsonNode json = JsonBodies.toTree(http.mapper(), VENDOR, "SateAIs request not sent", body);
        if (json == null) {
            throw InvalidRequestException.beforeSending(VENDOR, "body",
                    "SateAIs request not sent: the message body is empty; send a DetectionRequest, a Map or JSON");
        }
        return json;
    }

    /** The answer of {@code GET /api/v1/jobs}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record JobList(@JsonProperty("jobs") List<SateaisJob> jobs) {
    }
}
