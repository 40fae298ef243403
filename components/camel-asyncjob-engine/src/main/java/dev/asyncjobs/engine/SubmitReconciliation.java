package dev.asyncjobs.engine;

import java.util.Objects;

/**
 * What a vendor could tell about a submit whose answer never arrived (a timeout or a reset after the request was
 * sent, or a crash mid-submit): the job it created, identified for certain, or why it cannot be identified.
 *
 * @param job                the job the submit created, or null when unconfirmed
 * @param snapshot           what the vendor says of that job now, or null when unconfirmed
 * @param unconfirmedBecause why the job could not be identified for certain (candidates, limits), or null
 */
public record SubmitReconciliation(JobRef job, JobSnapshot snapshot, String unconfirmedBecause) {

    /** The submit's job, identified for certain: it is followed from now on. */
    public static SubmitReconciliation adopted(JobRef job, JobSnapshot snapshot) {
        return new SubmitReconciliation(Objects.requireNonNull(job), Objects.requireNonNull(snapshot), null);
    }

    /** The job cannot be identified for certain: the routes are told, nothing is submitted again. */
    public static SubmitReconciliation unconfirmed(String because) {
        return new SubmitReconciliation(null, null, Objects.requireNonNull(because));
    }

    public boolean isAdopted() {
        return job != null;
    }
}
