package dev.asyncjobs.engine.tracking;

import java.time.Instant;

import dev.asyncjobs.engine.JobRef;

/**
 * What survives a restart about a tracked job: how to address it and the last status (and detail fingerprint) whose
 * exchange completed successfully. Scheduling state (next poll, failure count) is deliberately not persisted: after
 * a restart every job is simply polled again soon.
 *
 * @param ref          how to address the job
 * @param lastStatus   the last status emitted successfully (null before the first one)
 * @param lastDetail   the detail fingerprint emitted with it (null when not used)
 * @param trackedSince when tracking started
 * @param account      which account (base URL and API key, as an opaque hash) the job belongs to and is polled
 *                     with; null when the store is not shared between accounts
 */
public record TrackedJob(JobRef ref, String lastStatus, String lastDetail, Instant trackedSince, String account) {

    /** A job of the store's only account. */
    public TrackedJob(JobRef ref, String lastStatus, String lastDetail, Instant trackedSince) {
        this(ref, lastStatus, lastDetail, trackedSince, null);
    }

    public String jobId() {
        return ref.jobId();
    }

    /** This job with a newly committed status. */
    public TrackedJob committed(String status, String detail) {
        return new TrackedJob(ref, status, detail, trackedSince, account);
    }
}
