package dev.asyncjobs.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.asyncjobs.engine.JobRef;
import dev.asyncjobs.engine.JobSnapshot;
import dev.asyncjobs.engine.PollPolicy;
import dev.asyncjobs.engine.learn.DurationFeatures;
import dev.asyncjobs.engine.learn.DurationLearner;
import dev.asyncjobs.engine.learn.JobFeatures;
import dev.asyncjobs.engine.learn.LearnedPollPolicy;
import dev.asyncjobs.engine.learn.PollSimulation;
import dev.asyncjobs.engine.learn.PollSimulation.Result;
import dev.asyncjobs.engine.learn.PollSimulation.SimJob;
import dev.asyncjobs.engine.learn.PollSimulation.Snapshots;
import dev.asyncjobs.pixxel.api.PixxelApi;
import dev.asyncjobs.sateais.api.SateaisApi;
import dev.asyncjobs.spideriq.api.SpiderIqApi;

/**
 * P1: status requests per job and p95 detection delay of learned polling against the vendor's fixed polling, for the
 * same seeded job durations, in simulated time ({@link PollSimulation}: a discrete-event simulation of the policies'
 * decisions; no HTTP, no rate limits, no clock). The first {@link #WARMUP} jobs, while the policy learns, are left out
 * of both figures, and the measured jobs are submitted once those have ended ({@link #afterWarmup}): the policy has
 * learned from at most {@value #WARMUP} jobs when the first measured job is submitted, as the "after a warm-up
 * of at most 50 jobs of the type" reads. {@link Row#coldStart()} is the same jobs submitted without that pause, so
 * the jobs submitted before any job ended, polled at the vendor's guidance, count too.
 * <p>
 * The learned policy runs twice: with the default {@code detectionDelayPercentile} (99.5: all but the fastest 0.5% of
 * ends within the interval) and at {@value #P95} (a p95 target, the criterion). {@link #sweep} repeats the
 * runs over other seeds, since one seed's durations are one sample.
 */
public final class PollingBenchmark {

    /** Jobs of the type left out while the learned policy learns (the issue allows at most 50). */
    public static final int WARMUP = 50;
    /** The percentile of the p95-target runs. */
    static final double P95 = 95;

    /** One vendor's case: its policy as the baseline, the jobs, and what its status answers carry. */
    record Case(String name, String durations, PollPolicy fixed, PollPolicy vendorPrior, List<SimJob> jobs,
            Snapshots snapshots, DurationFeatures features) {
    }

    /**
     * One row: the case and its figures.
     *
     * @param learned   the learned policy with the default percentile
     * @param p95Target the learned policy with {@code detectionDelayPercentile} {@value #P95}
     * @param coldStart the learned policy on the same jobs submitted one after another without waiting for the
     *                  warm-up's jobs to end
     * @param bestShape the fewest requests per job of {@link #bestOfShape}, knowing the measured durations in
     *                  advance, at a p95 no worse than fixed polling's; null where the case's durations scale with an
     *                  estimate (Pixxel)
     */
    record Row(Case c, Result fixed, Result learned, Result p95Target, Result vendor, Result coldStart,
            Double bestShape) {

        double requestRatio() {
            return learned.requestsPerJob() / fixed.requestsPerJob();
        }

        double p95TargetRequestRatio() {
            return p95Target.requestsPerJob() / fixed.requestsPerJob();
        }

        double p95TargetP95Ratio() {
            return p95Target.delayPercentile(95) / fixed.delayPercentile(95);
        }

        double coldStartRatio() {
            return coldStart.requestsPerJob() / fixed.requestsPerJob();
        }

        /** The best the shape can do, as a ratio of fixed polling's requests; NaN when not computed. */
        double bestShapeRatio() {
            return bestShape == null ? Double.NaN : bestShape / fixed.requestsPerJob();
        }

        double p95Ratio() {
            return learned.delayPercentile(95) / fixed.delayPercentile(95);
        }
    }

    private PollingBenchmark() {
    }

