package dev.asyncjobs.engine.learn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.spi.StatusMapping;
import dev.asyncjobs.engine.learn.PollSimulation.Result;
import dev.asyncjobs.engine.learn.PollSimulation.SimJob;
import dev.asyncjobs.engine.learn.PollSimulation.Snapshots;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The learned policy against the vendors' fixed polling, in simulated time (a discrete-event simulation over seeded
 * random durations: {@link PollSimulation}), counting status requests and detection delays after a warm-up of 50 jobs.
 */
class LearnedPollPolicyTest {

    /** SateAIs' guidance for ship detection: first poll after 5 min, then every minute. */
    static final PollPolicy SHIP = PollPolicy.fixed(Map.of("ship", Duration.ofMinutes(5)),
            Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO);
    /** SpiderIQ's: every 3 s, never faster than every 2 s. */
    static final PollPolicy CRAWL = PollPolicy.fixed(Map.of(), Duration.ofSeconds(3), Duration.ofSeconds(3),
            Duration.ofSeconds(2));

    /** Jobs of one type, one submitted every {@code every} seconds, durations uniform in [min, max] seconds. */
    static List<SimJob> jobs(long seed, int count, String type, double every, double min, double max) {
        Random random = new Random(seed);
        List<SimJob> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(new SimJob(JobRef.of("job-" + i, type), i * every, min + random.nextDouble() * (max - min)));
        }
        return jobs;
    }

    private static LearnedPollPolicy learned(PollPolicy vendor, DurationFeatures features) {
        return new LearnedPollPolicy(vendor, new DurationLearner("test", features));
    }

    private static void assertFewerAtNoWorseLatency(Result fixed, Result learned, double maxRatio) {
        double ratio = learned.requestsPerJob() / fixed.requestsPerJob();
        String figures = "fixed: " + fixed + "; learned: " + learned;
        assertTrue(ratio <= maxRatio, "learned/fixed requests per job " + ratio + "; " + figures);
        assertTrue(learned.delayPercentile(95) <= fixed.delayPercentile(95), "p95 detection delay; " + figures);
    }

    @Test
    void shipDetectionsTakeAThirdOfTheRequestsWhenTheVendorReportsDurations() {
        List<SimJob> jobs = jobs(42, 2000, "ship", 20, 12 * 60, 18 * 60);
        Result fixed = PollSimulation.run(SHIP, jobs, Snapshots.REPORTING, 50);
        Result learned = PollSimulation.run(learned(SHIP, PollSimulation.REPORTED), jobs, Snapshots.REPORTING, 50);
        assertFewerAtNoWorseLatency(fixed, learned, 0.34);
    }

    @Test
    void shipDetectionsSaveRequestsFromPollsAlone() {
        // no reported duration: the learner only knows that a job ended between two polls
        List<SimJob> jobs = jobs(42, 2000, "ship", 20, 12 * 60, 18 * 60);
        Result fixed = PollSimulation.run(SHIP, jobs, Snapshots.PLAIN, 50);
        Result learned = PollSimulation.run(learned(SHIP, DurationFeatures.NONE), jobs, Snapshots.PLAIN, 50);
        assertFewerAtNoWorseLatency(fixed, learned, 0.42);
    }

    @Test
    void skipsTheGapBetweenJobsThatFailAtOnceAndJobsThatRun() {
        // one ship detection in ten fails within seconds (its area is over the cap), the others run 12-18 minutes
        Random random = new Random(5);
        List<SimJob> jobs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            double duration = random.nextInt(10) == 0 ? 5 + 10 * random.nextDouble() : 720 + 360 * random.nextDouble();
            jobs.add(new SimJob(JobRef.of("job-" + i, "ship"), i * 20.0, duration));
        }
        Result fixed = PollSimulation.run(SHIP, jobs, Snapshots.REPORTING, 50);
        LearnedPollPolicy policy = learned(SHIP, PollSimulation.REPORTED);
        Result learned = PollSimulation.run(policy, jobs, Snapshots.REPORTING, 50);
        // fixed polling sees the failures only at its first poll, after 5 minutes: far fewer requests and a far
        // better p95 (under a minute) at once
        assertFewerAtNoWorseLatency(fixed, learned, 0.5);
        Duration afterFastEnds = policy.nextPollDelay(JobRef.of("j", "ship"), null, Duration.ofSeconds(70));
        assertTrue(afterFastEnds.compareTo(Duration.ofMinutes(10)) > 0, "the quiet stretch is skipped: " + afterFastEnds);
    }

    @Test
    void crawlsOfTwoToFourMinutes() {
        List<SimJob> jobs = jobs(7, 3000, "spiderSite", 1, 120, 240);
        Result fixed = PollSimulation.run(CRAWL, jobs, Snapshots.REPORTING, 50);
        LearnedPollPolicy policy = learned(CRAWL, PollSimulation.REPORTED);
        Result learned = PollSimulation.run(policy, jobs, Snapshots.REPORTING, 50);
        assertFewerAtNoWorseLatency(fixed, learned, 0.40);
        // what remains is about the minimum for durations spread evenly over two minutes polled every 2.94 s
        assertTrue(learned.requestsPerJob() >= 19, learned.toString());
    }

    @Test
    void aP95TargetLetsTheFastestCrawlsGoForFewerRequests() {
        List<SimJob> jobs = jobs(7, 3000, "spiderSite", 1, 120, 240);
        Result fixed = PollSimulation.run(CRAWL, jobs, Snapshots.REPORTING, 50);
        LearnedPollPolicy strict = learned(CRAWL, PollSimulation.REPORTED);
        LearnedPollPolicy p95 = new LearnedPollPolicy(CRAWL, new DurationLearner("test", PollSimulation.REPORTED),
                null, 95, null, LearnedPollPolicy.DEFAULT_MIN_SAMPLES);
        Result byDefault = PollSimulation.run(strict, jobs, Snapshots.REPORTING, 50);
        Result learned = PollSimulation.run(p95, jobs, Snapshots.REPORTING, 50);
        // the p95 is what is kept: no worse than polling every 3 s
        assertTrue(learned.delayPercentile(95) <= fixed.delayPercentile(95), "fixed: " + fixed + "; p95: " + learned);
        // for fewer requests than the default's, which sees all but the fastest 0.5% within the interval
        assertTrue(learned.requestsPerJob() < byDefault.requestsPerJob() - 0.5,
                "default: " + byDefault + "; p95: " + learned);
        // what it lets go: the ends seen later than the interval are the fastest few percent, and only those
        assertTrue(learned.delayPercentile(97) > 3, "the fastest few percent are seen late: " + learned);
        assertTrue(byDefault.delayPercentile(99) <= 3, "by default all but 0.5% are in time: " + byDefault);
        JobRef crawl = JobRef.of("next", "spiderSite");
        JobSnapshot submitted = Snapshots.REPORTING.at(new SimJob(crawl, 0, 200), 0, false);
        double first = p95.firstPollDelay(crawl, submitted).toNanos() / 1e9;
        double strictFirst = strict.firstPollDelay(crawl, submitted).toNanos() / 1e9;
        assertTrue(first > strictFirst + 2.85 && first < 120 + 0.08 * 120 + 2.85, "first request " + first
                + " s (default: " + strictFirst + " s): once all but the fastest few percent (4% by the learned"
                + " distribution: 0.8 of the 5% let go) could have ended, plus one interval");
        assertEquals(2.85, p95.nextPollDelay(crawl, submitted, Duration.ofSeconds(180)).toNanos() / 1e9, 1e-6,
                "then every 95% of the interval: the delay that fixed polling keeps for 95% of the ends");
    }

    @Test
    void aJobThatCanWaitForTheUserIsPlannedOnlyWhileItRuns() {
        // Plangrep's kind of lifecycle: created (queued), then it asks for its files; the user's part is not planned
        PollPolicy every15s = PollPolicy.fixed(Map.of(), Duration.ofSeconds(15), Duration.ofSeconds(15),
                Duration.ofSeconds(5));
        StatusMapping mapping = StatusMapping.of("test")
                .map("provisioning", JobPhase.QUEUED)
                .map("awaiting_uploads", JobPhase.WAITING_FOR_USER)
                .map("processing", JobPhase.RUNNING)
                .map("completed", JobPhase.SUCCEEDED).build();
        LearnedPollPolicy policy = new LearnedPollPolicy(every15s, new DurationLearner("test", DurationFeatures.NONE),
                null, LearnedPollPolicy.DEFAULT_PERCENTILE, null, LearnedPollPolicy.DEFAULT_MIN_SAMPLES, true);
        for (int i = 0; i < 50; i++) {
            policy.observe(JobRef.of("done-" + i, "plans"), null, Duration.ofSeconds(600 + 4 * i));
        }
        JobRef job = JobRef.of("j", "plans");
        JobSnapshot created = JobSnapshot.builder("j", "provisioning", mapping).build();
        JobSnapshot asksForFiles = JobSnapshot.builder("j", "awaiting_uploads", mapping).build();
        JobSnapshot processing = JobSnapshot.builder("j", "processing", mapping).build();

        assertEquals(Duration.ofSeconds(15), policy.firstPollDelay(job, created), "created: the vendor's pace");
        assertEquals(Duration.ofSeconds(15), policy.nextPollDelay(job, asksForFiles, Duration.ofSeconds(15)),
                "waiting for its files: the vendor's pace");
        assertTrue(policy.nextPollDelay(job, processing, Duration.ofSeconds(60)).compareTo(Duration.ofMinutes(8)) > 0,
                "running: planned from the ~10 min the jobs took");
        // a vendor whose jobs never wait for the user plans from the submit on
        LearnedPollPolicy plain = new LearnedPollPolicy(every15s, new DurationLearner("test", DurationFeatures.NONE));
        for (int i = 0; i < 50; i++) {
            plain.observe(JobRef.of("done-" + i, "plans"), null, Duration.ofSeconds(600 + 4 * i));
        }
        assertTrue(plain.firstPollDelay(job, created).compareTo(Duration.ofMinutes(9)) > 0);
    }

    @Test
    void thePriorUntilEnoughJobsEnded() {
        LearnedPollPolicy policy = learned(SHIP, PollSimulation.REPORTED);
        JobRef job = JobRef.of("j", "ship");
        JobSnapshot running = Snapshots.PLAIN.at(new SimJob(job, 0, 1000), 0, false);
        for (int i = 0; i < LearnedPollPolicy.DEFAULT_MIN_SAMPLES - 1; i++) {
            policy.observe(JobRef.of("done-" + i, "ship"), null, Duration.ofMinutes(15));
        }
        assertEquals(Duration.ofMinutes(5), policy.firstPollDelay(job, running), "the vendor's first poll");
        assertEquals(Duration.ofMinutes(1), policy.nextPollDelay(job, running, Duration.ofMinutes(5)));
        policy.observe(JobRef.of("done-last", "ship"), null, Duration.ofMinutes(15));
        Duration first = policy.firstPollDelay(job, running);
        assertTrue(first.compareTo(Duration.ofMinutes(14)) > 0 && first.compareTo(Duration.ofMinutes(16)) < 0,
                "learned: about one interval after 15 min, got " + first);
        // a job tracked by id (its age unknown) is polled as the vendor says
        assertEquals(Duration.ofMinutes(5), policy.firstPollDelay(job));
        assertEquals(Duration.ofMinutes(1), policy.nextPollDelay(job, running));
        assertEquals(Duration.ofMinutes(1), policy.nextPollDelay(job, running, null));
    }

    @Test
    void placesPollsByTheJobsAge() {
        LearnedPollPolicy policy = learned(SHIP, DurationFeatures.NONE);
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            policy.observe(JobRef.of("d" + i, "ship"), null, Duration.ofSeconds(600 + random.nextInt(300)));
        }
        JobRef job = JobRef.of("j", "ship");
        // polled early (a restart): next when completion becomes plausible
        Duration early = policy.nextPollDelay(job, null, Duration.ofMinutes(2));
        assertTrue(early.compareTo(Duration.ofMinutes(8)) > 0, "sparse while unlikely: " + early);
        // while completion is likely: every (a little less than) the target
        assertEquals(Duration.ofMillis(58_800), policy.nextPollDelay(job, null, Duration.ofMinutes(12)));
        // overrunning: the vendor's interval
        assertEquals(Duration.ofMinutes(1), policy.nextPollDelay(job, null, Duration.ofMinutes(40)));
    }

    @Test
    void anOverrunningJobNeverWaitsLongerThanTheVendorSays() {
        // the user accepts 5 minutes of delay to save requests, the vendor says every minute
        LearnedPollPolicy policy = new LearnedPollPolicy(SHIP, new DurationLearner("test", DurationFeatures.NONE),
                Duration.ofMinutes(5), null, 20);
        for (int i = 0; i < 100; i++) {
            policy.observe(JobRef.of("d" + i, "ship"), null, Duration.ofSeconds(600 + i * 3));
        }
        JobRef job = JobRef.of("j", "ship");
        assertEquals(Duration.ofSeconds(294), policy.nextPollDelay(job, null, Duration.ofMinutes(11)));
        assertEquals(Duration.ofMinutes(1), policy.nextPollDelay(job, null, Duration.ofMinutes(30)));
    }

    @Test
    void neverBelowTheFloor() {
        LearnedPollPolicy policy = new LearnedPollPolicy(CRAWL, new DurationLearner("test", DurationFeatures.NONE),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 20);
        assertEquals(Duration.ofSeconds(2), policy.floor(), "the vendor's floor wins over a lower minPollInterval");
        for (int i = 0; i < 50; i++) {
            policy.observe(JobRef.of("d" + i), null, Duration.ofSeconds(100 + i));
        }
        JobRef job = JobRef.of("j");
        for (int age = 0; age < 300; age += 7) {
            Duration d = policy.nextPollDelay(job, null, Duration.ofSeconds(age));
            assertTrue(d.compareTo(Duration.ofSeconds(2)) >= 0, "at " + age + " s: " + d);
        }
        LearnedPollPolicy slower = new LearnedPollPolicy(CRAWL, policy.learner(), null, Duration.ofSeconds(5), 20);
        assertEquals(Duration.ofSeconds(5), slower.nextPollDelay(job, null, Duration.ofSeconds(120)));
    }

    @Test
    void whatWasLearnedSurvivesARestart() {
        LearnedPollPolicy policy = learned(SHIP, DurationFeatures.NONE);
        for (int i = 0; i < 100; i++) {
            policy.observe(JobRef.of("d" + i, "ship"), null, Duration.ofSeconds(700 + i));
        }
        byte[] saved = policy.learner().toBytes();
        DurationLearner restarted = new DurationLearner("test", DurationFeatures.NONE);
        restarted.restore(saved);
        LearnedPollPolicy after = new LearnedPollPolicy(SHIP, restarted);
        JobRef job = JobRef.of("j", "ship");
        assertEquals(policy.firstPollDelay(job, null), after.firstPollDelay(job, null));
        assertEquals(100, restarted.samples(job, null));
        assertEquals("learned-poll-durations:test", restarted.valueName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> restarted.restore(new byte[] { 42 }));
        assertTrue(e.getMessage().contains("learned-poll-durations:test"), e.getMessage());
        assertEquals(100, restarted.samples(job, null), "a bad value changes nothing");
    }

    @Test
    void sizeClassesAreLearnedApart() {
        LearnedPollPolicy policy = learned(SHIP, DurationFeatures.sizeAttribute("areaKm2"));
        for (int i = 0; i < 50; i++) {
            policy.observe(new JobRef("s" + i, "ship", Map.of("areaKm2", "100")), null, Duration.ofMinutes(6));
            policy.observe(new JobRef("l" + i, "ship", Map.of("areaKm2", "5000")), null, Duration.ofMinutes(30));
        }
        Duration small = policy.firstPollDelay(new JobRef("s", "ship", Map.of("areaKm2", "120")), null);
        Duration large = policy.firstPollDelay(new JobRef("l", "ship", Map.of("areaKm2", "6000")), null);
        assertTrue(small.compareTo(Duration.ofMinutes(7)) < 0, "small area: " + small);
        assertTrue(large.compareTo(Duration.ofMinutes(29)) > 0, "large area: " + large);
        assertEquals(Duration.ofMinutes(5), policy.firstPollDelay(JobRef.of("x", "ship"), null),
                "a job without the feature: nothing learned for it yet");
    }

    @Test
    void durationsAsMultiplesOfTheVendorsEstimate() {
        // the vendor estimates each job; jobs take 0.9 to 1.1 times their estimate, estimates vary tenfold
        DurationFeatures byEstimate = (job, snapshot) -> JobFeatures
                .ofEstimate(Double.parseDouble(job.attributes().get("estimate")));
        LearnedPollPolicy policy = new LearnedPollPolicy(
                PollPolicy.fixed(Map.of(), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO),
                new DurationLearner("test", byEstimate));
        Random random = new Random(9);
        for (int i = 0; i < 300; i++) {
            double estimate = 100 + random.nextInt(900);
            policy.observe(new JobRef("d" + i, null, Map.of("estimate", String.valueOf(estimate))), null,
                    Duration.ofMillis(Math.round(estimate * (0.9 + 0.2 * random.nextDouble()) * 1000)));
        }
        Duration first = policy.firstPollDelay(new JobRef("j", null, Map.of("estimate", "2000")), null);
        assertTrue(first.compareTo(Duration.ofSeconds(1750)) > 0 && first.compareTo(Duration.ofSeconds(1830)) < 0,
                "about 0.9 x 2000 s + 10 s, got " + first);
    }

    /** Jobs with an estimate of 5-20 min that take 0.8-1.3 times it. */
    static List<SimJob> estimated(long seed, int count) {
        Random random = new Random(seed);
        List<SimJob> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long estimate = 300 + random.nextInt(900);
            jobs.add(new SimJob(new JobRef("job-" + i, null, Map.of("estimate", Long.toString(estimate))), i * 10.0,
                    estimate * (0.8 + 0.5 * random.nextDouble())));
        }
        return jobs;
    }

    /** Answers with the estimate, a progress in whole percent from {@code progress}, and the duration once done. */
    static Snapshots withProgress(java.util.function.DoubleUnaryOperator progress) {
        return (job, age, done) -> JobSnapshot.builder(job.ref().jobId(), done ? "done" : "running",
                        PollSimulation.STATUSES)
                .header(PollSimulation.DURATION_HEADER, done ? job.duration() : null)
                .progress(done ? null : Math.floor(100 * progress.applyAsDouble(age / job.duration())))
                .build();
    }

    static final DurationFeatures ESTIMATE_AND_REPORTED = new DurationFeatures() {
        @Override
        public JobFeatures of(JobRef job, JobSnapshot snapshot) {
            return JobFeatures.ofEstimate(Double.parseDouble(job.attributes().get("estimate")));
        }

        @Override
        public Duration reportedDuration(JobRef job, JobSnapshot terminal) {
            return PollSimulation.REPORTED.reportedDuration(job, terminal);
        }
    };

    @Test
    void progressThatGrowsWithTimeIsTrustedAndSavesMostRequests() {
        PollPolicy every10s = PollPolicy.fixed(Map.of(), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO);
        List<SimJob> jobs = estimated(5, 1500);
        Snapshots linear = withProgress(f -> f);
        LearnedPollPolicy policy = learned(every10s, ESTIMATE_AND_REPORTED);
        Result fixed = PollSimulation.run(every10s, jobs, linear, 50);
        Result learned = PollSimulation.run(policy, jobs, linear, 50);
        assertTrue(policy.progressTrusted(), "progress was checked against the jobs' reported durations");
        assertFewerAtNoWorseLatency(fixed, learned, 0.1);
    }

    @Test
    void aProgressReadingNearTheEndNeverAsksAgainAtOnce() {
        // 99% at 940.5 s: the end lies in [940.5, 950.0], one 9.5 s interval wide; the request just answered stands in
        // for the series' point at 940.5, so the next one is the latest end, not this instant again (a spin)
        assertEquals(950.0, LearnedPollPolicy.byProgress(new double[] { 940.5, 950.0, 940.5 }, 940.5, 9.5), 1e-9);
        for (double p = 90; p < 100; p += 0.25) {
            double age = 600;
            double[] window = LearnedPollPolicy.progressWindow(
                    JobSnapshot.builder("j", "running", StatusMapping.of("Fake").map("running", JobPhase.RUNNING).build())
                            .progress(Math.floor(p)).build(), age);
            double at = LearnedPollPolicy.byProgress(window, age, 9.5);
            assertTrue(at - age >= 0.95, "at " + Math.floor(p) + "%: the next poll " + (at - age) + " s on");
            assertTrue(at <= window[1] + 1e-9, "never after the latest end: " + at + " > " + window[1]);
        }
    }

    @Test
    void progressThatMisleadsIsNotTrustedAndEveryEndIsStillSeenInTime() {
        // progress lags (the square of the time run): read as growing with time, it promises the end too late
        PollPolicy every10s = PollPolicy.fixed(Map.of(), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO);
        List<SimJob> jobs = estimated(6, 800);
        Snapshots misleading = withProgress(f -> f * f);
        LearnedPollPolicy policy = learned(every10s, ESTIMATE_AND_REPORTED);
        Result fixed = PollSimulation.run(every10s, jobs, misleading, 50);
        Result learned = PollSimulation.run(policy, jobs, misleading, 50);
        assertTrue(!policy.progressTrusted(), "misleading progress is not used");
        assertTrue(learned.delayPercentile(95) <= fixed.delayPercentile(95), "fixed: " + fixed + "; learned: " + learned);
        assertTrue(learned.requestsPerJob() < fixed.requestsPerJob() / 2, "the learned range still saves; " + learned);
    }

    /**
     * Ship-like jobs that wait queued 0-10 min (uniform), then run 5 to 5.5 min: the time from the submit to the end
     * spreads over 10 min, the time from the start over 30 s.
     */
    static List<SimJob> queuedAnyTime(long seed, int count) {
        Random random = new Random(seed);
        List<SimJob> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double queued = 600 * random.nextDouble();
            jobs.add(new SimJob(JobRef.of("job-" + i, "ship"), i * 20.0, queued + 300 + 30 * random.nextDouble(),
                    queued));
        }
        return jobs;
    }

    @Test
    void aJobSeenRunningIsPlannedFromItsStartWhenTheVendorDatesIt() {
        List<SimJob> jobs = queuedAnyTime(11, 1000);
        Result fixed = PollSimulation.run(SHIP, jobs, Snapshots.REPORTING_START, 50);
        for (boolean everyStatus : new boolean[] { false, true }) {
            LearnedPollPolicy fromStart = learned(SHIP, PollSimulation.REPORTED);
            LearnedPollPolicy fromSubmit = learned(SHIP, PollSimulation.REPORTED);
            // the same jobs, answered with their start (as SpiderIQ's updated_at while processing) or without
            Result started = PollSimulation.run(everyStatus ? fromStart.seeingEveryStatus() : fromStart, jobs,
                    Snapshots.REPORTING_START, 50);
            Result submitted = PollSimulation.run(everyStatus ? fromSubmit.seeingEveryStatus() : fromSubmit, jobs,
                    Snapshots.REPORTING, 50);
            String figures = (everyStatus ? "every status" : "end only") + "; from start: " + started
                    + "; from submit: " + submitted;
            assertTrue(started.requestsPerJob() <= 0.6 * submitted.requestsPerJob(), figures);
            // the latency promise is fixed polling's (the plan from the submit, asking 2.5 times as often, sees
            // ends sooner than that)
            assertTrue(started.delayPercentile(95) <= fixed.delayPercentile(95), figures + "; fixed: " + fixed);
            assertTrue(started.delayPercentile(99) <= 60, "ends seen within the 1 min target; " + figures);
        }
    }

    @Test
    void aJobSeenStillQueuedIsNotAskedAgainBeforeItCouldHaveRun() {
        LearnedPollPolicy policy = learned(SHIP, PollSimulation.REPORTED);
        for (int i = 0; i < 50; i++) {
            policy.observe(JobRef.of("d" + i, "ship"), null, Duration.ofSeconds(600 + 6 * i));
        }
        for (int i = 0; i < LearnedPollPolicy.DEFAULT_MIN_SAMPLES; i++) {
            // jobs that ran 5 min after their start
            policy.learner().observe(JobRef.of("r" + i, "ship"), null, Duration.ofSeconds(400 + 2 * i),
                    Duration.ofSeconds(100 + 2 * i));
        }
        JobRef job = JobRef.of("j", "ship");
        JobSnapshot queued = Snapshots.REPORTING_START.at(new SimJob(job, 0, 1000, 600), 500, false);
        assertEquals(JobPhase.QUEUED, queued.phase());
        Duration next = policy.nextPollDelay(job, queued, Duration.ofSeconds(500));
        // from the submit alone the next request would come at 600 s + one interval (158.8 s from now); still queued
        // at 500 s, it cannot end before 500 s + the 300 s run
        assertTrue(next.compareTo(Duration.ofSeconds(350)) > 0 && next.compareTo(Duration.ofSeconds(365)) < 0,
                "one interval after 500 s + the shortest 300 s run: " + next);

        JobSnapshot running = Snapshots.REPORTING_START.at(new SimJob(job, 0, 1000, 600), 820, false);
        Duration fromStart = policy.nextPollDelay(job, running, Duration.ofSeconds(820));
        assertTrue(fromStart.compareTo(Duration.ofSeconds(130)) > 0 && fromStart.compareTo(Duration.ofSeconds(145)) < 0,
                "seen running at 820 s, started at 600 s: planned from its start as before: " + fromStart);
    }

    @Test
    void queuedSightingsSaveRequestsWhenTheTimeQueuedVaries() {
        for (long seed : new long[] { 11, 12, 13 }) {
            List<SimJob> jobs = queuedAnyTime(seed, 1000);
            Result fixed = PollSimulation.run(SHIP, jobs, Snapshots.REPORTING_START, 50);
            Result learned = PollSimulation.run(learned(SHIP, PollSimulation.REPORTED), jobs,
                    Snapshots.REPORTING_START, 50);
            // planned from the start once seen running, but every queued answer followed by a request an interval
            // later: 2.8 to 3.0 requests per job (0.42 to 0.43 of fixed polling); from the queued answers: 2.2 to 2.3
            assertFewerAtNoWorseLatency(fixed, learned, 0.36);
            assertTrue(learned.delayPercentile(99) <= 60, "ends seen within the 1 min target; " + learned);
        }
    }

    @Test
    void withoutEnoughRunTimesThePlanStaysFromTheSubmit() {
        LearnedPollPolicy policy = learned(SHIP, PollSimulation.REPORTED);
        for (int i = 0; i < 50; i++) {
            // ended jobs whose start nobody saw: their durations from the submit only
            policy.observe(JobRef.of("d" + i, "ship"), null, Duration.ofSeconds(600 + 6 * i));
        }
        JobRef job = JobRef.of("j", "ship");
        SimJob sim = new SimJob(job, 0, 900, 500);
        JobSnapshot running = Snapshots.REPORTING_START.at(sim, 700, false);
        for (int i = 0; i < LearnedPollPolicy.DEFAULT_MIN_SAMPLES - 1; i++) {
            // jobs that ran 5 min after their start
            policy.learner().observe(JobRef.of("r" + i, "ship"), null, Duration.ofSeconds(400 + 2 * i),
                    Duration.ofSeconds(100 + 2 * i));
        }
        assertEquals(Duration.ofMillis(58_800), policy.nextPollDelay(job, running, Duration.ofSeconds(700)),
                "19 run times: within the range from the submit, every (a little less than) the target");
        policy.learner().observe(JobRef.of("r-last", "ship"), null, Duration.ofSeconds(500), Duration.ofSeconds(200));
        Duration fromStart = policy.nextPollDelay(job, running, Duration.ofSeconds(700));
        assertTrue(fromStart.compareTo(Duration.ofSeconds(150)) > 0 && fromStart.compareTo(Duration.ofSeconds(160)) < 0,
                "20 run times: started at 500 s, one interval after 500 s + the 300 s run, at 858.8 s: " + fromStart);
    }

    @Test
    void onlyJobsSeenRunningSoonAfterTheirStartTeachTheRunTime() {
        // crawls of 2-4 min, 5 s queued
        Random random = new Random(13);
        List<SimJob> jobs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            jobs.add(new SimJob(JobRef.of("job-" + i, "spiderSite"), i * 2.0, 120 + 120 * random.nextDouble(), 5));
        }
        // polled every minute from about 3 min on: the first answer that shows a crawl running comes minutes after
        // its start, and only for the crawls that ran long enough to be still running then; they teach no run time
        // (the durations known already, so that no crawl is polled at the vendor's pace as the prior)
        DurationLearner learner = new DurationLearner("test", PollSimulation.REPORTED);
        for (SimJob j : jobs.subList(0, 50)) {
            learner.observe(JobRef.of("known-" + j.ref().jobId(), "spiderSite"), null,
                    Duration.ofMillis(Math.round(j.duration() * 1000)));
        }
        LearnedPollPolicy sparse = new LearnedPollPolicy(CRAWL, learner, Duration.ofSeconds(60), null, 20);
        PollSimulation.run(sparse, jobs, Snapshots.REPORTING_START, 0);
        JobRef crawl = JobRef.of("x", "spiderSite");
        assertEquals(350, learner.samples(crawl, null));
        assertEquals(0, learner.runSamples(crawl, null));
        // every status wanted: each crawl is seen running within the vendor's 3 s of its start, whatever its run time
        PollSimulation.run(sparse.seeingEveryStatus(), jobs.stream().map(j -> new SimJob(
                JobRef.of("again-" + j.ref().jobId(), "spiderSite"), j.submitAt() + 1000, j.duration(), j.queued()))
                .toList(), Snapshots.REPORTING_START, 0);
        assertEquals(300, learner.runSamples(crawl, null));
    }

    @Test
    void bothPlansLearnAJobOnce() {
        DurationLearner learner = new DurationLearner("test", DurationFeatures.NONE);
        LearnedPollPolicy endOnly = new LearnedPollPolicy(SHIP, learner);
        PollPolicy everyStatus = endOnly.seeingEveryStatus();
        JobRef job = JobRef.of("j", "ship");
        // the account's groups switch plans while the job ends: its terminal answer is settled through both
        endOnly.jobEnded(job, null, Duration.ofMinutes(12), Duration.ofMinutes(13));
        everyStatus.jobEnded(job, null, Duration.ofMinutes(12), Duration.ofMinutes(13));
        assertEquals(1, learner.samples(JobRef.of("x", "ship"), null));
    }

    @Test
    void progressTrustEarnedThroughOnePlanHoldsInTheOther() {
        PollPolicy every10s = PollPolicy.fixed(Map.of(), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO);
        LearnedPollPolicy endOnly = learned(every10s, ESTIMATE_AND_REPORTED);
        PollSimulation.run(endOnly, estimated(5, 300), withProgress(f -> f), 50);
        assertTrue(endOnly.progressTrusted(), "the end-only plan checked progress against the jobs' durations");

        PollPolicy everyStatus = endOnly.seeingEveryStatus();
        JobRef job = new JobRef("j", null, Map.of("estimate", "1000"));
        // 90% at 900 s: it ends between 989 and 1000 s, where the learned range (800-1300 s) has it poll every 9.8 s
        JobSnapshot nearlyDone = JobSnapshot.builder("j", "running", PollSimulation.STATUSES).progress(90.0).build();
        Duration byProgress = endOnly.nextPollDelay(job, nearlyDone, Duration.ofSeconds(900));
        assertEquals(byProgress, everyStatus.nextPollDelay(job, nearlyDone, Duration.ofSeconds(900)),
                "a running job's next poll by its progress, in both plans");
        assertTrue(byProgress.compareTo(Duration.ofSeconds(80)) > 0, "near its end by progress: " + byProgress);
    }

    @Test
    void badOptionsAreNamed() {
        DurationLearner learner = new DurationLearner("test", DurationFeatures.NONE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LearnedPollPolicy(SHIP, learner, Duration.ZERO, null, 20));
        assertTrue(e.getMessage().contains("maxDetectionDelay"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new LearnedPollPolicy(SHIP, learner, null, Duration.ofSeconds(-1), 20));
        assertTrue(e.getMessage().contains("minPollInterval"), e.getMessage());
        for (double percentile : new double[] { 100, 50, Double.NaN }) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> new LearnedPollPolicy(SHIP, learner, null, percentile, null, 20));
            assertTrue(e.getMessage().contains("percentile"), e.getMessage());
        }
    }
}
