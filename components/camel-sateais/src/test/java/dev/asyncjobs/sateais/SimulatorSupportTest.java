package dev.asyncjobs.sateais;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.sateais.api.DetectionRequest;
import dev.asyncjobs.simulator.camel.DocSnippets;
import dev.asyncjobs.simulator.camel.SimulatorSupport;
import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test kit's one call, as the README's "Testing your own routes" shows it: a fast simulator makes the
 * component's polls fast too, the first one included.
 */
class SimulatorSupportTest {

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aFifteenMinuteJobEndsInAboutTwoSecondsAtSpeed600() throws Exception {
        DocSnippets.assertOnPage("src/test/java/dev/asyncjobs/sateais/SimulatorSupportTest.java", "testing-your-routes",
                "../../README.md");
        DetectionRequest request = SateaisTestSupport.shipRequest();
        NotifyBuilder done = new NotifyBuilder(context).from("sateais:jobs*").whenDone(1).create();
        long start = System.nanoTime();
        // docs:testing-your-routes
        try (SateaisSimulator api = SateaisSimulator.builder().speed(600).start()) {
            SimulatorSupport.connect(context, api);   // base URL, key and clock of the "sateais" component
            api.faults().next(2, "GET", "/api/v1/jobs/.*").rateLimited(null);   // and serverError(), slow(), ...
            context.addRoutes(new RouteBuilder() {
                public void configure() {
                    from("sateais:jobs?terminalOnly=true").to("mock:done");
                }
            });
            context.start();
            context.createProducerTemplate().sendBody("sateais:detections?detectionType=ship", request);
        // end:testing-your-routes
            // the simulator's ship detection takes 15 simulated minutes by default: 1.5 s at speed 600
            assertTrue(done.matches(8, TimeUnit.SECONDS), "the job's end was seen");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis >= 1400 && millis < 8000, "15 simulated minutes took " + millis + " ms");
            assertEquals(1, api.requestCount("POST", "/api/v1/detect/.*"));
            assertTrue(api.requestCount("GET", "/api/v1/jobs/.*") >= 3, "two status requests were rate-limited");
        }
    }
}
