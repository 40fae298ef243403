package dev.asyncjobs.pixxel.api;

/**
 * The filters of {@code GET /v0/workflows/{workflow_id}/jobs}; null leaves a filter out. Their accepted formats are not
 * documented, so the values are sent as given.
 *
 * @param id        a job id
 * @param status    a job status (e.g. running, completed, failed)
 * @param createdBy a user id
 * @param createdOn a creation day
 */
public record PixxelJobFilter(String id, String status, String createdBy, String createdOn) {

    /** No filter: every job of the workflow. */
    public static PixxelJobFilter none() {
        return new PixxelJobFilter(null, null, null, null);
    }
}
