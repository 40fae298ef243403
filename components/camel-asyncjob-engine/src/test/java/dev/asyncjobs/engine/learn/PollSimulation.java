package dev.asyncjobs.engine.learn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.time.Duration;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.spi.StatusMapping;

/**
 * A discrete-event simulation of polling: jobs with known durations are submitted at given times, and a
 * {@link PollPolicy} decides when each is asked for its status, in simulated time (no clock, no threads, no HTTP: a
 * million polls take well under a second). It counts the status requests per job and the detection delay (from the
 * job's end to the request that saw it ended), and feeds a {@link LearnedPollPolicy} the durations it saw, in the
 * order jobs end. A job may wait queued before it runs ({@link SimJob#queued()}): then each job counts whether a
 * request saw it running, the status a subscriber without a filter wants before the end. For tests, for the
 * benchmarks, and for trying options against one's own job durations.
 */
public final class PollSimulation {

    /** The status mapping of simulated jobs: "queued" (while {@link SimJob#queued()} lasts), "running", "done". */
    public static final StatusMapping STATUSES = StatusMapping.of("simulation")
            .map("queued", JobPhase.QUEUED)
            .map("running", JobPhase.RUNNING)
            .map("done", JobPhase.SUCCEEDED)
            .build();

    /**
     * One simulated job.
     *
     * @param ref      its reference (type, attributes)
     * @param submitAt when it is submitted, seconds from the simulation's start
     * @param duration how long after its submit it ends, seconds (the queued time included, as the vendors' reported
     *                 durations from creation to end are)
     * @param queued   how long after its submit it starts running, seconds (at most {@code duration})
     */
    public record SimJob(JobRef ref, double submitAt, double duration, double queued) {

        public SimJob {
            if (!(queued >= 0) || queued > duration) {
                throw new IllegalArgumentException("queued must be between 0 and the duration " + duration + ", got "
                        + queued);
            }
        }

        /** A job that runs from its submit (never queued). */
        public SimJob(JobRef ref, double submitAt, double duration) {
            this(ref, submitAt, duration, 0);
        }

        /** Its status at an age (seconds since submit): "queued", "running", or "done" once {@code done}. */
        public String statusAt(double age, boolean done) {
            return done ? "done" : age < queued ? "queued" : "running";
        }
    }

    /** What a status request answers for a job at an age (seconds since submit); {@code done} once it ended. */
    @FunctionalInterface
    public interface Snapshots {
        JobSnapshot at(SimJob job, double age, boolean done);

        /** Plain snapshots: "queued" while the job waits, "running", then "done". */
        Snapshots PLAIN = (job, age, done) -> JobSnapshot.builder(job.ref().jobId(), job.statusAt(age, done), STATUSES)
                .build();

        /**
         * Snapshots whose "done" answer says how long the job ran (header {@link #DURATION_HEADER}, seconds), as
         * SateAIs' {@code completed_at}, SpiderIQ's {@code updated_at} and Pixxel's {@code time_taken} do; read it with
         * {@link #REPORTED}.
         */
        Snapshots REPORTING = (job, age, done) -> JobSnapshot
                .builder(job.ref().jobId(), job.statusAt(age, done), STATUSES)
                .header(DURATION_HEADER, done ? job.duration() : null)
                .build();

        /**
         * {@link #REPORTING} snapshots whose "running" answers also say when the job started (header
         * {@link #START_HEADER}, seconds after its submit), as SpiderIQ's {@code updated_at} does while the job is
         * processing; {@link #REPORTED} reads it.
         */
        Snapshots REPORTING_START = (job, age, done) -> JobSnapshot
                .builder(job.ref().jobId(), job.statusAt(age, done), STATUSES)
                .header(DURATION_HEADER, done ? job.duration() : null)
                .header(START_HEADER, "running".equals(job.statusAt(age, done)) ? job.queued() : null)
                .build();
    }

    /** The header of {@link Snapshots#REPORTING} snapshots with the job's duration in seconds. */
    public static final String DURATION_HEADER = "SimulatedDuration";
    /** The header of {@link Snapshots#REPORTING_START} snapshots with the job's start, seconds after its submit. */
    public static final String START_HEADER = "SimulatedStart";

    /**
     * Reads the duration {@link Snapshots#REPORTING} snapshots report, and the start {@link Snapshots#REPORTING_START}
     * ones do; no size classes nor estimates.
     */
    public static final DurationFeatures REPORTED = new DurationFeatures() {
        @Override
        public JobFeatures of(JobRef job, JobSnapshot snapshot) {
            return JobFeatures.NONE;
        }

        @Override
        public Duration reportedDuration(JobRef job, JobSnapshot terminal) {
            return seconds(terminal, DURATION_HEADER);
        }

        @Override
        public Duration reportedStart(JobRef job, JobSnapshot snapshot) {
            return seconds(snapshot, START_HEADER);
        }
    };

    /** A header of seconds as a duration, or null when the snapshot does not carry it. */
    public static Duration seconds(JobSnapshot snapshot, String header) {
        Object s = snapshot == null ? null : snapshot.vendorHeaders().get(header);
        return s instanceof Double d ? Duration.ofNanos(Math.round(d * 1e9)) : null;
    }

