package dev.asyncjobs.sateais;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.simulator.camel.SimulatorSupport;
import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test kit's one call: a fast simulator makes the component's polls fast too, the first one included. */
class SimulatorSupportTest {

    @Test
    void aFifteenMinuteJobEndsInAboutTwoSecondsAtSpeed600() throws Exception {
        try (SateaisSimulator api = SateaisSimulator.builder().speed(600)
                .timing(Duration.ofMinutes(2), Duration.ofMinutes(13)).start()) {
            CamelContext context = new DefaultCamelContext();
            SimulatorSupport.connect(context, api); // base URL, key and clock
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    // the defaults: SateAIs' suggested first poll (minutes), then once a minute
                    from("sateais:jobs?terminalOnly=true").routeId("done").to("mock:done");
                }
            });
            context.start();
            try {
                NotifyBuilder done = new NotifyBuilder(context).fromRoute("done").whenDone(1).create();
                long start = System.nanoTime();
                context.createProducerTemplate().sendBody("sateais:detections?detectionType=ship",
                        SateaisTestSupport.shipRequest());
                assertTrue(done.matches(6, TimeUnit.SECONDS), "the job's end was seen within 6 s");
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis >= 1400, "15 simulated minutes take 1.5 s at speed 600, took " + millis + " ms");
                assertEquals(1, api.requestCount("POST", "/api/v1/detect/.*"));
            } finally {
                context.stop();
            }
        }
    }
}
