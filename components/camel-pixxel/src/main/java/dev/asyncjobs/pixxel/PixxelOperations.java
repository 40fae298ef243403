package dev.asyncjobs.pixxel;

/** What a {@code pixxel:} producer can do. */
public enum PixxelOperations {
    /** Create a job of the workflow for the project; the body, if any, is sent as it is. */
    createJob,
    /** Fetch a job's current state (status, progress, tasks, val_errors, cost). */
    getJob,
    /** List the workflow's jobs (filters listId, listStatus, listCreatedBy, listCreatedOn). */
    listJobs,
    /** Ask for the job's download, wait until it is ready (waitForDownload) and stream it to downloadDirectory. */
    downloadJob,
    /** The same for one task's output (taskId). */
    downloadTask,
    /** Fetch the workflow's cost estimate. */
    getCostEstimate,
    /** Start tracking a job created elsewhere, so the consumer emits its transitions. */
    track
}
