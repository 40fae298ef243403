package dev.asyncjobs.sateais.api;

import java.time.Duration;

import dev.asyncjobs.engine.JobRef;
import dev.asyncjobs.engine.JobSnapshot;
import dev.asyncjobs.engine.learn.DurationFeatures;
import dev.asyncjobs.engine.learn.JobFeatures;

/**
 * What learned polling reads from SateAIs jobs: the duration the job status reports ({@code completed_at} less
 * {@code created_at}); jobs are learned per detection type.
 */
public final class SateaisDurationFeatures implements DurationFeatures {

    public static final SateaisDurationFeatures INSTANCE = new SateaisDurationFeatures();

    @Override
    public JobFeatures of(JobRef job, JobSnapshot snapshot) {
        return JobFeatures.NONE;
    }

    @Override
    public Duration reportedDuration(JobRef job, JobSnapshot terminal) {
        return terminal != null && terminal.job() instanceof SateaisJob j
                ? DurationFeatures.between(j.createdAt(), j.completedAt()) : null;
    }
}
