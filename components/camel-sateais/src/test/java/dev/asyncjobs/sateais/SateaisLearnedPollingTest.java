package dev.asyncjobs.sateais;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.asyncjobs.engine.learn.DurationLearner;
import dev.asyncjobs.engine.learn.LearnedPollPolicy;
import dev.asyncjobs.engine.follow.JobTracker;
import dev.asyncjobs.engine.store.MvStoreJobStore;
import dev.asyncjobs.sateais.api.SateaisJob;
import dev.asyncjobs.simulator.camel.SimulatorSupport;
import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import dev.asyncjobs.testkit.DueTimeStepper;
import dev.asyncjobs.testkit.DueTimeStepper.JobRun;
import dev.asyncjobs.testkit.Stop;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Learned polling (pollingMode=learned) against the SateAIs simulator, on its clock: the clock stands still and the
 * test moves it to each job's next due time, so every request happens at exactly the simulated time the policy chose.
 * Ship jobs last 12 to 18 minutes (seeded); the vendor's guidance is a first poll after 5 minutes, then one a minute.
 */
class SateaisLearnedPollingTest {

    static final long SEED = 11;
    static final int WARMUP = 20;
    static final int MEASURED = 15;
    static final Duration PENDING = Duration.ofMinutes(2);
    static final Duration VENDOR_INTERVAL = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    SateaisSimulator simulator;
    CamelContext context;

    @BeforeEach
    void startSimulator() {
        simulator = SateaisSimulator.builder().startTime(Instant.parse("2026-03-12T15:00:00Z")).speed(0).start();
    }

    @AfterEach
    void stop() {
        Stop.camelAndSimulator(context, simulator);
    }

    @Test
    void afterAWarmUpLearnedPollingAsksMarkedlyLessOftenAndStillSeesEachEndWithinTheBound() throws Exception {
        List<Duration> durations = durations(SEED, WARMUP + MEASURED);

        start("pollingMode=fixed", null);
        List<JobRun> fixed = durations.stream().map(this::run).toList().subList(WARMUP, WARMUP + MEASURED);
        context.stop();

        start("maxDetectionDelay=45s&terminalOnly=true", null); // pollingMode=learned is the default
        List<JobRun> learned = durations.stream().map(this::run).toList().subList(WARMUP, WARMUP + MEASURED);

        double fixedPerJob = fixed.stream().mapToInt(JobRun::requests).average().orElseThrow();
        double learnedPerJob = learned.stream().mapToInt(JobRun::requests).average().orElseThrow();
        assertTrue(learnedPerJob <= fixedPerJob / 2, "learned polling made " + learnedPerJob
                + " status requests per job, fixed polling " + fixedPerJob);
        for (JobRun run : fixed) {
            assertTrue(run.detectionDelay().compareTo(VENDOR_INTERVAL) <= 0, "fixed: " + run);
        }
        for (JobRun run : learned) {
            assertTrue(run.detectionDelay().compareTo(Duration.ofSeconds(45)) <= 0,
                    "learned: the end is seen within maxDetectionDelay: " + run);
        }
    }

    @Test
    void aConsumerWithNoFilterSeesTheIntermediateStatusAsOftenAsFixedPollingDoes() throws Exception {
        List<Duration> durations = durations(SEED + 1, WARMUP + MEASURED);

        start("pollingMode=fixed", null);
        List<JobRun> fixed = durations.stream().map(this::run).toList().subList(WARMUP, WARMUP + MEASURED);
        long fixedSawProcessing = sawProcessing(fixed);
        context.stop();

        start("", null); // learned, every status wanted (no filter)
        List<JobRun> learned = durations.stream().map(this::run).toList().subList(WARMUP, WARMUP + MEASURED);
        long learnedSawProcessing = sawProcessing(learned);

        assertEquals(MEASURED, fixedSawProcessing, "fixed polling sees pending -> processing in every job");
        assertTrue(learnedSawProcessing >= fixedSawProcessing, "learned polling saw processing in "
                + learnedSawProcessing + " jobs, fixed polling in " + fixedSawProcessing);
        double fixedPerJob = fixed.stream().mapToInt(JobRun::requests).average().orElseThrow();
        double learnedPerJob = learned.stream().mapToInt(JobRun::requests).average().orElseThrow();
        assertTrue(learnedPerJob <= fixedPerJob / 2, "still fewer requests once running: learned " + learnedPerJob
                + " per job, fixed " + fixedPerJob);
        for (JobRun run : learned) {
            assertTrue(run.detectionDelay().compareTo(VENDOR_INTERVAL) <= 0, "learned: " + run);
        }
    }

