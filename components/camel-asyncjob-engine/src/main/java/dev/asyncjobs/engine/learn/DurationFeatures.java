package dev.asyncjobs.engine.learn;

import java.time.Duration;
import java.time.Instant;

import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.Timestamps;

/**
 * The vendor's hook that tells the learner a job's size class and estimate ({@link JobFeatures}), from the job
 * reference and its latest snapshot (null when none is known). It is asked at the first poll, at every later one and
 * when the job ends, so it must answer the same for one job each time: read what the job carries (an attribute of
 * the reference, a field every status answer repeats), never what changes while it runs.
 */
@FunctionalInterface
public interface DurationFeatures {

    /** No features: jobs are learned per vendor and job type only. */
    DurationFeatures NONE = (job, snapshot) -> JobFeatures.NONE;

    JobFeatures of(JobRef job, JobSnapshot snapshot);

    /**
     * How long the ended job ran by the vendor's own account ({@code completed_at - created_at}, Pixxel's
     * {@code time_taken}), or null when the answer does not say. With it the learner records the exact duration;
     * without, only that the job ended between two polls, which is less precise.
     */
    default Duration reportedDuration(JobRef job, JobSnapshot terminal) {
        return null;
    }

    /**
     * How long after its creation the job started running by the vendor's own account (Pixxel's
     * {@code exec_created_at - created_at}; SpiderIQ's {@code updated_at - created_at} while it is
     * {@code processing}), or null when this answer does not date the start. On the same clock as
     * {@link #reportedDuration}, so that the time from start to end is their difference. With it the learner learns
     * the run time apart, and once a job is seen running the plan is placed from its start (see
     * {@link LearnedPollPolicy}); a vendor that dates no start keeps the plan from the submit.
     */
    default Duration reportedStart(JobRef job, JobSnapshot snapshot) {
        return null;
    }

    /**
     * A size class from a numeric attribute of the job reference ({@code areaKm2}, {@code pages}); jobs without it
     * are learned together.
     */
    static DurationFeatures sizeAttribute(String attribute) {
        return (job, snapshot) -> {
            String v = job.attributes().get(attribute);
            if (v == null) {
                return JobFeatures.NONE;
            }
            try {
                return JobFeatures.ofSize(attribute, Double.parseDouble(v));
            } catch (NumberFormatException e) {
                return JobFeatures.NONE;
            }
        };
    }

    /**
     * The time between two of the vendor's timestamps (ISO 8601, with an offset, a Z or, read as UTC, neither), or null
     * when either is missing or unreadable, or the end is before the start: for {@link #reportedDuration}.
     */
    static Duration between(String start, String end) {
        Instant from = Timestamps.parse(start);
        Instant to = Timestamps.parse(end);
        if (from == null || to == null || to.isBefore(from)) {
            return null;
        }
        return Duration.between(from, to);
    }
}
