package dev.asyncjobs.spideriq.api;

/**
 * The filters and paging of {@code GET /api/v1/jobs/list}; null fields are left to the API's defaults (page 1, 50 per
 * page, newest first).
 *
 * @param status   only jobs with this status (queued, processing, completed, failed, cancelled)
 * @param type     only jobs of this type
 * @param page     the page, from 1
 * @param pageSize jobs per page, 1 to 100
 */
public record ListQuery(String status, SpiderIqJobType type, Integer page, Integer pageSize) {

    /** No filter, the API's default paging. */
    public static ListQuery all() {
        return new ListQuery(null, null, null, null);
    }
}
