package dev.asyncjobs.plangrep.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A job as {@code GET /jobs/{jobId}} returns it (the {@code job} object of the answer).
 *
 * @param id                  the job id ({@code job_...})
 * @param externalId          the caller's correlation id, or null
 * @param status              one of the eleven documented statuses
 * @param projectId           the project the job belongs to
 * @param limits              the job's upload limits
 * @param pageCount           pages to process, once known
 * @param successfulPageCount pages processed successfully so far
 * @param billing             credits debited so far
 * @param files               the job's files and their status
 * @param resultUrl           a pre-signed URL of the result JSON once completed, else null (a bearer link: not logged)
 * @param error               the error of a failed job ("Check job.error for details"), its shape as sent
 * @param createdAt           ISO 8601
 * @param updatedAt           ISO 8601
 * @param completedAt         ISO 8601, null until terminal
 * @param expiresAt           ISO 8601: the job expires if not completed by then
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlangrepJob(
        String id,
        String externalId,
        String status,
        String projectId,
        Limits limits,
        Integer pageCount,
        Integer successfulPageCount,
        Billing billing,
        List<JobFile> files,
        String resultUrl,
        JsonNode error,
        String createdAt,
        String updatedAt,
        String completedAt,
        String expiresAt) {

    /** {@code limits}: the most declared bytes and files the job takes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Limits(Long maxDeclaredBytes, Integer maxFiles) {
    }

    /** {@code billing}: credits debited so far. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Billing(Integer creditsDebited) {
    }

    /** One of the job's {@code files}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record JobFile(String id, String fileName, String status) {
    }

    /** The error's code: {@code error.code}, or null (the docs do not show the error's shape). */
    public String errorCode() {
        if (error == null || error.isNull()) {
            return null;
        }
        JsonNode code = error.isObject() ? error.get("code") : null;
        return code == null || code.isNull() ? null : code.asText();
    }

    /** The error's message: {@code error.message}, or the error itself when it is a plain string. */
    public String errorMessage() {
        if (error == null || error.isNull()) {
            return null;
        }
        if (error.isTextual()) {
            return error.asText();
        }
        JsonNode message = error.get("message");
        return message == null || message.isNull() ? error.toString() : message.asText();
    }

    /** Credits debited so far, or null. */
    public Integer creditsDebited() {
        return billing == null ? null : billing.creditsDebited();
    }

    /** Page progress in percent, or null while the page count is not known. */
    public Double progressPercent() {
        if (pageCount == null || pageCount <= 0 || successfulPageCount == null) {
            return null;
        }
        return Math.min(100.0, 100.0 * successfulPageCount / pageCount);
    }

    @Override
    public String toString() {
        // resultUrl is a pre-signed bearer link: it stays out of log lines
        return "PlangrepJob[id=" + id + ", externalId=" + externalId + ", status=" + status + ", pages="
                + successfulPageCount + "/" + pageCount + "]";
    }
}
