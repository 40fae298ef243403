package dev.asyncjobs.spideriq.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncjobs.engine.spi.GoneException;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.client.ApiHttpClient;
import dev.asyncjobs.engine.client.ApiPath;
import dev.asyncjobs.engine.client.ApiRequest;
import dev.asyncjobs.engine.client.ApiResponse;

/**
 * A typed client of the SpiderIQ jobs API (https://spideriq.ai), free of Camel types:
 * <ul>
 * <li>{@code POST /api/v1/jobs/spiderSite/submit} and {@code POST /api/v1/jobs/spiderMaps/submit}</li>
 * <li>{@code GET /api/v1/jobs/{job_id}/status}</li>
 * <li>{@code GET /api/v1/jobs/{job_id}/results}: 200 done, 202 still running, 410 failed or cancelled, 404 unknown</li>
 * <li>{@code DELETE /api/v1/jobs/{job_id}}: cancel, only while queued or processing</li>
 * <li>{@code GET /api/v1/jobs/list}: page, page_size (at most 100), status_filter, type_filter</li>
 * </ul>
 * Authentication is {@code Authorization: Bearer <token>}. Every request goes through the {@link ApiHttpClient}'s
 * pacer, which keeps the client under its budget (100 requests per minute).
 */
public final class SpiderIqClient {

    /** The vendor's name in messages. */
    public static final String VENDOR = "SpiderIQ";
    /** The documented base URL. */
    public static final String DEFAULT_BASE_URL = "https://spideriq.ai";
    /** The documented maximum of {@code page_size} on the job list. */
    public static final int MAX_PAGE_SIZE = 100;

    private static final ApiPath SUBMIT = ApiPath.of("/api/v1/jobs/{jobType}/submit");
    private static final ApiPath STATUS = ApiPath.of("/api/v1/jobs/{jobId}/status");
    private static final ApiPath RESULTS = ApiPath.of("/api/v1/jobs/{jobId}/results");
    private static final ApiPath JOB = ApiPath.of("/api/v1/jobs/{jobId}");

    private final ApiHttpClient http;

    public SpiderIqClient(ApiHttpClient http) {
        this.http = http;
    }

    /** The documented form of the Authorization header. */
    public static String authorization(String token) {
        return "Bearer " + token;
    }

    /** The HTTP client underneath (its mapper, its pacer). */
    public ApiHttpClient http() {
        return http;
    }

    /**
     * Submits a job. The body is turned into {@code {"payload": ..., "priority": ...}} and checked first (see
     * {@link SubmitRequests}); nothing is sent when it is wrong.
     */
    public SubmittedJob submit(SpiderIqJobType type, Object body) {
        JsonNode envelope = SubmitRequests.envelope(type, body, http.mapper());
        SubmitRequests.validate(type, envelope);
        return http.call(ApiRequest.post(SUBMIT.expand(VENDOR, type.name())).body(envelope), SubmittedJob.class);
    }

    /** The job's current status. */
    public SpiderIqJob getStatus(String jobId) {
        return http.call(ApiRequest.get(STATUS.expand(VENDOR, jobId)), SpiderIqJob.class);
    }

    /**
     * The results of a completed job.
     *
     * @throws ResultsNotReadyException while the job is queued or processing (HTTP 202)
     * @throws ResultsGoneException     when the job failed or was cancelled (HTTP 410)
     * @throws dev.asyncjobs.engine.spi.NotFoundException when the API does not know the job (HTTP 404)
     */
    public JobResults getResults(String jobId) {
        ApiRequest request = ApiRequest.get(RESULTS.expand(VENDOR, jobId));
        ApiResponse response;
        try {
            response = http.execute(request);
        } catch (GoneException e) {
            throw new ResultsGoneException(jobId, e);
        }
        if (response.status() == 202) {
            // {"success": false, "job_id", "status": "processing", "message": "Job is still being processed"}
            JsonNode body = http.readTreeOrNull(response);
            throw new ResultsNotReadyException(jobId, text(body, "status"), text(body, "message"));
        }
        return http.readJson(request, response, http.mapper().constructType(JobResults.class));
    }

    /**
     * Cancels a queued or processing job.
     *
     * @throws JobNotCancellableException when the job is completed, failed or cancelled already (HTTP 400)
     */
    public CancelledJob cancel(String jobId) {
        try {
            return http.call(ApiRequest.delete(JOB.expand(VENDOR, jobId)), CancelledJob.class);
        } catch (InvalidRequestException e) {
            if (e.getHttpStatus() == 400 || e.getHttpStatus() == 409) {
                throw new JobNotCancellableException(jobId, e);
            }
            throw e;
        }
    }

    /** One page of the client's jobs, newest first. */
    public JobPage listJobs(ListQuery query) {
        if (query.page() != null && query.page() < 1) {
            throw InvalidRequestException.beforeSending(VENDOR, "page", "SpiderIQ job list page must be 1 or more; was "
                    + query.page());
        }
        if (query.pageSize() != null && (query.pageSize() < 1 || query.pageSize() > MAX_PAGE_SIZE)) {
            throw InvalidRequestException.beforeSending(VENDOR, "pageSize", "SpiderIQ job list page size must be from 1 to "
                    + MAX_PAGE_SIZE + "; was " + query.pageSize());
        }
        return http.call(ApiRequest.get("/api/v1/jobs/list")
                .query("page", query.page())
                .query("page_size", query.pageSize())
                .query("status_filter", query.status())
                .query("type_filter", query.type() == null ? null : query.type().name()), JobPage.class);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body == null ? null : body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
