package dev.asyncjobs.pixxel;

import java.time.Duration;
import java.time.Instant;

import dev.asyncjobs.engine.spi.SubmitUnconfirmedException;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.simulator.pixxel.PixxelSimulator;
import dev.asyncjobs.testkit.Stop;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A create whose answer never arrives (the simulator creates the job, then stalls past the client's timeout). Pixxel
 * takes no idempotency key: the consumer adopts the one unfollowed job of the workflow created around the create, and
 * follows it to its end; nothing is created again.
 */
class PixxelSubmitReconciliationTest {

    private PixxelSimulator simulator;
    private DefaultCamelContext context;

    @AfterEach
    void stop() {
        Stop.camelAndSimulator(context, simulator);
    }

    @Test
    void theOneJobCreatedAroundALostCreateIsAdoptedAndFollowedToItsEnd() throws Exception {
        // a minute of the simulator's time per real second; the component measures time on the same clock
        simulator = PixxelSimulator.builder().startTime(Instant.now()).speed(60).start();
        context = new DefaultCamelContext();
        PixxelComponent component = context.getComponent("pixxel", PixxelComponent.class);
        component.getConfiguration().setApiKey(simulator.apiKey());
        component.getConfiguration().setBaseUrl(simulator.baseUrl());
        component.getConfiguration().setWorkflowId(PixxelTestSupport.WF);
        component.getConfiguration().setProjectId(PixxelTestSupport.PROJECT);
        component.setClock(simulator.clock());
        component.setResponseTimeout(1000);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("pixxel:jobs?" + PixxelTestSupport.FAST + "&submitReconcileDelay=2s").routeId("jobs")
                        .to("mock:jobs");
            }
        });
        context.start();
        simulator.faults().next(1, "POST", "/v0/workflows/.*/jobs").slow(Duration.ofSeconds(6));

        Exchange create = context.createProducerTemplate().request("pixxel:jobs", e -> e.getMessage().setBody(null));

        assertInstanceOf(SubmitUnconfirmedException.class, create.getException());
        await().until(() -> simulator.jobIds().size() == 1);
        String jobId = simulator.jobIds().get(0);
        MockEndpoint jobs = context.getEndpoint("mock:jobs", MockEndpoint.class);
        await().atMost(Duration.ofSeconds(40)).until(() -> jobs.getExchanges().stream()
                .anyMatch(e -> jobId.equals(e.getMessage().getHeader(AsyncJobConstants.JOB_ID))
                               && Boolean.TRUE.equals(e.getMessage().getHeader(AsyncJobConstants.TERMINAL))));
        assertEquals(1, simulator.jobIds().size(), "nothing was created again");
    }
}
