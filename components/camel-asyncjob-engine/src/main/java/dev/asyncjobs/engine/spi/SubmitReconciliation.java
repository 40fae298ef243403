package dev.asyncjobs.engine.spi;

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

    /**
     * The vendor has no way to name a submit's job (no idempotency key, no submit cache): the engine looks for it
     * among the jobs its list of jobs ({@link AsyncJobApi#listJobs}) shows created around the submit
     * ({@code LostSubmits}), for all lost submits of a round together.
     */
    public static SubmitReconciliation byCreationWindow() {
        return new SubmitReconciliation(null, null, BY_CREATION_WINDOW);
    }

    /** Whether the vendor leaves the submit to be found by its creation time ({@link #byCreationWindow()}). */
    public boolean isByCreationWindow() {
        return BY_CREATION_WINDOW.equals(unconfirmedBecause) && job == null;
    }

    private static final String BY_CREATION_WINDOW = "to be found by its creation time in the vendor's list of jobs";

    public boolean isAdopted() {
        return job != null;
    }
}
