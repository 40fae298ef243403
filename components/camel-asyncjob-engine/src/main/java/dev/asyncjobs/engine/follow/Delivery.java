package dev.asyncjobs.engine.follow;

import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;

/**
 * One transition handed to one group.
 *
 * @param ref            the job
 * @param snapshot       what the status request said
 * @param previousStatus the group's committed status before it (null for the first)
 * @param result         the job's result when the group asked for it and the job has one, else null
 * @param resultError    why the result could not be fetched (non-retryable), else null
 * @param attempt        1 for the first delivery of this transition to this group
 * @param redelivered    whether it may have been delivered before (a nack, or a claim taken over from another owner
 *                       whose lease expired): idempotent routes check this
 * @param traceParent    the W3C trace context of the job's submit, or null when it was not submitted traced
 */
public record Delivery(JobRef ref, JobSnapshot snapshot, String previousStatus, Object result,
        AsyncJobApiException resultError, int attempt, boolean redelivered, String traceParent) {
}
