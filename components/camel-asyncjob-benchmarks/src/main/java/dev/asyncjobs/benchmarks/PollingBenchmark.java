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
import dev.asyncjobs.pixxel.api.PixxelPollPolicy;
import dev.asyncjobs.sateais.api.SateaisApi;
import dev.asyncjobs.spideriq.api.SpiderIqApi;

/**
 * P1: status requests per job and p95 detection delay of learned polling against the vendor's fixed polling, for the
 * same seeded job durations, in simulated time ({@link PollSimulation}: a discrete-event simulation of the policies'
 * decisions; no HTTP, no rate limits, no clock). The first {@link #WARMUP} jobs, while the policy learns, are left out
 * of both figures.
 */
public final class PollingBenchmark {

    /** Jobs of the type left out while the learned policy learns (the issue allows at most 50). */
    public static final int WARMUP = 50;

    /** One vendor's case: its policy as the baseline, the jobs, and what its status answers carry. */
    record Case(String name, String durations, PollPolicy fixed, PollPolicy vendorPrior, List<SimJob> jobs,
            Snapshots snapshots, DurationFeatures features) {
    }

    /** One row: the case and its figures. */
    record Row(Case c, Result fixed, Result learned, Result vendor) {

        double requestRatio() {
            return learned.requestsPerJob() / fixed.requestsPerJob();
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
        // Pixxel: estimates of 5-20 min, jobs take 0.8-1.3 times theirs; fixed polling every 10 s (the policy's
        // minimum interval); the component's own estimate-based policy is the prior and a third column
        PixxelPollPolicy pixxel = new PixxelPollPolicy(PixxelPollPolicy.DEFAULT_MIN, PixxelPollPolicy.DEFAULT_MAX);
        PollPolicy every10s = PollPolicy.fixed(Map.of(), PixxelPollPolicy.DEFAULT_MIN, PixxelPollPolicy.DEFAULT_MIN,
                Duration.ZERO);
        cases.add(new Case("Pixxel", "0.8-1.3 x estimate (5-20 min)", every10s, pixxel, pixxelJobs(seed + 2, jobs),
                PIXXEL_SNAPSHOTS, PIXXEL_FEATURES));
        return cases;
    }

    static Row run(Case c) {
        Result fixed = PollSimulation.run(c.fixed(), c.jobs(), c.snapshots(), WARMUP);
        Result vendor = c.vendorPrior() == c.fixed() ? null
                : PollSimulation.run(c.vendorPrior(), c.jobs(), c.snapshots(), WARMUP);
        LearnedPollPolicy learned = new LearnedPollPolicy(c.vendorPrior(),
                new DurationLearner(c.name(), c.features()));
        return new Row(c, fixed, PollSimulation.run(learned, c.jobs(), c.snapshots(), WARMUP), vendor);
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
