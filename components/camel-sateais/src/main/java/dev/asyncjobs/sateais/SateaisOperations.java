package dev.asyncjobs.sateais;

/** What a {@code sateais:} producer can do. */
public enum SateaisOperations {
    /** Submit a detection of the configured (or header) type; the body is the request. */
    submit,
    /** Fetch a job's status. */
    getJob,
    /** Fetch a completed job's result GeoJSON (following the redirect to object storage without the API key). */
    getResult,
    /** List recent jobs (listStatus, listLimit). */
    listJobs,
    /** Start tracking a job submitted elsewhere, so the consumer emits its transitions. */
    track
}
