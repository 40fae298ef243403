package dev.asyncjobs.spideriq.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A completed job's results, as {@code GET /api/v1/jobs/{job_id}/results} answers them with HTTP 200.
 *
 * @param success               true for a job that completed successfully
 * @param jobId                 the job's id
 * @param type                  spiderSite or spiderMaps
 * @param status                completed
 * @param processingTimeSeconds how long the job ran
 * @param workerId              the worker that processed it
 * @param completedAt           ISO 8601 completion timestamp
 * @param message               the API's comment on the job's state
 * @param data                  the results; their fields depend on the job type (a spiderSite job's emails, phones,
 *                              social profiles...; a spiderMaps job's businesses) and are passed on as the API sent
 *                              them
 * @param errorMessage          the error of a failed job (null otherwise)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobResults(
        @JsonProperty("success") Boolean success,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("type") String type,
        @JsonProperty("status") String status,
        @JsonProperty("processing_time_seconds") Double processingTimeSeconds,
        @JsonProperty("worker_id") String workerId,
        @JsonProperty("completed_at") String completedAt,
        @JsonProperty("message") String message,
        @JsonProperty("data") Map<String, Object> data,
        @JsonProperty("error_message") String errorMessage) {
}
