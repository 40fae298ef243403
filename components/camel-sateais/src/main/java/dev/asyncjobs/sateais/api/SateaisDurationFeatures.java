package dev.asyncjobs.sateais.api;

import java.time.Duration;

import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.learn.DurationFeatures;
import dev.asyncjobs.engine.learn.JobFeatures;

/**
 * What learned polling reads from SateAIs jobs: the duration the job status reports ({@code completed_at} less
 * {@code created_at}); jobs are learned per detection type, and newbuilding and timeseries jobs per class of polygon
 * area too.
 */
public final class SateaisDurationFeatures implements DurationFeatures {

    public static final SateaisDurationFeatures INSTANCE = new SateaisDurationFeatures();

    /**
     * The job reference's attribute with the polygon's area in km², set at submit for newbuilding and timeseries
     * ("scale with the polygon area", the vendor's "How it works" page): such jobs are learned per area class (a
     * factor of two), ship and oilslick per type only.
     */
    public static final String AREA_KM2 = "areaKm2";

    private static final DurationFeatures BY_AREA = DurationFeatures.sizeAttribute(AREA_KM2);

    @Override
    public JobFeatures of(JobRef job, JobSnapshot snapshot) {
        return BY_AREA.of(job, snapshot);
    }

    @Override
    public Duration reportedDuration(JobRef job, JobSnapshot terminal) {
        return terminal != null && terminal.job() instanceof SateaisJob j
                ? DurationFeatures.between(j.createdAt(), j.completedAt()) : null;
    }
}
