package dev.asyncjobs.spideriq;

/** What a {@code spideriq:} producer can do. */
public enum SpiderIqOperations {
    /** Submit a spiderSite or spiderMaps job (jobType); the body is the request or its payload. */
    submit,
    /** Fetch a job's status. */
    getJob,
    /** Fetch a completed job's results. */
    getResult,
    /** Cancel a queued or processing job. */
    cancel,
    /** List the client's jobs (listStatus, listType, listPage, listPageSize). */
    listJobs,
    /** Start tracking a job submitted elsewhere, so the consumer emits its transitions. */
    track
}
