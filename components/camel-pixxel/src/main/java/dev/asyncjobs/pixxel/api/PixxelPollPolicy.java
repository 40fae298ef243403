package dev.asyncjobs.pixxel.api;

import java.time.Duration;
import java.util.Objects;

import dev.asyncjobs.engine.JobRef;
import dev.asyncjobs.engine.JobSnapshot;
import dev.asyncjobs.engine.PollPolicy;

/**
 * Polls a Pixxel job near its expected end instead of at a fixed rate: the next status request goes out when the job
 * is expected to be done (from its {@code estimated_duration} and {@code progress}, see
 * {@link PixxelApi#expectedRemaining}), but never sooner than {@code min} nor later than {@code max} after the last
 * one. Without an estimate it polls every {@code min}. Pixxel documents no polling guidance nor a floor.
 */
public final class PixxelPollPolicy implements PollPolicy {

    /** Default shortest interval between two status requests of one job. */
    public static final Duration DEFAULT_MIN = Duration.ofSeconds(10);
    /** Default longest interval between two status requests of one job. */
    public static final Duration DEFAULT_MAX = Duration.ofMinutes(5);

    private final Duration min;
    private final Duration max;

    public PixxelPollPolicy(Duration min, Duration max) {
        this.min = Objects.requireNonNull(min, "min");
        this.max = Objects.requireNonNull(max, "max");
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max, got min " + min + ", max " + max);
        }
    }

    public Duration min() {
        return min;
    }

    public Duration max() {
        return max;
    }

    /** Nothing known of the job yet (tracking a job by id): poll after {@code min}. */
    @Override
    public Duration firstPollDelay(JobRef job) {
        return min;
    }

    /** The create answer tells the job's estimate: poll near its expected end. */
    @Override
    public Duration firstPollDelay(JobRef job, JobSnapshot known) {
        return known == null ? firstPollDelay(job) : nextPollDelay(job, known);
    }

    @Override
    public Duration nextPollDelay(JobRef job, JobSnapshot latest) {
        Duration remaining = latest == null ? null : latest.expectedRemaining();
        if (remaining == null) {
            return min;
        }
        if (remaining.compareTo(min) < 0) {
            return min;
        }
        return remaining.compareTo(max) > 0 ? max : remaining;
    }

    @Override
    public String toString() {
        return "PixxelPollPolicy[min=" + min + ", max=" + max + "]";
    }
}
