package dev.asyncjobs.pixxel.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.spi.TransientApiException;
import dev.asyncjobs.engine.client.ApiHttpClient;
import dev.asyncjobs.engine.client.ApiPath;
import dev.asyncjobs.engine.client.ApiRequest;
import dev.asyncjobs.engine.client.ApiResponse;
import dev.asyncjobs.engine.client.ErrorDecoder;
import dev.asyncjobs.engine.client.JsonBodies;

/**
 * A typed client of the Pixxel workflow jobs API (https://api.pixxel.space), free of Camel types:
 * <ul>
 * <li>{@code POST /v0/workflows/{workflow_id}/jobs?project_id=...} creates a job (no body is documented: the caller's
 * body, if any, is sent as it is);</li>
 * <li>{@code GET /v0/workflows/{workflow_id}/jobs/{job_id}} and {@code GET /v0/workflows/{workflow_id}/jobs} (filters
 * id, status, created_by, created_on);</li>
 * <li>{@code PUT .../jobs/{job_id}/download} and {@code PUT .../jobs/{job_id}/tasks/{task_id}/download}, answering a
 * download request that is pending, then ready with a signed URL, fetched without the API key;</li>
 * <li>{@code GET /v0/workflows/{workflow_id}/estimate}.</li>
 * </ul>
 * Authentication is {@code Authorization: <API_KEY>}, the key itself with no scheme.
 */
public final class PixxelClient {

    /** The vendor's name in messages. */
    public static final String VENDOR = "Pixxel";
    /** The documented base URL. */
    public static final String DEFAULT_BASE_URL = "https://api.pixxel.space";

    private static final ApiPath JOBS = ApiPath.of("/v0/workflows/{workflowId}/jobs");
    private static final ApiPath JOB = ApiPath.of("/v0/workflows/{workflowId}/jobs/{jobId}");
    private static final ApiPath JOB_DOWNLOAD = ApiPath.of("/v0/workflows/{workflowId}/jobs/{jobId}/download");
    private static final ApiPath TASK_DOWNLOAD = ApiPath.of("/v0/workflows/{workflowId}/jobs/{jobId}/tasks/{taskId}/download");
    private static final ApiPath ESTIMATE = ApiPath.of("/v0/workflows/{workflowId}/estimate");

    private final ApiHttpClient http;

    public PixxelClient(ApiHttpClient http) {
        this.http = http;
    }

    /** How this API's error answers read: Pixxel documents {"error": {"code", "details", "message"}}. */
    public static ErrorDecoder errorDecoder() {
        return ErrorDecoder.errorObject();
    }

    /**
     * The Authorization header value: the key itself, as the page says ({@code Authorization: <YOUR_API_KEY>}), or
     * {@code "<scheme> <key>"} when a scheme is given.
     */
    public static String authorization(String apiKey, String scheme) {
        return scheme == null || scheme.isBlank() ? apiKey : scheme.trim() + " " + apiKey;
    }

    /** The underlying HTTP client. */
    public ApiHttpClient http() {
        return http;
    }

    /**
     * Creates a job of the workflow for the project. The body is optional and sent as given (a Map, a Jackson tree,
     * a POJO or JSON text); the page documents none.
     */
    public PixxelJob createJob(String workflowId, String projectId, Object body) {
        String path = JOBS.expand(VENDOR, workflowId(workflowId));
        require("projectId", projectId, "the project the job is created in (query parameter project_id)");
        PixxelJob job = http.call(ApiRequest.post(path).query("project_id", projectId).body(checkBody(body)),
                PixxelJob.class);
        if (job == null || job.id() == null || job.id().isBlank()) {
            throw new TransientApiException(VENDOR, 200, "MALFORMED_RESPONSE", null,
                    "Pixxel POST " + path + " answered without a job id; the job may have been created: list the"
                            + " workflow's jobs before creating it again", null);
        }
        return job;
    }

    /** The job's current state. */
    public PixxelJob getJob(String workflowId, String jobId) {
        return http.call(ApiRequest.get(JOB.expand(VENDOR, ids(workflowId, jobId))), PixxelJob.class);
    }

