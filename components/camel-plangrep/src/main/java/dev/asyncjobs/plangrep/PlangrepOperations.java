package dev.asyncjobs.plangrep;

/** What a {@code plangrep:} producer can do. */
public enum PlangrepOperations {
    /** Create a job in a project (externalId, webhookUrl; sent with an Idempotency-Key). */
    createJob,
    /** Upload the body's file(s) in one multipart form, then complete the uploads (completeUploads). */
    uploadFiles,
    /** Register the body's file(s), PUT each to its signed URL, then complete the uploads (completeUploads). */
    uploadPresigned,
    /** Close the upload window so processing starts. */
    completeUploads,
    /** Resume a job blocked for credits, after credits were added. */
    resume,
    /** Ask to cancel a job; it takes effect later (the consumer emits the cancelled transition). */
    cancel,
    /** Fetch a job's state. */
    getJob,
    /** Fetch a completed job's v1 result JSON. */
    getResult,
    /** Start tracking a job created elsewhere, so the consumer emits its transitions. */
    track
}
