package dev.asyncjobs.spideriq.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a submit answers.
 *
 * @param jobId     the job's id (UUID); the same id again for an identical submit within 24 hours
 * @param type      spiderSite or spiderMaps
 * @param status    the initial status ("always queued", says the vendor)
 * @param createdAt ISO 8601 timestamp of the job's creation
 * @param fromCache whether the submit was deduplicated to a job submitted within the last 24 hours
 * @param message   the API's confirmation message
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubmittedJob(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("type") String type,
        @JsonProperty("status") String status,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("from_cache") boolean fromCache,
        @JsonProperty("message") String message) {
}
