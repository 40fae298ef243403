package dev.asyncjobs.spideriq;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.asyncjobs.engine.follow.JobTracker;
import dev.asyncjobs.simulator.camel.SimulatorSupport;
import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;
import dev.asyncjobs.testkit.DueTimeStepper;
import dev.asyncjobs.testkit.DueTimeStepper.JobRun;
import dev.asyncjobs.testkit.Stop;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Learned polling of crawls against the SpiderIQ simulator, on its clock ({@link DueTimeStepper}): the consumer learns
 * each crawl's duration from the status answer's {@code updated_at}, and with {@code detectionDelayPercentile=95} it
 * asks less often than with the default, still seeing every crawl but the fastest within the vendor's 3 s.
 */
class SpiderIqLearnedPollingTest {

    static final Duration QUEUED = Duration.ofSeconds(5);
    static final Duration VENDOR_INTERVAL = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    SpiderIqSimulator simulator;
    CamelContext context;
    int urls;

    @BeforeEach
    void startSimulator() {
        simulator = SpiderIqSimulator.builder().startTime(Instant.parse("2025-10-27T10:00:00Z")).speed(0).start();
        simulator.rateLimit(0, Duration.ofMinutes(1)); // the clock stands still: a window would never pass
    }

    @AfterEach
    void stop() {
        Stop.camelAndSimulator(context, simulator);
    }

    @Test
    void aP95TargetAsksLessOftenAndSeesAllButTheFastestCrawlsWithinTheVendorsInterval() throws Exception {
        // 200 crawls of 2-4 minutes teach the account's distribution; polled once at their end at first (SpiderIQ
        // reports each duration, so that is enough to learn it), then sparsely: a fast warm-up
        Path learned = dir.resolve("warm.db");
        start("firstPollDelay=4m&maxDetectionDelay=60s&terminalOnly=true", learned);
        for (Duration d : durations(7, 200, 120, 240)) {
            run(d);
        }
        context.stop(); // saves what was learned
        Path copy = dir.resolve("warm-copy.db");
        Files.copy(learned, copy, StandardCopyOption.REPLACE_EXISTING);

        // the same crawls, none among the fastest, under each percentile, each from the same learned state
        List<Duration> measured = durations(8, 8, 150, 240);
        start("terminalOnly=true", learned);
        List<JobRun> byDefault = measured.stream().map(this::run).toList();
        context.stop();
        start("detectionDelayPercentile=95&terminalOnly=true", copy);
        List<JobRun> p95 = measured.stream().map(this::run).toList();

        int defaultRequests = byDefault.stream().mapToInt(JobRun::requests).sum();
        int p95Requests = p95.stream().mapToInt(JobRun::requests).sum();
        assertTrue(p95Requests < defaultRequests, "p95 target: " + p95Requests + " requests, default: "
                + defaultRequests + "\n" + byDefault + "\n" + p95);
        for (int i = 0; i < measured.size(); i++) {
            // the first request waits until all but the fastest 4% of crawls could have ended, not 0.4%
            assertTrue(p95.get(i).firstPollAfter().compareTo(byDefault.get(i).firstPollAfter().plus(VENDOR_INTERVAL)) > 0,
                    "p95: " + p95.get(i) + "; default: " + byDefault.get(i));
            assertTrue(byDefault.get(i).detectionDelay().compareTo(VENDOR_INTERVAL) <= 0, "default: " + byDefault.get(i));
            assertTrue(p95.get(i).detectionDelay().compareTo(VENDOR_INTERVAL) <= 0, "p95: " + p95.get(i));
        }
    }

