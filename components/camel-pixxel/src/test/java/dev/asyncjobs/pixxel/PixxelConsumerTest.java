package dev.asyncjobs.pixxel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.pixxel.api.PixxelJob;
import dev.asyncjobs.pixxel.api.PixxelTask;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PixxelConsumerTest extends PixxelTestSupport {

    private MockEndpoint transitions;

    /**
     * Starts a consumer and a producer route (direct:create) on the same endpoint: the producer schedules a created
     * job's first poll with its own endpoint's poll options.
     */
    private void consume(String consumerUri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:create").to(consumerUri);
                from(consumerUri).routeId("transitions").to("mock:transitions");
            }
        });
        context.start();
        transitions = context.getEndpoint("mock:transitions", MockEndpoint.class);
    }

    private List<Message> messages() {
        return transitions.getExchanges().stream().map(Exchange::getMessage).toList();
    }

    private List<String> seen() {
        return messages().stream().map(m -> m.getHeader(AsyncJobConstants.PREVIOUS_STATUS) + "->"
                                            + m.getHeader(AsyncJobConstants.STATUS)).toList();
    }

    private String create() {
        return template.requestBody("direct:create", null, PixxelJob.class).id();
    }

    private void awaitPolls(String jobId, int more) {
        String path = "/v0/workflows/" + WF + "/jobs/" + jobId;
        int start = simulator.requestCount("GET", path);
        await().until(() -> simulator.requestCount("GET", path) >= start + more);
    }

    @Test
    void emitsOneExchangePerStatusTransitionWithTheTypedJob() throws Exception {
        consume("pixxel:jobs?" + FAST);
        String jobId = create();
        awaitPolls(jobId, 3);
        assertEquals(List.of(), seen(), "running was reported by the create: no transition yet");
        advance(Duration.ofMinutes(10));
        await().until(() -> !tracker().isTracked(jobId));

        assertEquals(List.of("running->completed"), seen());
        Message done = messages().get(0);
        PixxelJob job = done.getBody(PixxelJob.class);
        assertEquals(3, job.tasks().size());
        assertEquals(100.0, done.getHeader(AsyncJobConstants.PROGRESS));
        assertEquals(JobPhase.SUCCEEDED, done.getHeader(AsyncJobConstants.PHASE));
        assertEquals(true, done.getHeader(AsyncJobConstants.TERMINAL));
        assertEquals(jobId, done.getHeader(AsyncJobConstants.JOB_ID));
        assertEquals(WF, done.getHeader(PixxelConstants.WORKFLOW_ID));
        assertEquals(600L, done.getHeader(PixxelConstants.ESTIMATED_DURATION));
    }

    @Test
    void emitOnProgressReportsEachTaskChangeAndNamesTheFailedTask() throws Exception {
        simulator.failNextJob("ndvi-index", "OUT_OF_MEMORY", "Block ran out of memory");
        consume("pixxel:jobs?" + FAST + "&emitOnProgress=true");
        String jobId = create();
        for (int minute = 1; minute <= 9; minute++) {
            advance(Duration.ofMinutes(1));
            int expected = minute;
            await().until(() -> transitions.getExchanges().size() >= expected);
        }
        await().until(() -> !tracker().isTracked(jobId));

        List<Message> all = messages();
        assertEquals(9, all.size(), "one exchange per minute: progress moved every time");
        assertEquals(List.of("10%", "20%", "30%", "40%", "50%", "60%", "70%", "80%", "85%"),
                all.stream().map(m -> m.getBody(PixxelJob.class).progress()).toList());
        // minute 2: data-ingestion completed and atmospheric-correction started, in one exchange
        assertEquals(List.of("completed", "running"), statuses(all.get(1)));
        assertEquals("running", all.get(1).getHeader(AsyncJobConstants.STATUS));
        assertEquals("running", all.get(1).getHeader(AsyncJobConstants.PREVIOUS_STATUS));
        Message failed = all.get(8);
        assertEquals(List.of("completed", "completed", "failed"), statuses(failed));
        assertEquals(JobPhase.FAILED, failed.getHeader(AsyncJobConstants.PHASE));
        assertEquals("ndvi-index", failed.getHeader(PixxelConstants.FAILED_TASK_NAME));
        assertEquals(simulator.taskIds(jobId).get(2), failed.getHeader(PixxelConstants.FAILED_TASK_ID));
        assertEquals("OUT_OF_MEMORY", failed.getHeader(PixxelConstants.FAILURE_TYPE));
        assertEquals("OUT_OF_MEMORY", failed.getHeader(AsyncJobConstants.ERROR_CODE));
        assertEquals("Block ran out of memory", failed.getHeader(AsyncJobConstants.ERROR_MESSAGE));
        assertNull(all.get(7).getHeader(PixxelConstants.FAILED_TASK_NAME));
    }

    private static List<String> statuses(Message m) {
        return m.getBody(PixxelJob.class).tasks().stream().map(PixxelTask::status).toList();
    }

    @Test
    void anUndocumentedStatusIsKeptNotTerminalAndTheJobFollowedToItsEnd() throws Exception {
        consume("pixxel:jobs?" + FAST);
        String jobId = create();
        simulator.overrideStatus(jobId, "provisioning");
        await().until(() -> seen().size() == 1);
        Message unknown = messages().get(0);
        assertEquals("provisioning", unknown.getHeader(AsyncJobConstants.STATUS));
        assertEquals(JobPhase.UNKNOWN, unknown.getHeader(AsyncJobConstants.PHASE));
        assertEquals(false, unknown.getHeader(AsyncJobConstants.TERMINAL));
        awaitPolls(jobId, 2);
        assertTrue(tracker().isTracked(jobId));

        simulator.overrideStatus(jobId, null);
        advance(Duration.ofMinutes(10));
        await().until(() -> !tracker().isTracked(jobId));
        assertEquals(List.of("running->provisioning", "provisioning->completed"), seen());
    }

    @Test
    void faultsOnStatusRequestsLoseNoJobAndDuplicateNoTransition() throws Exception {
        component().setSoTimeout(500);
        consume("pixxel:jobs?" + FAST + "&maxPollBackoff=200");
        String jobId = create();
        String path = "/v0/workflows/" + WF + "/jobs/" + jobId;
        simulator.faults().next(1, "GET", path).rateLimited(Duration.ofSeconds(1));
        simulator.faults().next(2, "GET", path).serverError();
        simulator.faults().next(1, "GET", path).connectionReset();
        simulator.faults().next(1, "GET", path).malformedJson();
        simulator.faults().next(1, "GET", path).slow(Duration.ofSeconds(2));
        advance(Duration.ofMinutes(10));
        await().atMost(Duration.ofSeconds(20)).until(() -> !tracker().isTracked(jobId));

        assertEquals(0, simulator.faults().remaining());
        assertEquals(List.of("running->completed"), seen());
    }

    @Test
    void aForbiddenKeyTurnsHealthDownAndTheJobStaysTracked() throws Exception {
        simulator.forbiddenKey("pxl_other_org");
        String jobId = simulator.createJob(WF, PROJECT);
        consume("pixxel:jobs?" + FAST + "&apiKey=RAW(pxl_other_org)&jobId=" + jobId);
        HealthCheck health = ((HealthCheckAware) context.getRoute("transitions").getConsumer()).getHealthCheck();

        // DOWN at first because it has not polled yet; then DOWN because the API refused the key
        await().until(() -> health.call().getState() == HealthCheck.State.DOWN && health.call().getError().isPresent());
        String reason = health.call().getError().orElseThrow().getMessage();
        assertTrue(reason.contains("403") && reason.contains("FORBIDDEN"), reason);
        assertFalse(reason.contains("pxl_other_org"), "the key is never in a message");
        assertEquals(List.of(), seen());
        assertTrue(component().getTracker(simulator.baseUrl(), "pxl_other_org").isTracked(jobId), "tracked under its own key");
    }

    @Test
    void aJobCreatedElsewhereIsWatchedByWorkflowAndJobId() throws Exception {
        String jobId = simulator.createJob(WF, PROJECT);
        consume("pixxel:jobs?" + FAST + "&jobId=" + jobId);

        await().until(() -> seen().size() == 1);
        assertEquals(List.of("null->running"), seen());
        advance(Duration.ofMinutes(10));
        await().until(() -> seen().size() == 2);
        assertEquals("running->completed", seen().get(1));
    }

    @Test
    void theTrackOperationTakesTheWorkflowFromItsHeader() throws Exception {
        simulator.addWorkflow("wf_other", 5, dev.asyncjobs.simulator.pixxel.PixxelSimulator.task("only",
                Duration.ofMinutes(1)));
        String jobId = simulator.createJob("wf_other", PROJECT);
        advance(Duration.ofMinutes(1));
        consume("pixxel:jobs?" + FAST);

        template.sendBodyAndHeaders("pixxel:ops?operation=track", null,
                Map.of(AsyncJobConstants.JOB_ID, jobId, PixxelConstants.WORKFLOW_ID, "wf_other"));

        await().until(() -> seen().size() == 1);
        assertEquals(List.of("null->completed"), seen());
        assertEquals("wf_other", messages().get(0).getHeader(PixxelConstants.WORKFLOW_ID));
    }

    @Test
    void aRestartedContextFollowsTrackedJobsWithTheirWorkflowFromTheTrackingFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pixxel-jobs.json");
        component().setTrackingFile(file.toString());
        context.start();
        String jobId = template.requestBody("pixxel:jobs", null, PixxelJob.class).id();
        context.stop();

        context = new DefaultCamelContext();
        PixxelComponent restarted = context.getComponent("pixxel", PixxelComponent.class);
        restarted.getConfiguration().setApiKey(simulator.apiKey());
        restarted.getConfiguration().setBaseUrl(simulator.baseUrl());
        restarted.setTrackingFile(file.toString());
        template = context.createProducerTemplate();
        advance(Duration.ofMinutes(10));
        consume("pixxel:jobs?" + FAST);

        await().until(() -> seen().size() == 1);
        assertEquals(List.of("running->completed"), seen());
        assertEquals(WF, messages().get(0).getHeader(PixxelConstants.WORKFLOW_ID));
    }

    @Test
    void anExplicitIntervalIsKeptAsSetWithoutAFloorPixxelNeverDocumented() throws Exception {
        useSimulatorClock();
        consume("pixxel:jobs?delay=20&initialDelay=0&pollingMode=fixed&firstPollDelay=250ms&pollInterval=250ms");
        String jobId = create();
        Instant created = simulator.clock().now();
        await().until(() -> tracker().get(jobId).map(dev.asyncjobs.engine.store.JobRecord::nextPollAt).isPresent());
        assertEquals(created.plus(Duration.ofMillis(250)), tracker().get(jobId).map(dev.asyncjobs.engine.store.JobRecord::nextPollAt).orElseThrow());
        advance(Duration.ofMillis(250));
        awaitPolls(jobId, 1);
        await().until(() -> tracker().get(jobId).map(dev.asyncjobs.engine.store.JobRecord::nextPollAt).orElseThrow().isAfter(simulator.clock().now()));
        assertEquals(created.plus(Duration.ofMillis(500)), tracker().get(jobId).map(dev.asyncjobs.engine.store.JobRecord::nextPollAt).orElseThrow());
    }

    @Test
    void fetchResultPutsTheJobsDownloadInTheBodyOfTheCompletedTransition() throws Exception {
        simulator.downloadPreparation(Duration.ZERO);
        consume("pixxel:jobs?" + FAST + "&fetchResult=true");
        String jobId = create();
        advance(Duration.ofMinutes(10));
        await().until(() -> !tracker().isTracked(jobId));

        Message done = messages().get(0);
        assertTrue(done.getBody(dev.asyncjobs.pixxel.api.PixxelDownload.class).ready());
        assertEquals("completed", done.getHeader(AsyncJobConstants.JOB, PixxelJob.class).status());
        assertEquals(1, simulator.requestCount("PUT", ".*/download"));
    }
}
