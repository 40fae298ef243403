package dev.asyncjobs.engine.tracking;

import java.util.Collection;

/**
 * Where tracked jobs are kept. The in-memory store forgets them on restart; {@link FileJobStore} keeps them in a file
 * so a job submitted before a stop is still followed after the start. Implement this to keep them in a database.
 * <p>
 * (Camel's {@code StateRepository} was considered: it cannot list its keys, and the tracker must enumerate all jobs
 * after a restart.)
 */
public interface LegacyJobStore {

    /** Inserts or replaces a job. */
    void put(TrackedJob job);

    /** Removes a job; no-op when absent. */
    void remove(String jobId);

    /** Every stored job. */
    Collection<TrackedJob> loadAll();
}
