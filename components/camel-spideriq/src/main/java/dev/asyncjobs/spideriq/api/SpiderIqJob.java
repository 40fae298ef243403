package dev.asyncjobs.spideriq.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A job as {@code GET /api/v1/jobs/{job_id}/status} returns it.
 *
 * @param success   whether the request was successful
 * @param jobId     the job's id (UUID)
 * @param type      spiderSite or spiderMaps
 * @param status    queued, processing, completed, failed or cancelled
 * @param createdAt ISO 8601 timestamp of the job's creation
 * @param updatedAt ISO 8601 timestamp of the last status update
 * @param workerId  the worker processing the job, null until one is assigned
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SpiderIqJob(
        @JsonProperty("success") Boolean success,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("type") String type,
        @JsonProperty("status") String status,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("worker_id") String workerId) {
}