    static List<Case> cases(int jobs, long seed) {
        List<Case> cases = new ArrayList<>();
        // SateAIs ship detection: the docs' "poll about once per minute" after the suggested 5 min
        cases.add(new Case("SateAIs ship", "uniform 12-18 min", SateaisApi.POLICY, SateaisApi.POLICY,
                uniform(seed, jobs, "ship", 20, 12 * 60, 18 * 60), Snapshots.REPORTING, PollSimulation.REPORTED));
        // SpiderIQ crawls: "poll every 2-5 seconds" (3 s, floor 2 s)
        cases.add(new Case("SpiderIQ spiderSite", "uniform 2-4 min", SpiderIqApi.POLICY, SpiderIqApi.POLICY,
                uniform(seed + 1, jobs, "spiderSite", 1, 120, 240), Snapshots.REPORTING, PollSimulation.REPORTED));
        // Pixxel: estimates of 5-20 min, jobs take 0.8-1.3 times theirs; fixed polling every 10 s, which is also the
        // component's own policy (the prior)
        PollPolicy every10s = PixxelApi.POLICY;
        PollPolicy pixxel = PixxelApi.POLICY;
        cases.add(new Case("Pixxel", "0.8-1.3 x estimate (5-20 min)", every10s, pixxel, pixxelJobs(seed + 2, jobs),
                PIXXEL_SNAPSHOTS, PIXXEL_FEATURES));
        // the same jobs if their progress could not be trusted (or were not reported): the distribution alone
        cases.add(new Case("Pixxel, progress not used", "0.8-1.3 x estimate (5-20 min)", every10s, pixxel,
                pixxelJobs(seed + 2, jobs), WITHOUT_PROGRESS, PIXXEL_FEATURES));
        return cases;
    }

    static Row run(Case c) {
        List<SimJob> jobs = afterWarmup(c.jobs());
        Result fixed = PollSimulation.run(c.fixed(), jobs, c.snapshots(), WARMUP);
        Result vendor = c.vendorPrior() == c.fixed() ? null
                : PollSimulation.run(c.vendorPrior(), jobs, c.snapshots(), WARMUP);
        Result learned = PollSimulation.run(newLearned(c, LearnedPollPolicy.DEFAULT_PERCENTILE), jobs, c.snapshots(),
                WARMUP);
        Result p95Target = PollSimulation.run(newLearned(c, P95), jobs, c.snapshots(), WARMUP);
        Result coldStart = PollSimulation.run(newLearned(c, LearnedPollPolicy.DEFAULT_PERCENTILE), c.jobs(),
                c.snapshots(), WARMUP);
        Double best = c.features() == PollSimulation.REPORTED
                ? bestOfShape(jobs.subList(WARMUP, jobs.size()), fixed.delayPercentile(95))
                : null;
        return new Row(c, fixed, learned, p95Target, vendor, coldStart, best);
    }

    /** The learned policy as a consumer with its defaults and this percentile would build it. */
    private static LearnedPollPolicy newLearned(Case c, double percentile) {
        return new LearnedPollPolicy(c.vendorPrior(), new DurationLearner(c.name(), c.features()), null, percentile,
                null, LearnedPollPolicy.DEFAULT_MIN_SAMPLES);
    }

    /**
     * One case's figures over several seeds (its durations drawn anew each time): the spread of one run's figures
     * that comes from the sample alone.
     *
     * @param requestRatios per seed, the default's and the p95 target's requests ratio
     * @param p95Ratios     per seed, the default's and the p95 target's p95 ratio
     */
    record Sweep(String name, double[][] requestRatios, double[][] p95Ratios) {

        /** How many seeds kept the p95 no worse than fixed polling's with at most {@code maxRatio} of its requests. */
        int met(int mode, double maxRatio) {
            int n = 0;
            for (int i = 0; i < requestRatios[mode].length; i++) {
                n += requestRatios[mode][i] <= maxRatio && p95Ratios[mode][i] <= 1 ? 1 : 0;
            }
            return n;
        }
    }

    /**
     * The P1 runs over {@code seeds} seeds (the first is {@code firstSeed}, the others follow from it), per case:
     * index 0 of each figure is the default percentile, 1 the p95 target.
     */
    static List<Sweep> sweep(int jobs, long firstSeed, int seeds) {
        List<Sweep> out = new ArrayList<>();
        for (int k = 0; k < seeds; k++) {
            List<Case> cases = cases(jobs, firstSeed + 7919L * k);
            for (int i = 0; i < cases.size(); i++) {
                Row row = run(cases.get(i));
                if (k == 0) {
                    out.add(new Sweep(cases.get(i).name(), new double[2][seeds], new double[2][seeds]));
                }
                Sweep s = out.get(i);
                s.requestRatios()[0][k] = row.requestRatio();
                s.requestRatios()[1][k] = row.p95TargetRequestRatio();
                s.p95Ratios()[0][k] = row.p95Ratio();
                s.p95Ratios()[1][k] = row.p95TargetP95Ratio();
            }
        }
        return out;
    }

