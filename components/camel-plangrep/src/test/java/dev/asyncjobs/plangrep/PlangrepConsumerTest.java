package dev.asyncjobs.plangrep;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.plangrep.api.PlangrepJob;
import dev.asyncjobs.simulator.plangrep.PlangrepSimulator;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** One exchange per transition, across the eleven statuses, as a route sees them. */
class PlangrepConsumerTest extends PlangrepTestSupport {

    /** What a route saw on one exchange. */
    record Seen(String status, JobPhase phase, String previous, Integer pageCount, Integer successfulPages,
                Double progress, String errorCode, Object body, Object job) {
    }

    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

    /** Each test starts a simulator of its own ({@link #start}). */
    @Override
    protected PlangrepSimulator startSimulator() {
        return null;
    }

    private void start(PlangrepSimulator.Builder builder, String consumerOptions) throws Exception {
        connect(startFrozen(builder.autoDeliverWebhooks(false)));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("plangrep:jobs?delay=20&initialDelay=0" + consumerOptions).process(e -> {
                    Message m = e.getMessage();
                    seen.add(new Seen(m.getHeader(PlangrepConstants.STATUS, String.class),
                            m.getHeader(PlangrepConstants.PHASE, JobPhase.class),
                            m.getHeader(PlangrepConstants.PREVIOUS_STATUS, String.class),
                            m.getHeader(PlangrepConstants.PAGE_COUNT, Integer.class),
                            m.getHeader(PlangrepConstants.SUCCESSFUL_PAGE_COUNT, Integer.class),
                            m.getHeader(PlangrepConstants.PROGRESS, Double.class),
                            m.getHeader(PlangrepConstants.ERROR_CODE, String.class), m.getBody(),
                            m.getHeader(PlangrepConstants.JOB)));
                });
            }
        });
        context.start();
    }

    /** Moves both clocks, then waits until the consumer has polled the job (or let it go, once terminal). */
    private void step(String jobId, Duration d) {
        advance(d);
        await().atMost(Duration.ofSeconds(10)).until(() -> polledSinceLastMove(jobId));
    }

    private List<String> statuses() {
        synchronized (seen) {
            return seen.stream().map(Seen::status).toList();
        }
    }

    private Seen last() {
        synchronized (seen) {
            return seen.get(seen.size() - 1);
        }
    }

    private void upload(String jobId, int pages, boolean complete) {
        Exchange e = send("plangrep:files?operation=uploadFiles&completeUploads=" + complete, pdf(pages),
                Map.of(PlangrepConstants.JOB_ID, jobId, PlangrepConstants.FILE_NAME, "plans.pdf"));
        if (e.getException() != null) {
            throw new AssertionError(e.getException());
        }
    }

    @Test
    void theLadderToCompletedIsOneExchangePerTransitionWithPageProgressAndTheResult() throws Exception {
        start(PlangrepSimulator.builder().preflight(Duration.ofSeconds(20)), "&fetchResult=true");
        String id = createJob("order-1");

        step(id, Duration.ofSeconds(15));
        assertEquals(List.of("awaiting_uploads"), statuses());
        assertEquals(JobPhase.WAITING_FOR_USER, last().phase());
        assertEquals("provisioning", last().previous());

        upload(id, 20, false);
        step(id, Duration.ofSeconds(15));
        assertEquals(JobPhase.RUNNING, last().phase());
        send("plangrep:files?operation=completeUploads", null, Map.of(PlangrepConstants.JOB_ID, id));
        step(id, Duration.ofSeconds(15));
        step(id, Duration.ofSeconds(15));
        Seen processing = last();
        assertEquals("processing", processing.status());
        assertEquals(20, processing.pageCount());
        assertEquals(5, processing.successfulPages());
        assertEquals(25.0, processing.progress());
        assertInstanceOf(PlangrepJob.class, processing.body());

        step(id, Duration.ofSeconds(15));
        assertEquals("processing", last().status(), "page progress alone is not a transition by default");
        step(id, Duration.ofSeconds(15));
        Seen completed = last();
        assertEquals("completed", completed.status());
        assertEquals(JobPhase.SUCCEEDED, completed.phase());
        assertTrue(completed.body() instanceof String s && s.contains("\"schemaVersion\":\"v1\""), "fetchResult");
        assertInstanceOf(PlangrepJob.class, completed.job());
        assertEquals(List.of("awaiting_uploads", "uploading", "preflighting", "processing", "completed"), statuses());
        assertFalse(tracker().isTracked(id), "a terminal job leaves tracking");
    }

    @Test
    void aTrackedJobStartsWithItsCurrentStatusProvisioning() throws Exception {
        start(PlangrepSimulator.builder(), "");
        Exchange created = send("plangrep:jobs?trackSubmittedJobs=false", null, Map.of());
        String id = created.getMessage().getHeader(PlangrepConstants.JOB_ID, String.class);
        assertFalse(tracker().isTracked(id));
        send("plangrep:jobs?operation=track", null, Map.of(PlangrepConstants.JOB_ID, id));
        step(id, Duration.ZERO);
        assertEquals(List.of("provisioning"), statuses());
        assertEquals(JobPhase.QUEUED, last().phase());
        assertNull(last().previous());
    }

    @Test
    void creditsRunningOutWaitForTheUserWhoResumes() throws Exception {
        start(PlangrepSimulator.builder().credits(2), "");
        String id = createJob("order-2");
        step(id, Duration.ofSeconds(15));
        upload(id, 6, true);
        step(id, Duration.ofSeconds(15));
        step(id, Duration.ofSeconds(15));
        Seen blocked = last();
        assertEquals("blocked_insufficient_credits", blocked.status());
        assertEquals(JobPhase.WAITING_FOR_USER, blocked.phase(), "a route can alert someone or resume");
        assertEquals(2, blocked.successfulPages());

        simulator.addCredits(10);
        Exchange resumed = send("plangrep:jobs?operation=resume", null, Map.of(PlangrepConstants.JOB_ID, id));
        assertNull(resumed.getException());
        step(id, Duration.ofSeconds(15));
        step(id, Duration.ofSeconds(15));
        assertEquals("completed", last().status());
        assertEquals(6, last().successfulPages());
        assertEquals(List.of("awaiting_uploads", "blocked_insufficient_credits", "processing", "completed"), statuses());
    }

    @Test
    void partialErrorsArePartialSuccessWithAResult() throws Exception {
        start(PlangrepSimulator.builder(), "&terminalOnly=true&fetchResult=true");
        simulator.failPagesOfNextJob(2);
        String id = createJob("order-3");
        step(id, Duration.ofSeconds(15));
        upload(id, 5, true);
        step(id, Duration.ofMinutes(1));
        assertEquals(List.of("completed_with_errors"), statuses());
        assertEquals(JobPhase.PARTIALLY_SUCCEEDED, last().phase());
        assertEquals(3, last().successfulPages());
        assertTrue(last().body() instanceof String s && s.contains("PAGE_UNREADABLE"), "the partial result");
    }

    @Test
    void aFailedJobCarriesItsError() throws Exception {
        start(PlangrepSimulator.builder(), "&terminalOnly=true&fetchResult=true");
        simulator.failNextJob("PREFLIGHT_FAILED", "The file is encrypted");
        String id = createJob("order-4");
        step(id, Duration.ofSeconds(15));
        upload(id, 1, true);
        step(id, Duration.ofSeconds(15));
        assertEquals(List.of("failed"), statuses());
        assertEquals(JobPhase.FAILED, last().phase());
        assertEquals("PREFLIGHT_FAILED", last().errorCode());
        assertInstanceOf(PlangrepJob.class, last().body(), "no result for a failed job");
    }

    @Test
    void aCancelIsConfirmedByPolling() throws Exception {
        start(PlangrepSimulator.builder().cancelDelay(Duration.ofSeconds(20)), "");
        String id = createJob("order-5");
        step(id, Duration.ofSeconds(15));
        upload(id, 40, true);
        Exchange cancel = send("plangrep:jobs?operation=cancel", null, Map.of(PlangrepConstants.JOB_ID, id));
        assertEquals("preflighting", cancel.getMessage().getHeader(PlangrepConstants.STATUS));
        step(id, Duration.ofSeconds(15));
        assertEquals("processing", last().status(), "the cancel has not taken effect yet");
        step(id, Duration.ofSeconds(15));
        assertEquals("cancelled", last().status());
        assertEquals(JobPhase.CANCELLED, last().phase());
    }

    @Test
    void aJobLeftWaitingForUploadsExpires() throws Exception {
        start(PlangrepSimulator.builder(), "");
        String id = createJob("order-6");
        step(id, Duration.ofSeconds(15));
        step(id, Duration.ofDays(7));
        assertEquals(List.of("awaiting_uploads", "expired"), statuses());
        assertEquals(JobPhase.EXPIRED, last().phase());
    }

    @Test
    void emitOnProgressEmitsPageProgress() throws Exception {
        start(PlangrepSimulator.builder().preflight(Duration.ZERO).perPage(Duration.ofSeconds(5)), "&emitOnProgress=true");
        String id = createJob("order-7");
        step(id, Duration.ofSeconds(15));
        upload(id, 9, true);
        step(id, Duration.ofSeconds(15));
        step(id, Duration.ofSeconds(15));
        List<Integer> pages;
        synchronized (seen) {
            pages = seen.stream().filter(s -> "processing".equals(s.status())).map(Seen::successfulPages).toList();
        }
        assertEquals(List.of(3, 6), pages);
    }
}
