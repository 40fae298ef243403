package dev.asyncjobs.engine.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One job of an account as the vendor's list of jobs shows it ({@link AsyncJobApi#listJobs}).
 *
 * @param ref       how to address the job (with the attributes the vendor's URLs need)
 * @param snapshot  its status as listed
 * @param createdAt when the vendor created it (the vendor's clock), or null when the list does not say readably
 */
public record ListedJob(JobRef ref, JobSnapshot snapshot, Instant createdAt) {

    public ListedJob {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(snapshot, "snapshot");
    }
}