    /**
     * The jobs with those after the first {@value #WARMUP} submitted once the warm-up's jobs have all ended, keeping
     * their spacing: the policy has learned from the whole warm-up, and from nothing more, when the first measured
     * job is submitted.
     */
    static List<SimJob> afterWarmup(List<SimJob> jobs) {
        if (jobs.size() <= WARMUP) {
            return jobs;
        }
        double warmupEnds = 0;
        for (SimJob j : jobs.subList(0, WARMUP)) {
            warmupEnds = Math.max(warmupEnds, j.submitAt() + j.duration());
        }
        double shift = Math.max(0, warmupEnds - jobs.get(WARMUP).submitAt());
        List<SimJob> out = new ArrayList<>(jobs.subList(0, WARMUP));
        for (SimJob j : jobs.subList(WARMUP, jobs.size())) {
            out.add(new SimJob(j.ref(), j.submitAt() + shift, j.duration()));
        }
        return out;
    }

    /**
     * What the learned policy's shape could do at best for these durations, known in advance (an oracle, not a
     * policy): the fewest requests per job of a schedule "first request once a share {@code a} of the jobs could have
     * ended plus one interval {@code g}, then every {@code g}", with its p95 detection delay no worse than
     * {@code p95Limit}, searched over {@code a} in steps of 0.25% up to 5% and the widest {@code g} that keeps the
     * p95. With nothing but durations to go by (no progress, no size feature), no schedule can do much better for
     * evenly spread durations: it is cheapest to see late the jobs that end first, while most jobs are still running,
     * and to poll just often enough elsewhere.
     */
    static double bestOfShape(List<SimJob> jobs, double p95Limit) {
        double[] durations = jobs.stream().mapToDouble(SimJob::duration).sorted().toArray();
        double best = Double.POSITIVE_INFINITY;
        for (int step = 0; step <= 20; step++) {
            double skipped = step * 0.0025;
            double from = durations[(int) Math.floor(skipped * (durations.length - 1))];
            double lo = p95Limit / 10;
            double hi = p95Limit * 2;
            for (int i = 0; i < 60; i++) { // the widest interval whose p95 is within the limit
                double g = (lo + hi) / 2;
                if (shape(durations, from, g)[1] <= p95Limit) {
                    lo = g;
                } else {
                    hi = g;
                }
            }
            best = Math.min(best, shape(durations, from, lo)[0]);
        }
        return best;
    }

    /** Requests per job and p95 detection delay of the schedule "first at {@code from + g}, then every g". */
    private static double[] shape(double[] durations, double from, double g) {
        double requests = 0;
        double[] delays = new double[durations.length];
        for (int i = 0; i < durations.length; i++) {
            double polls = 1 + Math.max(0, Math.ceil((durations[i] - from - g) / g));
            requests += polls;
            delays[i] = from + polls * g - durations[i];
        }
        return new double[] { requests / durations.length, new Result(durations.length, new int[0], delays)
                .delayPercentile(95) };
    }

