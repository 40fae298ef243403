package dev.asyncjobs.sateais.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A detection job as {@code GET /api/v1/jobs/{job_id}} returns it.
 *
 * @param jobId        job UUID
 * @param status       pending / processing / completed / failed
 * @param createdAt    ISO 8601 timestamp
 * @param completedAt  ISO 8601 timestamp; null while pending/processing
 * @param resultPath   GeoJSON download path; null unless completed
 * @param errorCode    machine-readable error code of a failed job
 * @param errorMessage human-readable error detail
 * @param error        deprecated; same as errorCode
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SateaisJob(
        @JsonProperty("job_id") String jobId,
        @JsonProperty("status") String status,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("completed_at") String completedAt,
        @JsonProperty("result_path") String resultPath,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("error_message") String errorMessage,
        @JsonProperty("error") String error) {

    /** The error code, falling back to the deprecated {@code error} field for older answers. */
    public String effectiveErrorCode() {
        return errorCode != null ? errorCode : error;
    }
}
