package dev.asyncjobs.pixxel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.simulator.camel.SimulatorSupport;
import dev.asyncjobs.simulator.pixxel.PixxelSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user who polls a few-second Pixxel job every 250 ms sees each of its statuses: Pixxel documents no floor, so the
 * component adds none, and the explicit interval and first poll are what happens, in both polling modes.
 */
class PixxelShortJobsTest {

    @Test
    void aRouteWithA250msIntervalSeesQueuedRunningAndCompleted() throws Exception {
        for (String mode : List.of("learned", "fixed")) {
            assertEquals(List.of("queued->running", "running->completed"), transitionsOfOneJob(mode), mode);
        }
    }

    private static List<String> transitionsOfOneJob(String mode) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CamelContext context = new DefaultCamelContext();
        // the default workflow's 10 minutes of tasks in 3 s, after 1 s in the queue; real time
        try (PixxelSimulator api = PixxelSimulator.builder().queueTime(Duration.ofSeconds(1)).durationFactor(0.005)
                .start()) {
            SimulatorSupport.connect(context, api);
            context.getComponent("pixxel", PixxelComponent.class).getConfiguration()
                    .setWorkflowId(PixxelSimulator.DEFAULT_WORKFLOW_ID);
            context.addRoutes(new RouteBuilder() {
                public void configure() {
                    from("pixxel:jobs?pollingMode=" + mode + "&firstPollDelay=250ms&pollInterval=250ms").routeId("job")
                            .process(e -> seen.add(e.getMessage().getHeader(PixxelConstants.PREVIOUS_STATUS) + "->"
                                    + e.getMessage().getHeader(PixxelConstants.STATUS)));
                }
            });
            NotifyBuilder ended = new NotifyBuilder(context).fromRoute("job").whenDone(2).create();
            context.start();
            context.createProducerTemplate().requestBodyAndHeader("pixxel:jobs?operation=createJob", null,
                    PixxelConstants.PROJECT_ID, "prj_field_trials");
            assertTrue(ended.matches(20, TimeUnit.SECONDS), mode + ": the job's transitions " + seen);
            return seen;
        } finally {
            context.stop();
        }
    }
}
