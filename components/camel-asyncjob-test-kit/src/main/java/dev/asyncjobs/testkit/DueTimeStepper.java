package dev.asyncjobs.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.engine.follow.JobTracker;
import dev.asyncjobs.simulator.VendorSimulator;

import static org.awaitility.Awaitility.await;

/**
 * Follows one submitted job on a simulator whose clock stands still (speed 0), for tests of poll timing: it waits
 * until the consumer has settled the job at the current simulated time (due later, no claim held), counts the status
 * requests made meanwhile as made at that time, and moves the clock to the job's next due time; until the tracker no
 * longer holds the job. So every request happens at exactly the simulated time the poll policy chose, and a test can
 * compare the request times of two policies without waiting for them.
 */
public final class DueTimeStepper {

    /** What one job cost and how late its end was seen, in simulated time. */
    public record JobRun(String id, Instant submittedAt, Duration duration, List<Instant> requestTimes) {

        public int requests() {
            return requestTimes.size();
        }

        /** From the job's end to the request that saw it (the last one). */
        public Duration detectionDelay() {
            return Duration.between(submittedAt.plus(duration), requestTimes.get(requestTimes.size() - 1));
        }

        public Duration firstPollAfter() {
            return Duration.between(submittedAt, requestTimes.get(0));
        }

        @Override
        public String toString() {
            List<Long> after = requestTimes.stream().map(t -> Duration.between(submittedAt, t).toMillis()).toList();
            return "job " + id + " of " + duration + ": " + requests() + " requests at " + after
                   + " ms after submit, end seen " + detectionDelay() + " late";
        }
    }

    private DueTimeStepper() {
    }

    /**
     * Steps the clock through the job's polls until the tracker lets go of it (it ended).
     *
     * @param simulator   the simulator, its clock standing still
     * @param tracker     the tracker of the consumer that follows the job
     * @param jobId       the job, just submitted
     * @param statusPath  the path of its status requests (GET), as the simulator records it
     * @param submittedAt the simulated time of the submit
     * @param duration    how long the simulator runs the job
     */
    public static JobRun follow(VendorSimulator simulator, JobTracker tracker, String jobId, String statusPath,
            Instant submittedAt, Duration duration) {
        return new JobRun(jobId, submittedAt, duration, requestTimes(simulator, tracker, jobId, statusPath));
    }

    /**
     * Steps the clock through the job's polls until the tracker lets go of it, and answers the simulated times of its
     * status requests (for a job whose duration is known only once it ended).
     */
    public static List<Instant> requestTimes(VendorSimulator simulator, JobTracker tracker, String jobId,
            String statusPath) {
        List<Instant> times = new ArrayList<>();
        int seen = 0;
        while (true) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                    .until(() -> tracker.get(jobId).map(r -> settled(r, simulator.clock().now())).orElse(true));
            // the clock stood still since the last move: requests made since happened at this simulated time
            int count = simulator.requestCount("GET", Pattern.quote(statusPath));
            for (; seen < count; seen++) {
                times.add(simulator.clock().now());
            }
            JobRecord r = tracker.get(jobId).orElse(null);
            if (r == null) {
                return times;
            }
            simulator.clock().advance(Duration.between(simulator.clock().now(), r.nextPollAt()));
        }
    }

    /** Whether the follower is done with the job at the current (still) time: due later, no claim held. */
    private static boolean settled(JobRecord r, Instant now) {
        return r.nextPollAt() != null && r.leaseOwner() == null && r.nextPollAt().isAfter(now);
    }
}
