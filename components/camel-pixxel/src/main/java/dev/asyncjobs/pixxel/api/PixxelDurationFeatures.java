package dev.asyncjobs.pixxel.api;

import java.time.Duration;

import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.learn.DurationFeatures;
import dev.asyncjobs.engine.learn.JobFeatures;

/**
 * What learned polling reads from Pixxel jobs: every answer carries the job's {@code estimated_duration}, so durations
 * are learned as multiples of it (jobs of one workflow with different estimates share what was learned); an ended job
 * reports {@code created_at} and {@code finished_at}, whose difference is its duration from the submit, and
 * {@code exec_created_at} ("when execution of job started"), which dates its start, so the run time is learned apart
 * ({@code time_taken} is a string of undocumented format, so it is not read).
 */
public final class PixxelDurationFeatures implements DurationFeatures {

    public static final PixxelDurationFeatures INSTANCE = new PixxelDurationFeatures();

    @Override
    public JobFeatures of(JobRef job, JobSnapshot snapshot) {
        if (snapshot == null) {
            return JobFeatures.NONE;
        }
        Object estimate = snapshot.job() instanceof PixxelJob j ? j.estimatedDuration()
                : snapshot.vendorHeaders().get(PixxelApi.HEADER_ESTIMATED_DURATION);
        return estimate instanceof Number n ? JobFeatures.ofEstimate(n.doubleValue()) : JobFeatures.NONE;
    }

    @Override
    public Duration reportedDuration(JobRef job, JobSnapshot terminal) {
        if (terminal == null || !(terminal.job() instanceof PixxelJob j)) {
            return null;
        }
        return DurationFeatures.between(j.createdAt(), j.finishedAt());
    }

    /** {@code exec_created_at - created_at}, in any answer that carries both. */
    @Override
    public Duration reportedStart(JobRef job, JobSnapshot snapshot) {
        return snapshot != null && snapshot.job() instanceof PixxelJob j
                ? DurationFeatures.between(j.createdAt(), j.execCreatedAt()) : null;
    }
}
