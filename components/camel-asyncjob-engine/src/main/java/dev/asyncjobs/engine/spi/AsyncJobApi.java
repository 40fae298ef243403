package dev.asyncjobs.engine.spi;

/**
 * The small SPI each vendor implements so the engine can follow its jobs: fetch a job's status, fetch its result,
 * cancel it, and say how often to poll. Submitting and the vendor's other operations differ too much between APIs to
 * share a signature; they live in each vendor's typed client and producer, and hand the submitted job to the engine.
 * <p>
 * Implementations are thin adapters over a vendor's typed API client and are free of Camel types.
 */
public interface AsyncJobApi {

    /** The vendor's name, for messages. */
    String vendor();

    /** How the vendor's status strings map to phases. */
    StatusMapping statusMapping();

    /** The vendor's documented polling guidance. */
    PollPolicy pollPolicy();

    /**
     * What learned polling reads from the vendor's jobs beyond their type: a size class from what the request carried
     * (a polygon's area), the vendor's own estimate, and the duration an ended job reports. By default none: jobs are
     * learned per type, from the times polls saw them end.
     */
    default dev.asyncjobs.engine.learn.DurationFeatures durationFeatures() {
        return dev.asyncjobs.engine.learn.DurationFeatures.NONE;
    }

    /** One status request. */
    JobSnapshot fetchJob(JobRef job);

    /** The job's result (for a job whose phase {@link JobPhase#hasResult() has a result}). */
    Object fetchResult(JobRef job);

    /** Whether the vendor's API can cancel a job (then {@link #cancelJob} is implemented). */
    default boolean canCancel() {
        return false;
    }

    /**
     * Asks the vendor to cancel the job and returns what it answered. Vendors whose API has no cancel throw
     * {@link InvalidRequestException} naming the operation.
     */
    default JobSnapshot cancelJob(JobRef job) {
        return cancelUnsupported(job);
    }

    /**
     * Finds the job a submit created when its answer never arrived (see {@link dev.asyncjobs.engine.store.SubmitIntent}),
     * through the vendor's own means: the same Idempotency-Key, a submit cache, a list of recent jobs. It must never
     * create a second job. By default nothing can be identified.
     *
     * @param intent         the submit: when, which operation, the request as sent
     * @param alreadyTracked whether a job id is followed already (so it is not the lost submit's)
     */
    default SubmitReconciliation reconcileSubmit(dev.asyncjobs.engine.store.SubmitIntent intent,
                                                 java.util.function.Predicate<String> alreadyTracked) {
        return SubmitReconciliation.unconfirmed(vendor() + " offers no way to find the job of a submit whose answer"
                + " was lost");
    }

    /**
     * The account's jobs created at or after {@code since}, newest first, through the vendor's documented list of
     * jobs: pages are requested until one reaches past {@code since} (or the list ends). Every request goes through
     * the vendor's client and spends the key's request budget like any other. Empty when the vendor documents no list
     * (the default): its jobs cannot be adopted from a list.
     *
     * @param since the oldest creation time wanted (the vendor's clock)
     * @param scope what the consumer's endpoint addresses beyond the key, as job attributes (a Pixxel workflow id)
     */
    default java.util.Optional<java.util.List<ListedJob>> listJobs(java.time.Instant since,
                                                                   java.util.Map<String, String> scope) {
        return java.util.Optional.empty();
    }

    private JobSnapshot cancelUnsupported(JobRef job) {
        throw InvalidRequestException.beforeSending(vendor(), "operation",
                vendor() + " has no cancel operation in its API; job " + job.jobId() + " runs to its end");
    }
}