    /**
     * The workflow's jobs. The answer's shape is not documented: a JSON array, or an object holding the array under
     * {@code jobs}, {@code data} or {@code items}, are understood.
     */
    public List<PixxelJob> listJobs(String workflowId, PixxelJobFilter filter) {
        PixxelJobFilter f = filter == null ? PixxelJobFilter.none() : filter;
        ApiRequest request = ApiRequest.get(JOBS.expand(VENDOR, workflowId(workflowId)))
                .query("id", blankToNull(f.id())).query("status", blankToNull(f.status()))
                .query("created_by", blankToNull(f.createdBy())).query("created_on", blankToNull(f.createdOn()));
        JsonNode answer = http.call(request, JsonNode.class);
        JsonNode array = answer;
        if (answer != null && answer.isObject()) {
            array = null;
            for (String field : List.of("jobs", "data", "items")) {
                if (answer.path(field).isArray()) {
                    array = answer.get(field);
                    break;
                }
            }
        }
        if (array == null || !array.isArray()) {
            throw new TransientApiException(VENDOR, 200, "MALFORMED_RESPONSE", null,
                    "Pixxel " + request + " answered without a list of jobs", null);
        }
        List<PixxelJob> jobs = new ArrayList<>(array.size());
        for (JsonNode node : array) {
            jobs.add(http.mapper().convertValue(node, PixxelJob.class));
        }
        return jobs;
    }

    /** Asks for (or asks again about) the download of a job's output. */
    public PixxelDownload requestJobDownload(String workflowId, String jobId) {
        return http.call(ApiRequest.put(JOB_DOWNLOAD.expand(VENDOR, ids(workflowId, jobId))), PixxelDownload.class);
    }

    /** Asks for (or asks again about) the download of one task's output. */
    public PixxelDownload requestTaskDownload(String workflowId, String jobId, String taskId) {
        require("taskId", taskId, "the task whose output to download");
        Map<String, String> ids = new java.util.HashMap<>(ids(workflowId, jobId));
        ids.put("taskId", taskId.trim());
        return http.call(ApiRequest.put(TASK_DOWNLOAD.expand(VENDOR, ids)),
                PixxelDownload.class);
    }

    /**
     * The workflow's cost estimate, as plain Java values (a Map for a JSON object): its fields are not documented, so
     * it is passed on as the API sent it.
     */
    public Object costEstimate(String workflowId) {
        JsonNode answer = http.call(ApiRequest.get(ESTIMATE.expand(VENDOR, workflowId(workflowId))), JsonNode.class);
        return http.mapper().convertValue(answer, Object.class);
    }

    /**
     * Streams a ready download to {@code target} without holding it in memory; the API key is not sent to the signed
     * URL's host.
     */
    public void downloadTo(PixxelDownload download, OutputStream target) {
        ApiResponse response = http.downloadTo(signedUrl(download), target);
        if (response.status() / 100 != 2) {
            throw new AsyncJobApiException(VENDOR, response.status(), null, null,
                    "Pixxel download " + download.id() + " could not be fetched: HTTP " + response.status());
        }
    }

    /**
     * Streams a ready download into {@code file} (through a temporary file beside it, so a failed transfer never
     * leaves a partial file under the final name) and returns the file.
     */
    public Path downloadToFile(PixxelDownload download, Path file) {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                downloadTo(download, out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Pixxel download " + download.id() + " to " + target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static String signedUrl(PixxelDownload download) {
        if (download == null || !download.ready()) {
            throw InvalidRequestException.beforeSending(VENDOR, "download",
                    "Pixxel download " + (download == null ? "" : download.id() + " ") + "is not ready (status "
                            + (download == null ? "none" : download.status()) + "): wait until it is ready first");
        }
        return download.signedUrl();
    }

    private Object checkBody(Object body) {
        if (body == null) {
            return null;
        }
        // JSON text is sent as the caller wrote it, other bodies as the mapper writes them; both must be JSON
        JsonNode json = JsonBodies.toTree(http.mapper(), VENDOR, "Pixxel job not created", body);
        if (json == null) {
            return null;
        }
        return body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : body;
    }

    private static String workflowId(String workflowId) {
        require("workflowId", workflowId, "the workflow the job belongs to");
        return workflowId.trim();
    }

    private static Map<String, String> ids(String workflowId, String jobId) {
        String workflow = workflowId(workflowId);
        require("jobId", jobId, "the job's id");
        return Map.of("workflowId", workflow, "jobId", jobId.trim());
    }

    private static void require(String field, String value, String what) {
        if (value == null || value.isBlank()) {
            throw InvalidRequestException.beforeSending(VENDOR, field, "Pixxel request not sent: " + field
                    + " (" + what + ") is missing");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
