package dev.asyncjobs.plangrep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.asyncjobs.engine.follow.JobTracker;
import dev.asyncjobs.simulator.camel.SimulatorSupport;
import dev.asyncjobs.simulator.plangrep.PlangrepSimulator;
import dev.asyncjobs.testkit.DueTimeStepper;
import dev.asyncjobs.testkit.Stop;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Learned polling (the default) of Plangrep jobs, whose lifecycle waits for the user: a job asks for its files
 * ({@code awaiting_uploads}) and the route uploads them when the consumer reports that status. On the simulator's
 * clock ({@link DueTimeStepper}), without webhooks.
 */
class PlangrepLearnedPollingTest {

    static final int JOBS = 30;
    static final Duration VENDOR_INTERVAL = Duration.ofSeconds(15);

    PlangrepSimulator simulator;
    CamelContext context;

    @BeforeEach
    void startSimulator() {
        simulator = PlangrepSimulator.builder().startTime(PlangrepTestSupport.T0).speed(0)
                .provisioning(Duration.ofSeconds(5)).preflight(Duration.ofSeconds(10)).perPage(Duration.ofSeconds(10))
                .autoDeliverWebhooks(false).start();
    }

    @AfterEach
    void stop() {
        Stop.camelAndSimulator(context, simulator);
    }

    @Test
    void learningTheDurationsNeverKeepsAJobWaitingLongerForItsUploads() throws Exception {
        start();
        List<List<Instant>> runs = new ArrayList<>();
        List<Instant> created = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            created.add(simulator.clock().now());
            runs.add(run());
        }
        for (int i = 0; i < JOBS; i++) {
            // the job waits for the user from its creation on: asked about at the vendor's pace, learned or not, so
            // the route hears "awaiting_uploads" and uploads without delay
            Duration first = Duration.between(created.get(i), runs.get(i).get(0));
            assertTrue(first.compareTo(VENDOR_INTERVAL) <= 0, "job " + i + " first asked about after " + first);
        }
        // what was learned does not feed on itself: jobs do not take longer once the durations are known
        Duration early = endToEnd(created, runs, 0);
        for (int i = 25; i < JOBS; i++) {
            Duration late = endToEnd(created, runs, i);
            assertTrue(late.compareTo(early.plus(VENDOR_INTERVAL)) <= 0,
                    "job " + i + " took " + late + " from creation to its end seen, the first job " + early);
        }
        // and the running part is still polled from what was learned: fewer requests than while learning
        assertTrue(runs.get(JOBS - 1).size() < runs.get(0).size(),
                "requests: first job " + runs.get(0).size() + ", last " + runs.get(JOBS - 1).size());
    }

    private static Duration endToEnd(List<Instant> created, List<List<Instant>> runs, int i) {
        List<Instant> times = runs.get(i);
        return Duration.between(created.get(i), times.get(times.size() - 1));
    }

    private void start() throws Exception {
        context = new DefaultCamelContext();
        PlangrepComponent component = SimulatorSupport.connect(
                context.getComponent("plangrep", PlangrepComponent.class), simulator);
        component.setRateLimitRequests(0); // the clock stands still: a budget's window would never pass
        component.getConfiguration().setProjectId(PlangrepTestSupport.PROJECT);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:create").to("plangrep:jobs");
                // pollingMode=learned is the default; no webhookPath: polling alone
                from("plangrep:jobs?delay=5&initialDelay=0").routeId("jobs")
                        .filter(header(PlangrepConstants.STATUS).isEqualTo("awaiting_uploads"))
                        .setHeader(PlangrepConstants.FILE_NAME, constant("plans.pdf"))
                        .setBody(constant(PlangrepSimulator.pdfWithPages(30)))
                        .to("plangrep:files?operation=uploadFiles");
            }
        });
        context.start();
    }

    /** Creates one job and steps the clock through its polls until it ended; the request times. */
    private List<Instant> run() {
        String id = context.createProducerTemplate().request("direct:create", e -> e.getMessage().setBody(null))
                .getMessage().getHeader(PlangrepConstants.JOB_ID, String.class);
        JobTracker tracker = context.getComponent("plangrep", PlangrepComponent.class)
                .getTracker(simulator.apiBaseUrl(), simulator.apiKey());
        return DueTimeStepper.requestTimes(simulator, tracker, id, "/api/open/v1/jobs/" + id);
    }
}