    /** How many of the runs' jobs were delivered to the route with the intermediate status, processing. */
    private long sawProcessing(List<JobRun> runs) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (org.apache.camel.Exchange e : context.getEndpoint("mock:jobs",
                org.apache.camel.component.mock.MockEndpoint.class).getExchanges()) {
            if ("processing".equals(e.getMessage().getHeader(SateaisConstants.STATUS))) {
                ids.add(e.getMessage().getHeader(SateaisConstants.JOB_ID, String.class));
            }
        }
        return runs.stream().filter(r -> ids.contains(r.id())).count();
    }

    @Test
    void aJobThatOverrunsEverythingLearnedIsPolledAtTheVendorsInterval() throws Exception {
        start("terminalOnly=true", null);
        durations(SEED, WARMUP).forEach(this::run);
        // three times as long as any job seen
        JobRun overrun = run(Duration.ofMinutes(50));

        List<Instant> times = overrun.requestTimes();
        for (int i = 1; i < times.size(); i++) {
            assertTrue(Duration.between(times.get(i - 1), times.get(i)).compareTo(VENDOR_INTERVAL) <= 0,
                    "no gap longer than the vendor's interval: " + times);
        }
        assertTrue(overrun.detectionDelay().compareTo(VENDOR_INTERVAL) <= 0, overrun.toString());
        // from the end of what was learned (18 minutes) to its end at 50, at least once a minute
        assertTrue(overrun.requests() >= 32, "polled all along its overrun: " + overrun);
    }

    @Test
    void whatWasLearnedSurvivesARestartOnTheSameStoreFile() throws Exception {
        String file = dir.resolve("jobs.db").toString();
        // SateAIs reports each job's duration, so how often the first context polls does not change what it learns:
        // it polls each job once at its end (fewer durable writes to the file, a faster test)
        start("firstPollDelay=18m&terminalOnly=true", file);
        durations(SEED, WARMUP).forEach(this::run);
        String account = tracker().account();
        context.stop(); // saves what was learned
        context = null;
        try (MvStoreJobStore store = new MvStoreJobStore(Path.of(file))) {
            store.open();
            assertTrue(store.loadValue(account, DurationLearner.VALUE_NAME_PREFIX + "SateAIs").isPresent(),
                    "the learned durations are in the store file");
        }

        start("terminalOnly=true", file);
        JobRun first = run(Duration.ofMinutes(15));
        // the vendor's guidance asks after 5 minutes; the restored distribution says no ship job ends before about 12
        assertTrue(first.firstPollAfter().compareTo(Duration.ofMinutes(10)) >= 0,
                "the first job after the restart is polled from what was learned: " + first);
        assertTrue(first.requests() <= 5, first.toString());
    }

    @Test
    void aDamagedStoredValueIsIgnoredAndLearningStartsAfresh() throws Exception {
        String file = dir.resolve("jobs.db").toString();
        start("", file);
        String account = tracker().account();
        context.stop();
        try (MvStoreJobStore store = new MvStoreJobStore(Path.of(file))) {
            store.open();
            store.saveValue(account, DurationLearner.VALUE_NAME_PREFIX + "SateAIs", new byte[] { 42, 1, 2 });
        }
        start("", file);
        JobRun first = run(Duration.ofMinutes(13));
        // nothing learned: the vendor's guidance, a first poll after 5 minutes and one a minute after that
        assertEquals(Duration.ofMinutes(5), first.firstPollAfter(), first.toString());
        assertEquals(9, first.requests(), first.toString());
    }

    @Test
    void aNewbuildingJobCarriesItsPolygonAreaSoSizesAreLearnedApart() throws Exception {
        start("", null);
        String id = context.createProducerTemplate().requestBody("sateais:detections?detectionType=newbuilding",
                dev.asyncjobs.sateais.api.DetectionRequest.polygonBetween(SateaisTestSupport.HARBOUR, "2026-01-01",
                        "2026-03-01"), SateaisJob.class).jobId();
        String area = tracker().get(id).orElseThrow().ref().attributes()
                .get(dev.asyncjobs.sateais.api.SateaisDurationFeatures.AREA_KM2);
        double km2 = Double.parseDouble(area);
        assertTrue(km2 > 1 && km2 < 5, "the harbour polygon is about 2 km2, got " + area);
    }

    // ---- harness

    static List<Duration> durations(long seed, int count) {
        Random random = new Random(seed);
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Duration.ofMillis(12 * 60_000 + (long) (random.nextDouble() * 6 * 60_000)));
        }
        return out;
    }

    @Test
    void theDetectionDelayPercentileReachesTheConsumersPolicy() throws Exception {
        start("", null);
        SateaisComponent component = context.getComponent("sateais", SateaisComponent.class);
        assertEquals(LearnedPollPolicy.DEFAULT_PERCENTILE, percentileOf("sateais:jobs"), "the default");
        assertEquals(95, percentileOf("sateais:jobs?detectionDelayPercentile=95"), "on the endpoint");
        component.getConfiguration().setDetectionDelayPercentile(97.5);
        assertEquals(97.5, percentileOf("sateais:other"), "from the component");
    }

    private double percentileOf(String uri) {
        return ((LearnedPollPolicy) context.getEndpoint(uri, SateaisEndpoint.class).getFollowPollPolicy()).percentile();
    }

    private void start(String options, String trackingFile) throws Exception {
        context = new DefaultCamelContext();
        SateaisComponent component = SimulatorSupport.connect(
                context.getComponent("sateais", SateaisComponent.class), simulator);
        component.setRateLimitRequests(0); // the clock stands still: a budget's window would never pass
        if (trackingFile != null) {
            component.setTrackingFile(trackingFile);
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("sateais:detections?detectionType=ship");
                from("sateais:jobs?delay=5&initialDelay=0" + (options.isEmpty() ? "" : "&" + options))
                        .routeId("jobs").to("mock:jobs");
            }
        });
        context.start();
    }

    private JobTracker tracker() {
        return context.getComponent("sateais", SateaisComponent.class)
                .getTracker(simulator.baseUrl(), simulator.apiKey());
    }

    /** Submits one ship job of the given duration and moves the clock from due time to due time until it ended. */
    private JobRun run(Duration duration) {
        simulator.timing("ship", PENDING, duration.minus(PENDING));
        Instant submittedAt = simulator.clock().now();
        String id = context.createProducerTemplate()
                .requestBody("direct:submit", SateaisTestSupport.shipRequest(), SateaisJob.class).jobId();
        return DueTimeStepper.follow(simulator, tracker(), id, "/api/v1/jobs/" + id, submittedAt, duration);
    }
}
