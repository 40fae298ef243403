package dev.asyncjobs.plangrep;

import java.time.Duration;
import java.util.Map;

import dev.asyncjobs.engine.spi.SubmitUnconfirmedException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A create whose answer never arrives (the simulator creates the job, then stalls past the client's timeout): the
 * consumer sends it again with the same Idempotency-Key, which answers with the job the lost request created, and
 * follows that one job to its end.
 */
class PlangrepSubmitReconciliationTest extends PlangrepTestSupport {

    @Test
    void aCreateWhoseAnswerWasLostIsFoundByItsIdempotencyKeyAndFollowedToItsEnd() throws Exception {
        component().setResponseTimeout(1000);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("plangrep:jobs?delay=50&submitReconcileDelay=0").routeId("jobs").to("mock:jobs");
            }
        });
        context.start();
        simulator.faults().next(1, "POST", ".*/projects/.*/jobs").slow(Duration.ofSeconds(6));

        Exchange create = send("plangrep:jobs", null, Map.of(PlangrepConstants.EXTERNAL_ID, "invoice-42"));

        SubmitUnconfirmedException lost = assertInstanceOf(SubmitUnconfirmedException.class, create.getException());
        await().until(() -> simulator.jobIds().size() == 1); // the job exists on Plangrep
        String jobId = simulator.jobIds().get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> tracker().isTracked(jobId));
        await().until(() -> tracker().store().intents(tracker().account()).isEmpty()); // settled: nothing to report

        send("plangrep:jobs?operation=cancel", null, Map.of(PlangrepConstants.JOB_ID, jobId));
        MockEndpoint jobs = context.getEndpoint("mock:jobs", MockEndpoint.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            advance(Duration.ofSeconds(10));
            return !tracker().isTracked(jobId);
        });
        assertEquals("cancelled", jobs.getExchanges().get(jobs.getExchanges().size() - 1).getMessage()
                .getHeader(PlangrepConstants.STATUS));
        assertEquals(1, simulator.jobIds().size(), "the same key created no second job");
    }
}
