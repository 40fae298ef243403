package dev.asyncjobs.spideriq.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One page of {@code GET /api/v1/jobs/list}.
 *
 * @param total      jobs matching the filters
 * @param page       this page's number (from 1)
 * @param pageSize   jobs per page
 * @param totalPages pages available
 * @param jobs       the jobs on this page
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobPage(
        @JsonProperty("total") int total,
        @JsonProperty("page") int page,
        @JsonProperty("page_size") int pageSize,
        @JsonProperty("total_pages") int totalPages,
        @JsonProperty("jobs") List<JobSummary> jobs) {

    public JobPage {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }

    /**
     * A job in the list.
     *
     * @param jobId     the job's id
     * @param type      spiderSite or spiderMaps
     * @param status    its current status
     * @param url       the URL that was scraped (spiderSite)
     * @param createdAt ISO 8601 creation timestamp
     * @param updatedAt ISO 8601 timestamp of the last update
     * @param workerId  the worker that processed it, if one was assigned
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record JobSummary(
            @JsonProperty("job_id") String jobId,
            @JsonProperty("type") String type,
            @JsonProperty("status") String status,
            @JsonProperty("url") String url,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("updated_at") String updatedAt,
            @JsonProperty("worker_id") String workerId) {
    }
}