    /**
     * A plot of one job's status requests under fixed and learned polling, after the case's jobs taught the learned
     * policy: one character per {@code step} seconds, {@code |} a request, {@code E} the request that saw the end
     * ({@code =} the job running, {@code *} its end).
     */
    static String plot(Case c, SimJob job, double step) {
        LearnedPollPolicy learned = newLearned(c, LearnedPollPolicy.DEFAULT_PERCENTILE);
        PollSimulation.run(learned, afterWarmup(c.jobs()), c.snapshots(), WARMUP);
        List<Double> fixedTimes = requestTimes(c.fixed(), job, c.snapshots());
        List<Double> learnedTimes = requestTimes(learned, job, c.snapshots());
        double last = Math.max(fixedTimes.get(fixedTimes.size() - 1), learnedTimes.get(learnedTimes.size() - 1));
        int width = (int) Math.ceil(last / step) + 1;
        StringBuilder out = new StringBuilder();
        out.append(String.format(java.util.Locale.ROOT, "one %s job of %.0f s, one character = %.0f s%n", c.name(),
                job.duration(), step));
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < width; i++) {
            run.append(i * step < job.duration() ? (((i + 1) * step > job.duration()) ? '*' : '=') : ' ');
        }
        out.append(String.format("%-9s%s%n", "job", run.toString().stripTrailing()));
        out.append(line("fixed", fixedTimes, step, width));
        out.append(line("learned", learnedTimes, step, width));
        return out.toString();
    }

    private static String line(String name, List<Double> times, double step, int width) {
        char[] row = new char[width];
        java.util.Arrays.fill(row, '.');
        for (int i = 0; i < times.size(); i++) {
            row[(int) Math.floor(times.get(i) / step)] = i == times.size() - 1 ? 'E' : '|';
        }
        return String.format(java.util.Locale.ROOT, "%-9s%s  %d requests%n", name, new String(row), times.size());
    }

    /** The ages (seconds after submit) at which the policy asks for the job's status, up to the answer that it ended. */
    static List<Double> requestTimes(PollPolicy policy, SimJob job, Snapshots snapshots) {
        List<Double> times = new ArrayList<>();
        double age = policy.firstPollDelay(job.ref(), snapshots.at(job, 0, false)).toNanos() / 1e9;
        while (true) {
            times.add(age);
            boolean done = age >= job.duration();
            if (done || times.size() > 10_000) {
                return times;
            }
            JobSnapshot s = snapshots.at(job, age, false);
            age += policy.nextPollDelay(job.ref(), s, Duration.ofNanos(Math.round(age * 1e9))).toNanos() / 1e9;
        }
    }

    static List<SimJob> uniform(long seed, int count, String type, double every, double min, double max) {
        Random random = new Random(seed);
        List<SimJob> jobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            jobs.add(new SimJob(JobRef.of("job-" + i, type), i * every, min + random.nextDouble() * (max - min)));
        }
        return jobs;
    }

    private static List<SimJob> pixxelJobs(long seed, int count) {
        Random random = new Random(seed);
        List<SimJob> jobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long estimate = 300 + random.nextInt(900);
            double duration = estimate * (0.8 + 0.5 * random.nextDouble());
            jobs.add(new SimJob(new JobRef("job-" + i, null, Map.of("workflowId", "wf", "estimate",
                    Long.toString(estimate))), i * 10.0, duration));
        }
        return jobs;
    }

    /**
     * What Pixxel's status answers carry, as PixxelApi reads them: {@code estimated_duration} on every answer, a
     * {@code progress} in whole percent of the job's real run, the expected remaining time derived from both (as
     * {@link PixxelApi#expectedRemaining} does), and once ended how long it took ({@code time_taken}).
     */
    static final Snapshots PIXXEL_SNAPSHOTS = (job, age, done) -> {
        long estimate = Long.parseLong(job.ref().attributes().get("estimate"));
        JobSnapshot.Builder b = JobSnapshot.builder(job.ref().jobId(), done ? "completed" : "running",
                PixxelApi.STATUSES).header(PixxelApi.HEADER_ESTIMATED_DURATION, estimate);
        if (done) {
            b.header(PollSimulation.DURATION_HEADER, job.duration());
        } else {
            double percent = Math.floor(100 * age / job.duration());
            b.progress(percent).expectedRemaining(Duration.ofMillis(Math.round(estimate * 1000 * (100 - percent) / 100)));
        }
        return b.build();
    };

    /** {@link #PIXXEL_SNAPSHOTS} without their progress (and the expected remaining time derived from it). */
    static final Snapshots WITHOUT_PROGRESS = (job, age, done) -> {
        long estimate = Long.parseLong(job.ref().attributes().get("estimate"));
        JobSnapshot.Builder b = JobSnapshot.builder(job.ref().jobId(), done ? "completed" : "running",
                PixxelApi.STATUSES).header(PixxelApi.HEADER_ESTIMATED_DURATION, estimate);
        if (done) {
            b.header(PollSimulation.DURATION_HEADER, job.duration());
        }
        return b.build();
    };

    /** Pixxel's features: durations as multiples of {@code estimated_duration}; {@code time_taken} when ended. */
    static final DurationFeatures PIXXEL_FEATURES = new DurationFeatures() {
        @Override
        public JobFeatures of(JobRef job, JobSnapshot snapshot) {
            Object estimate = snapshot == null ? null : snapshot.vendorHeaders().get(PixxelApi.HEADER_ESTIMATED_DURATION);
            return estimate instanceof Number n ? JobFeatures.ofEstimate(n.doubleValue()) : JobFeatures.NONE;
        }

        @Override
        public Duration reportedDuration(JobRef job, JobSnapshot terminal) {
            return PollSimulation.REPORTED.reportedDuration(job, terminal);
        }
    };
}
