package dev.asyncjobs.sateais;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.store.InMemoryJobStore;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.sateais.api.SateaisJob;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SateaisConsumerTest extends SateaisTestSupport {

    private MockEndpoint transitions;

    private void routes(String consumerUri, boolean failFirstProcessing, AtomicInteger processingAttempts)
            throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("sateais:detections?detectionType=ship");
                from(consumerUri).routeId("transitions")
                        .process(e -> {
                            if ("processing".equals(e.getMessage().getHeader(AsyncJobConstants.STATUS))
                                    && processingAttempts.incrementAndGet() == 1 && failFirstProcessing) {
                                throw new IllegalStateException("downstream system unavailable");
                            }
                        })
                        .to("mock:transitions");
            }
        });
        context.start();
        transitions = context.getEndpoint("mock:transitions", MockEndpoint.class);
    }

    private List<String> seen() {
        return transitions.getExchanges().stream()
                .map(e -> e.getMessage().getHeader(AsyncJobConstants.PREVIOUS_STATUS) + "->"
                          + e.getMessage().getHeader(AsyncJobConstants.STATUS))
                .toList();
    }

    private String submit() {
        return template.requestBody("direct:submit", shipRequest(), SateaisJob.class).jobId();
    }

    /** Waits until the consumer has polled the job at least n more times. */
    private void awaitPolls(String jobId, int more) {
        int start = simulator.requestCount("GET", "/api/v1/jobs/" + jobId);
        await().until(() -> simulator.requestCount("GET", "/api/v1/jobs/" + jobId) >= start + more);
    }

    @Test
    void emitsEachTransitionExactlyOnceAndForgetsTheJobWhenDone() throws Exception {
        routes("sateais:jobs?" + FAST, false, new AtomicInteger());
        String jobId = submit();
        awaitPolls(jobId, 3);
        assertEquals(List.of(), seen(), "pending was reported by the submit: no transition yet");

        toProcessing();
        await().until(() -> seen().size() == 1);
        awaitPolls(jobId, 3);
        toEnd();
        await().until(() -> !tracker().isTracked(jobId));

        assertEquals(List.of("pending->processing", "processing->completed"), seen());
        Exchange done = transitions.getExchanges().get(1);
        assertEquals(jobId, done.getMessage().getHeader(AsyncJobConstants.JOB_ID));
        assertEquals("ship", done.getMessage().getHeader(AsyncJobConstants.JOB_TYPE));
        assertEquals(JobPhase.SUCCEEDED, done.getMessage().getHeader(AsyncJobConstants.PHASE));
        assertEquals(true, done.getMessage().getHeader(AsyncJobConstants.TERMINAL));
        assertEquals("completed", done.getMessage().getBody(SateaisJob.class).status());
        int pollsWhenDone = simulator.requestCount("GET", "/api/v1/jobs/" + jobId);
        // the consumer goes on polling other jobs, but never the finished one again
        String other = simulator.createJob("ship");
        template.sendBodyAndHeader("sateais:ops?operation=track", null, AsyncJobConstants.JOB_ID, other);
        awaitPolls(other, 3);
        assertEquals(pollsWhenDone, simulator.requestCount("GET", "/api/v1/jobs/" + jobId), "a finished job is not polled");
    }

    @Test
    void aTransitionWhoseRouteFailedIsEmittedAgainAndOnlyCommittedWhenItSucceeds() throws Exception {
        AtomicInteger processingAttempts = new AtomicInteger();
        routes("sateais:jobs?" + FAST, true, processingAttempts);
        String jobId = submit();

        toProcessing();
        await().until(() -> processingAttempts.get() >= 2);
        assertEquals(List.of("pending->processing"), seen());
        assertEquals("processing", tracker().get(jobId).orElseThrow().position("transitions").status());
        toEnd();
        await().until(() -> !tracker().isTracked(jobId));

        assertEquals(2, processingAttempts.get(), "emitted again once after the failure, then committed");
        assertEquals(List.of("pending->processing", "processing->completed"), seen());
    }

    @Test
    void faultsOnStatusRequestsLoseNoJobAndDuplicateNoTransition() throws Exception {
        component().setSoTimeout(500);
        routes("sateais:jobs?" + FAST + "&maxPollBackoff=200", false, new AtomicInteger());
        String jobId = submit();
        String statusPath = "/api/v1/jobs/" + jobId;
        simulator.faults().next(1, "GET", statusPath).rateLimited(Duration.ofSeconds(1));
        simulator.faults().next(1, "GET", statusPath).rateLimited(null);
        simulator.faults().next(2, "GET", statusPath).serverError();
        simulator.faults().next(1, "GET", statusPath).connectionReset();
        simulator.faults().next(1, "GET", statusPath).malformedJson();
        simulator.faults().next(1, "GET", statusPath).slow(Duration.ofSeconds(2));
        toProcessing();
        await().atMost(Duration.ofSeconds(20)).until(() -> simulator.faults().remaining() == 0);
        await().until(() -> seen().size() == 1);
        toEnd();
        await().atMost(Duration.ofSeconds(20)).until(() -> !tracker().isTracked(jobId));

        assertEquals(List.of("pending->processing", "processing->completed"), seen());
    }

    @Test
    void aRejectedKeyTurnsHealthDownAndStopsPolling() throws Exception {
        String jobId = simulator.createJob("ship");
        routes("sateais:jobs?" + FAST + "&apiKey=RAW(sk_live_wrong)&jobId=" + jobId, false, new AtomicInteger());
        HealthCheck health = ((HealthCheckAware) context.getRoute("transitions").getConsumer()).getHealthCheck();

        // DOWN with the error: before its first poll ends, a consumer reports the registry's initial state (DOWN)
        await().until(() -> health.call().getState() == HealthCheck.State.DOWN && health.call().getError().isPresent());
        HealthCheck.Result result = health.call();
        String reason = result.getError().map(Throwable::getMessage).orElse("");
        assertTrue(reason.contains("401") && reason.contains("apiKey"), reason);
        assertFalse(reason.contains("sk_live_wrong"), "the key is never in a message");
        int polls = simulator.requestCount("GET", "/api/v1/jobs/" + jobId);
        simulator.completeJob(jobId);
        // the consumer keeps ticking every 20 ms; none of those ticks may reach the API while the key is rejected
        await().during(Duration.ofMillis(300)).until(() -> health.call().getState() == HealthCheck.State.DOWN);
        assertEquals(polls, simulator.requestCount("GET", "/api/v1/jobs/" + jobId));
        assertEquals(List.of(), seen());
        assertTrue(component().getTracker(simulator.baseUrl(), "sk_live_wrong").isTracked(jobId), "the job is not forgotten");
    }

    @Test
    void aJobTheApiNoLongerKnowsIsEmittedOnceAsNotFoundThenDropped() throws Exception {
        // NOT_FOUND once 3 answers in a row over 200 ms said 404 (SateaisFollowingTest: one 404 is not the end)
        routes("sateais:jobs?" + FAST + "&notFoundWindow=200", false, new AtomicInteger());
        String jobId = submit();
        simulator.forgetJob(jobId);

        await().until(() -> !tracker().isTracked(jobId));

        assertEquals(List.of("pending->NOT_FOUND"), seen());
        Exchange gone = transitions.getExchanges().get(0);
        assertEquals(JobPhase.NOT_FOUND, gone.getMessage().getHeader(AsyncJobConstants.PHASE));
        assertEquals("NOT_FOUND", gone.getMessage().getHeader(AsyncJobConstants.ERROR_CODE));
        assertEquals(true, gone.getMessage().getHeader(AsyncJobConstants.TERMINAL));
    }

    @Test
    void terminalOnlyWithFetchResultEmitsOneExchangeWithTheGeoJson() throws Exception {
        routes("sateais:jobs?" + FAST + "&terminalOnly=true&fetchResult=true", false, new AtomicInteger());
        String jobId = submit();
        toProcessing();
        awaitPolls(jobId, 2);
        toEnd();
        await().until(() -> !tracker().isTracked(jobId));

        assertEquals(List.of("processing->completed"), seen(), "processing was recorded but not emitted");
        Exchange done = transitions.getExchanges().get(0);
        assertEquals(simulator.resultGeoJson(jobId), done.getMessage().getBody(String.class));
        assertEquals("completed", done.getMessage().getHeader(AsyncJobConstants.JOB, SateaisJob.class).status());
        assertEquals(0, simulator.storageRequestsWithAuthorization());
    }

    @Test
    void statusFilterByPhaseEmitsOnlyFailures() throws Exception {
        simulator.failNextJob("INTERNAL_ERROR", "Inference failed");
        routes("sateais:jobs?" + FAST + "&statusFilter=FAILED", false, new AtomicInteger());
        String jobId = submit();
        toProcessing();
        awaitPolls(jobId, 2);
        toEnd();
        await().until(() -> !tracker().isTracked(jobId));

        assertEquals(List.of("processing->failed"), seen());
        Exchange failed = transitions.getExchanges().get(0);
        assertEquals("INTERNAL_ERROR", failed.getMessage().getHeader(AsyncJobConstants.ERROR_CODE));
        assertEquals("Inference failed", failed.getMessage().getHeader(AsyncJobConstants.ERROR_MESSAGE));
    }

    @Test
    void aJobSubmittedElsewhereIsWatchedByIdFromItsCurrentStatus() throws Exception {
        String jobId = simulator.createJob("oilslick");
        routes("sateais:jobs?" + FAST + "&jobId=" + jobId, false, new AtomicInteger());

        await().until(() -> seen().size() == 1);
        assertEquals(List.of("null->pending"), seen());
        assertNull(transitions.getExchanges().get(0).getMessage().getHeader(AsyncJobConstants.PREVIOUS_STATUS));
        simulator.completeJob(jobId);
        await().until(() -> seen().size() == 2);
        assertEquals("pending->completed", seen().get(1));
    }

    @Test
    void theTrackOperationHandsAnExistingJobToTheConsumer() throws Exception {
        String jobId = simulator.createJob("timeseries");
        simulator.completeJob(jobId);
        routes("sateais:jobs?" + FAST, false, new AtomicInteger());

        template.sendBodyAndHeader("sateais:ops?operation=track", null, AsyncJobConstants.JOB_ID, jobId);

        await().until(() -> seen().size() == 1);
        assertEquals(List.of("null->completed"), seen());
        await().until(() -> !tracker().isTracked(jobId));
    }

    @Test
    void aJobStoreThatFailsOnceDoesNotStrandTheJob() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(1);
        component().setJobStore(new InMemoryJobStore() {
            @Override
            protected void persist(JobRecord record, boolean durable) {
                JobRecord.Cursor cursor = record.cursors().get("transitions");
                if (cursor != null && "processing".equals(cursor.status()) && failuresLeft.getAndDecrement() > 0) {
                    throw new UncheckedIOException(new IOException("disk full"));
                }
            }
        });
        routes("sateais:jobs?" + FAST + "&maxPollBackoff=100", false, new AtomicInteger());
        String jobId = submit();

        toProcessing();
        await().until(() -> seen().size() == 1 && failuresLeft.get() == 0);
        awaitPolls(jobId, 2);
        toEnd();
        await().until(() -> !tracker().isTracked(jobId));

        // the write of the route's ack failed: the transition comes again, marked as a possible repeat
        assertEquals(List.of("pending->processing", "pending->processing", "processing->completed"), seen());
        assertEquals(false, transitions.getExchanges().get(0).getMessage().getHeader(AsyncJobConstants.REDELIVERED));
        assertEquals(true, transitions.getExchanges().get(1).getMessage().getHeader(AsyncJobConstants.REDELIVERED));
    }
}