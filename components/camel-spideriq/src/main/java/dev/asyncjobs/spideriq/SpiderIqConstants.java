package dev.asyncjobs.spideriq;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.spideriq.api.SpiderIqApi;
import org.apache.camel.spi.Metadata;

/**
 * The headers of the {@code spideriq:} component: the common async job headers (the job type, spiderSite or
 * spiderMaps, travels in {@link AsyncJobConstants#JOB_TYPE}) and SpiderIQ's own.
 */
public final class SpiderIqConstants extends AsyncJobConstants {

    @Metadata(label = "producer", description = "The priority of a submitted job, 0 to 10 (higher is processed first);"
                                                + " overrides the body's and the priority option.",
              javaType = "Integer")
    public static final String PRIORITY = "CamelSpiderIqPriority";
    @Metadata(label = "producer",
              description = "Whether the submit was answered with an identical job submitted within the last 24 hours"
                            + " (the same job id comes back; it is tracked once).",
              javaType = "Boolean")
    public static final String FROM_CACHE = SpiderIqApi.FROM_CACHE_HEADER;
    @Metadata(label = "producer", description = "The API's message on a submit or a cancel.", javaType = "String")
    public static final String MESSAGE = SpiderIqApi.MESSAGE_HEADER;
    @Metadata(description = "The worker processing the job (worker_id), once one is assigned.", javaType = "String")
    public static final String WORKER_ID = SpiderIqApi.WORKER_ID_HEADER;
    @Metadata(description = "When the job was created (created_at, ISO 8601).", javaType = "String")
    public static final String CREATED_AT = SpiderIqApi.CREATED_AT_HEADER;
    @Metadata(description = "When the job's status last changed (updated_at, ISO 8601).", javaType = "String")
    public static final String UPDATED_AT = SpiderIqApi.UPDATED_AT_HEADER;
    @Metadata(label = "producer", description = "listJobs: only jobs with this status; overrides the listStatus option.",
              javaType = "String")
    public static final String LIST_STATUS = "CamelSpiderIqListStatus";
    @Metadata(label = "producer", description = "listJobs: only jobs of this type; overrides the listType option.",
              javaType = "String")
    public static final String LIST_TYPE = "CamelSpiderIqListType";
    @Metadata(label = "producer", description = "listJobs: the page, from 1; overrides the listPage option.",
              javaType = "Integer")
    public static final String LIST_PAGE = "CamelSpiderIqListPage";
    @Metadata(label = "producer", description = "listJobs: jobs per page, 1 to 100; overrides the listPageSize option.",
              javaType = "Integer")
    public static final String LIST_PAGE_SIZE = "CamelSpiderIqListPageSize";
    @Metadata(label = "producer", description = "listJobs: how many jobs match the filters.", javaType = "Integer")
    public static final String LIST_TOTAL = "CamelSpiderIqListTotal";
    @Metadata(label = "producer", description = "listJobs: how many pages there are.", javaType = "Integer")
    public static final String LIST_TOTAL_PAGES = "CamelSpiderIqListTotalPages";

    private SpiderIqConstants() {
    }
}
