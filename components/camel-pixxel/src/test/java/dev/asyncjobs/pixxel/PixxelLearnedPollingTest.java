package dev.asyncjobs.pixxel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.asyncjobs.engine.follow.JobTracker;
import dev.asyncjobs.pixxel.api.PixxelJob;
import dev.asyncjobs.simulator.camel.SimulatorSupport;
import dev.asyncjobs.simulator.pixxel.PixxelSimulator;
import dev.asyncjobs.testkit.DueTimeStepper;
import dev.asyncjobs.testkit.DueTimeStepper.JobRun;
import dev.asyncjobs.testkit.Stop;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Learned polling on Pixxel's simulator, on its clock (standing still; the test moves it to each job's next due time):
 * jobs of the default workflow (estimate 600 s) take 0.8 to 1.3 times their estimate (seeded). Once the consumer has
 * seen jobs end, one progress reading mid-run tells it when a job ends (the simulator's progress grows with time), so
 * it asks a handful of times per job where polling every 10 s asks sixty times, and still sees each end within 10 s.
 */
class PixxelLearnedPollingTest {

    static final String WF = PixxelSimulator.DEFAULT_WORKFLOW_ID;
    static final int WARMUP = 25;
    static final int MEASURED = 8;

    PixxelSimulator simulator;
    CamelContext context;

    @BeforeEach
    void startSimulator() {
        simulator = PixxelSimulator.builder().startTime(Instant.parse("2026-03-12T15:00:00Z")).speed(0).start();
    }

    @AfterEach
    void stop() {
        Stop.camelAndSimulator(context, simulator);
    }

    @Test
    void progressReadingsLetLearnedPollingAskATenthAsOftenAsPollingEveryTenSeconds() throws Exception {
        List<Double> factors = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            factors.add(0.8 + 0.5 * random.nextDouble());
        }
        List<Double> measured = factors.subList(WARMUP, WARMUP + MEASURED);

        start("pollingMode=fixed&firstPollDelay=10s&pollInterval=10s");
        List<JobRun> fixed = measured.stream().map(this::run).toList();
        context.stop();

        start("maxDetectionDelay=10s"); // pollingMode=learned is the default
        List<JobRun> learned = factors.stream().map(this::run).toList().subList(WARMUP, WARMUP + MEASURED);

        double fixedPerJob = fixed.stream().mapToInt(JobRun::requests).average().orElseThrow();
        double learnedPerJob = learned.stream().mapToInt(JobRun::requests).average().orElseThrow();
        assertTrue(learnedPerJob <= fixedPerJob / 10, "learned polling made " + learnedPerJob
                + " status requests per job, polling every 10 s " + fixedPerJob + ": " + learned);
        for (JobRun run : learned) {
            assertTrue(run.detectionDelay().compareTo(Duration.ofSeconds(10)) <= 0,
                    "each end seen within maxDetectionDelay: " + run);
        }
    }

    private void start(String options) throws Exception {
        context = new DefaultCamelContext();
        PixxelComponent component = SimulatorSupport.connect(context.getComponent("pixxel", PixxelComponent.class),
                simulator);
        component.setRateLimitRequests(0); // the clock stands still: a budget's window would never pass
        component.getConfiguration().setWorkflowId(WF);
        component.getConfiguration().setProjectId("prj_field_trials");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("pixxel:jobs");
                from("pixxel:followed?delay=5&initialDelay=0&" + options).routeId("followed").to("mock:followed");
            }
        });
        context.start();
    }

    /** Creates one job that takes {@code factor} times its estimate, and moves the clock from due time to due time. */
    private JobRun run(double factor) {
        simulator.durationFactor(factor);
        Instant submittedAt = simulator.clock().now();
        String id = context.createProducerTemplate().requestBody("direct:submit", Map.of(), PixxelJob.class).id();
        JobTracker tracker = context.getComponent("pixxel", PixxelComponent.class)
                .getTracker(simulator.baseUrl(), simulator.apiKey());
        List<Instant> times = DueTimeStepper.requestTimes(simulator, tracker, id, "/v0/workflows/" + WF + "/jobs/" + id);
        return new JobRun(id, submittedAt, Duration.between(submittedAt, simulator.jobEnd(id)), times);
    }
}
