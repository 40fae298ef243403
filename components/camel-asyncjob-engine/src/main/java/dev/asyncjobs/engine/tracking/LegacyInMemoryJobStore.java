package dev.asyncjobs.engine.tracking;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The default store: jobs live as long as the component. */
public final class LegacyInMemoryJobStore implements LegacyJobStore {

    private final Map<String, TrackedJob> jobs = new ConcurrentHashMap<>();

    @Override
    public void put(TrackedJob job) {
        jobs.put(job.jobId(), job);
    }

    @Override
    public void remove(String jobId) {
        jobs.remove(jobId);
    }

    @Override
    public Collection<TrackedJob> loadAll() {
        return List.copyOf(jobs.values());
    }
}
