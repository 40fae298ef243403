package dev.asyncjobs.sateais;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.simulator.camel.SimulatorSupport;
import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's own test as the README shows it, at simulator speed 600, on one node with the default store: leases are
 * real time, so a route that takes 100 ms per exchange (it writes a file, say) never sees a job taken over by "another
 * node" that does not exist. Each job's end is delivered once, never marked redelivered.
 * <p>
 * One round by default; {@code -Dasyncjob.fullMode=true} runs the 20.
 */
class SateaisFastSimulatorTest {

    private static final int JOBS = 200;

    @Test
    void twoHundredJobsAtSpeed600AreEachDeliveredOnceOnOneNode() throws Exception {
        int rounds = Boolean.getBoolean("asyncjob.fullMode") ? 20 : 1;
        for (int round = 1; round <= rounds; round++) {
            runRound(round);
        }
    }

    private void runRound(int round) throws Exception {
        Map<String, List<Boolean>> deliveries = new ConcurrentHashMap<>();
        CamelContext context = new DefaultCamelContext();
        try (SateaisSimulator api = SateaisSimulator.builder().speed(600).start()) {
            SimulatorSupport.connect(context, api);
            context.addRoutes(new RouteBuilder() {
                public void configure() {
                    from("sateais:jobs?terminalOnly=true").routeId("ends")
                            .delay(100).syncDelayed() // the route's own work: 100 ms per exchange
                            .process(e -> deliveries.computeIfAbsent(
                                    e.getMessage().getHeader(SateaisConstants.JOB_ID, String.class),
                                    id -> new CopyOnWriteArrayList<>())
                                    .add(e.getMessage().getHeader(SateaisConstants.REDELIVERED, Boolean.class)));
                }
            });
            NotifyBuilder allEnded = new NotifyBuilder(context).fromRoute("ends").whenDone(JOBS).create();
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            for (int i = 0; i < JOBS; i++) {
                template.sendBody("sateais:detections?detectionType=ship", SateaisTestSupport.shipRequest());
            }
            assertTrue(allEnded.matches(5, TimeUnit.MINUTES), "round " + round + ": every job's end was delivered ("
                    + deliveries.size() + " of " + JOBS + ")");
            assertEquals(JOBS, deliveries.size(), "round " + round + ": jobs delivered");
            deliveries.forEach((job, flags) -> {
                assertEquals(1, flags.size(), "round " + round + ": job " + job + " was delivered " + flags);
                assertEquals(Boolean.FALSE, flags.get(0), "round " + round + ": job " + job + " marked redelivered");
            });
        } finally {
            context.stop();
        }
    }
}
