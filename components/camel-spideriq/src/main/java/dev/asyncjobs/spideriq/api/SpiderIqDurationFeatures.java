package dev.asyncjobs.spideriq.api;

import java.time.Duration;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.learn.DurationFeatures;
import dev.asyncjobs.engine.learn.JobFeatures;

/**
 * What learned polling reads from SpiderIQ jobs: an ended job's status reports when it was created and last updated
 * ({@code updated_at}, the moment it ended), so its duration is their difference; a processing job's
 * {@code updated_at} ("timestamp of last status update") is when it went from queued to processing, its start, so the
 * run time is learned apart. Jobs are learned per job type.
 */
public final class SpiderIqDurationFeatures implements DurationFeatures {

    public static final SpiderIqDurationFeatures INSTANCE = new SpiderIqDurationFeatures();

    @Override
    public JobFeatures of(JobRef job, JobSnapshot snapshot) {
        return JobFeatures.NONE;
    }

    @Override
    public Duration reportedDuration(JobRef job, JobSnapshot terminal) {
        return terminal != null && terminal.terminal() && terminal.job() instanceof SpiderIqJob j
                ? DurationFeatures.between(j.createdAt(), j.updatedAt()) : null;
    }

    /** While processing, {@code updated_at - created_at}: the last status update was the one to processing. */
    @Override
    public Duration reportedStart(JobRef job, JobSnapshot snapshot) {
        return snapshot != null && snapshot.phase() == JobPhase.RUNNING && snapshot.job() instanceof SpiderIqJob j
                ? DurationFeatures.between(j.createdAt(), j.updatedAt()) : null;
    }
}
