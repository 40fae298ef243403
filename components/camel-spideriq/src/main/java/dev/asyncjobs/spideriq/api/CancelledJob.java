package dev.asyncjobs.spideriq.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What {@code DELETE /api/v1/jobs/{job_id}} answers when it cancelled the job.
 *
 * @param success whether the cancellation was successful
 * @param jobId   the cancelled job's id
 * @param status  the job's new status (cancelled)
 * @param message the API's confirmation message
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CancelledJob(
        @JsonProperty("success") Boolean success,
        @JsonProperty("job_id") String jobId,
        @JsonProperty("status") String status,
        @JsonProperty("message") String message) {
}
