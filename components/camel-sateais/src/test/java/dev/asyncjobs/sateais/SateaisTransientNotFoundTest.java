package dev.asyncjobs.sateais;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.JobPhase;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * One 404 from a lagging replica is not the end of a job: a producer's wait gives the same verdict as a consumer, which
 * confirms a 404 (notFoundConfirmations over notFoundWindow) before it calls a job gone.
 */
class SateaisTransientNotFoundTest extends SateaisTestSupport {

    private static final String WAIT = "sateais:detections?detectionType=ship&waitForCompletion=true&firstPollDelay=0"
            + "&pollInterval=50";

    @Test
    void aWaitAloneSeesThroughOne404AndCompletesWithTheJobsEnd() throws Exception {
        context.start();
        simulator.faults().next(1, "GET", "/api/v1/jobs/[^/]+").status(404, null);

        CompletableFuture<Exchange> reply = template.asyncSend(WAIT, e -> e.getMessage().setBody(shipRequest()));
        await().until(() -> simulator.requestCount("GET", "/api/v1/jobs/[^/]+") >= 2);
        toProcessing();
        toEnd();

        Exchange out = reply.get(10, TimeUnit.SECONDS);
        assertNull(out.getException(), "one 404 did not end the wait");
        assertEquals(JobPhase.SUCCEEDED, out.getMessage().getHeader(SateaisConstants.PHASE));
    }

    @Test
    void aWaitAndAConsumerOfTheSameJobGiveTheSameVerdictOnOne404() throws Exception {
        List<String> consumed = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("sateais:jobs?" + FAST).process(e -> consumed.add(
                        e.getMessage().getHeader(SateaisConstants.PHASE, String.class)));
            }
        });
        context.start();
        simulator.faults().next(1, "GET", "/api/v1/jobs/[^/]+").status(404, null);

        CompletableFuture<Exchange> reply = template.asyncSend(WAIT, e -> e.getMessage().setBody(shipRequest()));
        await().until(() -> simulator.requestCount("GET", "/api/v1/jobs/[^/]+") >= 2);
        toProcessing();
        toEnd();

        Exchange out = reply.get(10, TimeUnit.SECONDS);
        assertNull(out.getException(), "one 404 did not end the wait");
        assertEquals(JobPhase.SUCCEEDED, out.getMessage().getHeader(SateaisConstants.PHASE));
        await().until(() -> consumed.contains("SUCCEEDED"));
        assertEquals(List.of(), consumed.stream().filter("NOT_FOUND"::equals).toList(),
                "the consumer did not call the job gone either: " + consumed);
    }
}