    /**
     * Requests and detection delays of the jobs after the warm-up.
     *
     * @param jobs        jobs counted (after the warm-up)
     * @param requests    status requests per counted job, in submit order
     * @param delays      detection delay per counted job, seconds, in submit order
     * @param sawRunning  per counted job, in submit order, whether a status request answered it running
     */
    public record Result(int jobs, int[] requests, double[] delays, boolean[] sawRunning) {

        /** Without the running statuses seen (none counted). */
        public Result(int jobs, int[] requests, double[] delays) {
            this(jobs, requests, delays, new boolean[requests.length]);
        }

        /** The first {@code n} counted jobs' figures alone. */
        public Result first(int n) {
            int k = Math.min(n, jobs);
            return new Result(k, Arrays.copyOf(requests, k), Arrays.copyOf(delays, k), Arrays.copyOf(sawRunning, k));
        }

        /** How many counted jobs a status request saw running. */
        public int seenRunning() {
            int n = 0;
            for (boolean seen : sawRunning) {
                n += seen ? 1 : 0;
            }
            return n;
        }

        public double requestsPerJob() {
            return Arrays.stream(requests).average().orElse(0);
        }

        /** The detection delay's percentile {@code p} (0-100), nearest rank. */
        public double delayPercentile(double p) {
            double[] sorted = delays.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
        }

        @Override
        public String toString() {
            return String.format("%d jobs: %.2f requests/job, detection p50 %.1f s, p95 %.1f s, max %.1f s", jobs,
                    requestsPerJob(), delayPercentile(50), delayPercentile(95), delayPercentile(100));
        }
    }

    /** Polls of one job in a row with no time between them after which the policy is taken to spin. */
    static final int MAX_AT_ONCE = 1000;

    /**
     * The policy asked for a job's status again at once, over and over: in simulated time no time passes, so the run
     * cannot end (an engine following that policy sends the requests back to back until time moves the answer).
     */
    public static final class Spinning extends IllegalStateException {
        Spinning(String message) {
            super(message);
        }
    }

    private PollSimulation() {
    }

    /**
     * Runs the jobs through the policy. A {@link LearnedPollPolicy} is told each job's end when polling sees it.
     *
     * @param  warmup   the first jobs (by submit order) left out of the result, while the policy learns
     * @throws Spinning when the policy asks for a job again with no delay more than {@value #MAX_AT_ONCE} times in a
     *                  row
     */
    public static Result run(PollPolicy policy, List<SimJob> jobs, Snapshots snapshots, int warmup) {
        Objects.requireNonNull(policy, "policy");
        LearnedPollPolicy learned = policy instanceof LearnedPollPolicy l ? l : null;
        int n = jobs.size();
        int[] requests = new int[n];
        double[] delays = new double[n];
        boolean[] sawRunning = new boolean[n];
        int[] atOnce = new int[n];
        double[] lastRunning = new double[n];
        // events: {time, job index, 0 for its submit or 1 for a poll}; at equal times submits go first
        PriorityQueue<double[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0])
                : Double.compare(a[2], b[2]));
        List<SimJob> order = new ArrayList<>(jobs);
        for (int i = 0; i < n; i++) {
            queue.add(new double[] { order.get(i).submitAt(), i, 0 });
        }
        while (!queue.isEmpty()) {
            double[] event = queue.poll();
            int i = (int) event[1];
            SimJob job = order.get(i);
            if (event[2] == 0) {
                // the first poll is decided at submit, with what was learned by then
                JobSnapshot known = snapshots.at(job, 0, job.duration() <= 0);
                queue.add(new double[] { job.submitAt() + secs(policy.firstPollDelay(job.ref(), known)), i, 1 });
                continue;
            }
            double age = event[0] - job.submitAt();
            boolean done = age >= job.duration();
            requests[i]++;
            JobSnapshot snapshot = snapshots.at(job, age, done);
            sawRunning[i] |= snapshot.phase() == JobPhase.RUNNING;
            if (done) {
                delays[i] = age - job.duration();
                if (learned != null) {
                    learned.observe(job.ref(), snapshot, dur(lastRunning[i]), dur(age));
                }
            } else {
                lastRunning[i] = age;
                double delay = secs(policy.nextPollDelay(job.ref(), snapshot, dur(age)));
                atOnce[i] = delay > 0 ? 0 : atOnce[i] + 1;
                if (atOnce[i] > MAX_AT_ONCE) {
                    // time would never pass for this job: the simulation (and an engine polling by the policy) spins
                    throw new Spinning(policy + " asks for job " + job.ref().jobId() + " (" + job
                            + ") again at once, " + atOnce[i] + " times in a row at age " + age + " s (status "
                            + snapshot.status() + ", progress " + snapshot.progress() + ")");
                }
                queue.add(new double[] { event[0] + delay, i, 1 });
            }
        }
        int skip = Math.min(warmup, n);
        return new Result(n - skip, Arrays.copyOfRange(requests, skip, n), Arrays.copyOfRange(delays, skip, n),
                Arrays.copyOfRange(sawRunning, skip, n));
    }

    private static double secs(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static Duration dur(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
