package dev.asyncjobs.engine.spi;

import java.time.Duration;
import java.util.Map;

/**
 * When to poll a job: how long after submission the first status request goes out, and how long to wait between
 * later ones. Vendors describe their documented guidance with {@link #fixed}; users override it per endpoint with
 * {@link #overriddenBy}; the vendor's floor (the fastest rate its docs allow) always wins.
 */
public interface PollPolicy {

    /** Delay between submitting (or starting to track) the job and its first status request. */
    Duration firstPollDelay(JobRef job);

    /** Delay until the next status request, given the latest snapshot. */
    Duration nextPollDelay(JobRef job, JobSnapshot latest);

    /**
     * Delay before the first status request when something is known of the job already (what the submit answered,
     * e.g. its {@link JobSnapshot#expectedRemaining() expected remaining time}), or null when nothing is. By default
     * the same as {@link #firstPollDelay(JobRef)}; vendors whose jobs carry an estimate override it.
     */
    default Duration firstPollDelay(JobRef job, JobSnapshot known) {
        return firstPollDelay(job);
    }

    /**
     * Delay until the next status request, given the latest snapshot and how long ago the job was submitted (null
     * when that is not known, e.g. a job tracked by id). Policies that place polls by the job's age (the learned one)
     * override it; by default the age is ignored.
     */
    default Duration nextPollDelay(JobRef job, JobSnapshot latest, Duration sinceSubmit) {
        return nextPollDelay(job, latest);
    }

    /**
     * Told when polling sees a job that was followed from its submit ended: {@code seenTerminal} after its submit, the
     * previous status request having been {@code lastSeenRunning} after it (null when the first request found it
     * ended). Policies that learn from the account's jobs (the learned one) record the duration; by default nothing
     * happens. It must not throw: a policy that cannot learn from a job ignores it.
     */
    default void jobEnded(JobRef job, JobSnapshot terminal, Duration lastSeenRunning, Duration seenTerminal) {
    }

    /**
     * This policy for subscribers that want every status a job passes through, not only its end: a policy that plans
     * requests for the end alone (the learned one) keeps the vendor's pace until the job is seen running. Fixed
     * policies already serve every status.
     */
    default PollPolicy seeingEveryStatus() {
        return this;
    }

    /** The shortest interval the vendor allows between two status requests of one job. */
    default Duration floor() {
        return Duration.ZERO;
    }

    /**
     * A policy with a first-poll delay per job type (falling back to {@code defaultFirstPoll}) and a fixed interval.
     */
    static PollPolicy fixed(Map<String, Duration> firstPollByType, Duration defaultFirstPoll, Duration interval,
            Duration floor) {
        Map<String, Duration> byType = Map.copyOf(firstPollByType);
        return new PollPolicy() {
            @Override
            public Duration firstPollDelay(JobRef job) {
                return max(job.jobType() != null ? byType.getOrDefault(job.jobType(), defaultFirstPoll) : defaultFirstPoll,
                        floor);
            }

            @Override
            public Duration nextPollDelay(JobRef job, JobSnapshot latest) {
                return max(interval, floor);
            }

            @Override
            public Duration floor() {
                return floor;
            }
        };
    }

    /**
     * This policy with the user's first-poll delay and interval where they are set (non-null), kept as set: an
     * interval below the vendor's floor is refused where the option is read, never raised silently. The first poll
     * follows the submit, not another status request, so the floor does not apply to it. Without a first-poll delay,
     * the vendor's first poll stays where the vendor guides it apart from its interval, and is one interval after the
     * submit where it does not.
     */
    default PollPolicy overriddenBy(Duration firstPollDelay, Duration interval) {
        PollPolicy vendor = this;
        if (firstPollDelay == null && interval == null) {
            return vendor;
        }
        return new PollPolicy() {
            @Override
            public Duration firstPollDelay(JobRef job) {
                return firstPollDelay != null ? firstPollDelay : vendorsFirst(job, vendor.firstPollDelay(job));
            }

            @Override
            public Duration firstPollDelay(JobRef job, JobSnapshot known) {
                return firstPollDelay != null ? firstPollDelay : vendorsFirst(job, vendor.firstPollDelay(job, known));
            }

            /**
             * The vendor's first poll where it guides the first poll apart from the others (SateAIs' 5 min for ship
             * detection); where its first poll is just its interval, the user's interval is every poll, the first too.
             */
            private Duration vendorsFirst(JobRef job, Duration first) {
                return interval != null && first.equals(vendor.nextPollDelay(job, null)) ? interval : first;
            }

            @Override
            public Duration nextPollDelay(JobRef job, JobSnapshot latest) {
                return interval != null ? interval : vendor.nextPollDelay(job, latest);
            }

            @Override
            public Duration floor() {
                return vendor.floor();
            }
        };
    }

    /**
     * This policy with no interval between two status requests shorter than {@code min} (the user's minPollInterval);
     * the first poll is left as it is.
     */
    default PollPolicy atLeast(Duration min) {
        PollPolicy base = this;
        Duration floor = max(min, base.floor());
        return new PollPolicy() {
            @Override
            public Duration firstPollDelay(JobRef job) {
                return base.firstPollDelay(job);
            }

            @Override
            public Duration firstPollDelay(JobRef job, JobSnapshot known) {
                return base.firstPollDelay(job, known);
            }

            @Override
            public Duration nextPollDelay(JobRef job, JobSnapshot latest) {
                return max(base.nextPollDelay(job, latest), floor);
            }

            @Override
            public Duration nextPollDelay(JobRef job, JobSnapshot latest, Duration sinceSubmit) {
                return max(base.nextPollDelay(job, latest, sinceSubmit), floor);
            }

            @Override
            public Duration floor() {
                return floor;
            }
        };
    }

    /**
     * The sooner of two policies' requests, for a job that two subscribers want within their own bounds (a group's
     * plan and a producer's wait). What is learned is told to {@code a} only, so nothing is learned twice.
     */
    static PollPolicy soonest(PollPolicy a, PollPolicy b) {
        return new PollPolicy() {
            @Override
            public Duration firstPollDelay(JobRef job) {
                return min(a.firstPollDelay(job), b.firstPollDelay(job));
            }

            @Override
            public Duration firstPollDelay(JobRef job, JobSnapshot known) {
                return min(a.firstPollDelay(job, known), b.firstPollDelay(job, known));
            }

            @Override
            public Duration nextPollDelay(JobRef job, JobSnapshot latest) {
                return min(a.nextPollDelay(job, latest), b.nextPollDelay(job, latest));
            }

            @Override
            public Duration nextPollDelay(JobRef job, JobSnapshot latest, Duration sinceSubmit) {
                return min(a.nextPollDelay(job, latest, sinceSubmit), b.nextPollDelay(job, latest, sinceSubmit));
            }

            @Override
            public void jobEnded(JobRef job, JobSnapshot terminal, Duration lastSeenRunning, Duration seenTerminal) {
                a.jobEnded(job, terminal, lastSeenRunning, seenTerminal);
            }

            @Override
            public Duration floor() {
                return max(a.floor(), b.floor());
            }
        };
    }

    /** The smaller of two durations. */
    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The larger of two durations. */
    static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