    @Test
    void aConsumerWithNoFilterSeesTheIntermediateStatusAsOftenAsFixedPollingDoes() throws Exception {
        Path learned = dir.resolve("warm.db");
        start("firstPollDelay=4m&terminalOnly=true", learned);
        for (Duration d : durations(7, 200, 120, 240)) {
            run(d);
        }
        context.stop();

        List<Duration> measured = durations(9, 8, 120, 240);
        start("pollingMode=fixed", dir.resolve("fixed.db"));
        List<JobRun> fixed = measured.stream().map(this::run).toList();
        long fixedSaw = sawProcessing(fixed);
        context.stop();
        start("", learned); // learned, no filter: every status wanted
        List<JobRun> everyStatus = measured.stream().map(this::run).toList();
        long learnedSaw = sawProcessing(everyStatus);

        assertEquals(measured.size(), fixedSaw, "fixed polling sees queued -> processing in every crawl");
        assertTrue(learnedSaw >= fixedSaw, "learned: " + learnedSaw + ", fixed: " + fixedSaw);
        int fixedRequests = fixed.stream().mapToInt(JobRun::requests).sum();
        int learnedRequests = everyStatus.stream().mapToInt(JobRun::requests).sum();
        assertTrue(learnedRequests <= fixedRequests / 2, "learned " + learnedRequests + " requests, fixed "
                + fixedRequests);
        for (JobRun run : everyStatus) {
            assertTrue(run.detectionDelay().compareTo(VENDOR_INTERVAL) <= 0, "learned: " + run);
        }
        // polled at the vendor's pace until processing, those crawls were seen start (SpiderIQ dates it): the run
        // time is learned apart, and the dev console shows it beside the durations from the submit
        String console = (String) DevConsoleRegistry.get(context).resolveById("asyncjob")
                .call(DevConsole.MediaType.TEXT, Map.of());
        assertTrue(console.contains("spiderSite: p50 ") && console.contains("; from start: p50 "), console);
    }

    /** How many of the runs' crawls were delivered to the route with the intermediate status, processing. */
    private long sawProcessing(List<JobRun> runs) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (org.apache.camel.Exchange e : context.getEndpoint("mock:jobs",
                org.apache.camel.component.mock.MockEndpoint.class).getExchanges()) {
            if ("processing".equals(e.getMessage().getHeader(SpiderIqConstants.STATUS))) {
                ids.add(e.getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class));
            }
        }
        return runs.stream().filter(r -> ids.contains(r.id())).count();
    }

    private static List<Duration> durations(long seed, int count, int minSeconds, int maxSeconds) {
        Random random = new Random(seed);
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Duration.ofMillis(Math.round(1000 * (minSeconds + random.nextDouble() * (maxSeconds - minSeconds)))));
        }
        return out;
    }

    private void start(String options, Path trackingFile) throws Exception {
        context = new DefaultCamelContext();
        SpiderIqComponent component = SimulatorSupport.connect(
                context.getComponent("spideriq", SpiderIqComponent.class), simulator);
        component.setRateLimitRequests(0); // the clock stands still: a budget's window would never pass
        component.setTrackingFile(trackingFile.toString());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:crawl").to("spideriq:crawl?jobType=spiderSite");
                from("spideriq:jobs?delay=5&initialDelay=0" + (options.isEmpty() ? "" : "&" + options))
                        .routeId("jobs").to("mock:jobs");
            }
        });
        context.start();
    }

    /** Submits one crawl (a new URL each time: SpiderIQ answers a repeated one from its cache) and follows it. */
    private JobRun run(Duration duration) {
        simulator.timing("spiderSite", QUEUED, duration.minus(QUEUED));
        Instant submittedAt = simulator.clock().now();
        String id = context.createProducerTemplate().request("direct:crawl",
                e -> e.getMessage().setBody("https://example.com/site-" + urls++)).getMessage()
                .getHeader(SpiderIqConstants.JOB_ID, String.class);
        JobTracker tracker = context.getComponent("spideriq", SpiderIqComponent.class)
                .getTracker(simulator.baseUrl(), simulator.apiKey());
        return DueTimeStepper.follow(simulator, tracker, id, "/api/v1/jobs/" + id + "/status", submittedAt, duration);
    }
}
