package dev.asyncjobs.simulator.pixxel;

import static dev.asyncjobs.simulator.TestHttp.get;
import static dev.asyncjobs.simulator.TestHttp.json;
import static dev.asyncjobs.simulator.TestHttp.post;
import static dev.asyncjobs.simulator.TestHttp.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncjobs.simulator.SimulatorMain;
import dev.asyncjobs.simulator.TestHttp;
import dev.asyncjobs.simulator.VendorSimulator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PixxelSimulatorTest {

    private static final Instant T0 = Instant.parse("2026-03-12T15:00:00Z");
    private static final String WF = PixxelSimulator.DEFAULT_WORKFLOW_ID;
    private static final String PROJECT = "prj_42";

    private PixxelSimulator sim;
    private String[] auth;

    @BeforeEach
    void start() {
        sim = PixxelSimulator.builder().startTime(T0).speed(0).start();
        auth = new String[] {"Authorization", sim.apiKey()};
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String jobs() {
        return sim.baseUrl() + "/v0/workflows/" + WF + "/jobs";
    }

    private JsonNode getJob(String id) {
        HttpResponse<String> r = get(jobs() + "/" + id, auth);
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    private String create() {
        HttpResponse<String> r = post(jobs() + "?project_id=" + PROJECT, "{\"aoi\":\"x\"}", auth);
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("id").asText();
    }

    private HttpResponse<String> put(String url) {
        return send("PUT", url, null, auth);
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode error = json(r).get("error");
        assertNotNull(error, r.body());
        assertEquals(code, error.get("code").asText(), r.body());
        assertTrue(error.has("details"), "the documented envelope always has details: " + r.body());
        assertTrue(error.get("message").isTextual(), r.body());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aJobHasExactlyThePagesFieldsInItsOrder() {
        String id = create();
        JsonNode job = getJob(id);
        assertEquals(List.of("created_by", "status", "time_taken", "id", "tasks", "val_errors", "spec", "cost",
                "workflow_id", "updated_at", "finished_at", "exec_created_at", "exec_updated_at", "created_at",
                "estimated_duration", "progress"), names(job));
        assertEquals(List.of("id", "info_logs", "created_at", "updated_at", "finished_at", "estimated_time_duration",
                "time_taken", "status", "state_msg", "inputs", "result", "depends_on", "name", "progress",
                "disclaimer", "recv_time", "send_time", "block_inf_start_time", "block_inf_end_time", "block_info",
                "err_msg", "failure_type"), names(job.get("tasks").get(0)));
        assertEquals("running", job.get("status").asText());
        assertEquals("0%", job.get("progress").asText());
        assertEquals(600, job.get("estimated_duration").asInt(), "2 + 5 + 3 minutes");
        assertEquals(WF, job.get("workflow_id").asText());
        assertEquals("2026-03-12T15:00:00Z", job.get("created_at").asText());
        assertTrue(job.get("finished_at").isNull());
        assertEquals("{\"aoi\":\"x\"}", sim.submittedBody(id));
        assertEquals(PROJECT, sim.projectId(id));
    }

    @Test
    void executionStartsWhenTheJobLeavesTheQueue() {
        sim.close();
        sim = PixxelSimulator.builder().startTime(T0).speed(0).queueTime(Duration.ofSeconds(90)).start();
        auth = new String[] {"Authorization", sim.apiKey()};
        String id = create();
        sim.clock().advance(Duration.ofMinutes(1));
        JsonNode queued = getJob(id);
        assertEquals("queued", queued.get("status").asText());
        assertTrue(queued.get("exec_created_at").isNull(), "not executing yet: " + queued);
        sim.clock().advance(Duration.ofMinutes(1));
        JsonNode running = getJob(id);
        assertEquals("running", running.get("status").asText());
        assertEquals("2026-03-12T15:01:30Z", running.get("exec_created_at").asText());
        assertEquals("2026-03-12T15:00:00Z", running.get("created_at").asText());
        sim.clock().advance(Duration.ofMinutes(10));
        JsonNode done = getJob(id);
        assertEquals("completed", done.get("status").asText());
        assertEquals("2026-03-12T15:01:30Z", done.get("exec_created_at").asText(), "kept once ended");
    }

    @Test
    void tasksRunOneAfterAnotherWithStringProgressOnTheJobAndIntegersOnTasks() {
        String id = create();
        sim.clock().advance(Duration.ofMinutes(3)); // ingestion (2 min) done, correction 1 of 5 min
        JsonNode job = getJob(id);
        assertEquals("30%", job.get("progress").asText());
        JsonNode tasks = job.get("tasks");
        assertEquals(2, tasks.size(), "only tasks executed so far are listed");
        assertEquals("data-ingestion", tasks.get(0).get("name").asText());
        assertEquals("completed", tasks.get(0).get("status").asText());
        assertEquals(100, tasks.get(0).get("progress").asInt());
        assertEquals("atmospheric-correction", tasks.get(1).get("name").asText());
        assertEquals("running", tasks.get(1).get("status").asText());
        assertEquals(20, tasks.get(1).get("progress").asInt());
        assertTrue(tasks.get(1).get("progress").isInt());
        assertEquals(tasks.get(0).get("id").asText(), tasks.get(1).get("depends_on").get(0).asText());

        sim.clock().advance(Duration.ofMinutes(7));
        JsonNode done = getJob(id);
        assertEquals("completed", done.get("status").asText());
        assertEquals("100%", done.get("progress").asText());
        assertEquals("2026-03-12T15:10:00Z", done.get("finished_at").asText());
        assertEquals("600s", done.get("time_taken").asText());
        assertEquals(3, done.get("tasks").size());
    }

    @Test
    void aFailingTaskFailsTheJobWithErrMsgAndFailureType() {
        sim.failNextJob("atmospheric-correction", "BLOCK_ERROR", "Cloud cover above 80% over the AOI");
        String id = create();
        sim.clock().advance(Duration.ofMinutes(4)); // correction fails half-way, at 2 + 2.5 minutes
        assertEquals("running", getJob(id).get("status").asText());
        sim.clock().advance(Duration.ofMinutes(1));
        JsonNode job = getJob(id);
        assertEquals("failed", job.get("status").asText());
        assertEquals(2, job.get("tasks").size(), "the task after the failed one never ran");
        JsonNode failed = job.get("tasks").get(1);
        assertEquals("failed", failed.get("status").asText());
        assertEquals("BLOCK_ERROR", failed.get("failure_type").asText());
        assertEquals("Cloud cover above 80% over the AOI", failed.get("err_msg").asText());
        assertTrue(job.get("tasks").get(0).get("err_msg").isNull());
        assertError(put(jobs() + "/" + id + "/download"), 400, "BAD_REQUEST");
        // the task that completed can still be downloaded
        String first = job.get("tasks").get(0).get("id").asText();
        assertEquals(200, put(jobs() + "/" + id + "/tasks/" + first + "/download").statusCode());
    }

    @Test
    void validationErrorsFailTheJobAtOnceWithoutRunningTasks() {
        sim.rejectNextJob(new PixxelSimulator.ValidationError("aoi", "ndvi-index", "AOI_TOO_LARGE",
                "AOI exceeds 500 km2", "aoi-input"));
        String id = create();
        JsonNode job = getJob(id);
        assertEquals("failed", job.get("status").asText());
        assertEquals(0, job.get("tasks").size());
        JsonNode v = job.get("val_errors").get(0);
        assertEquals("AOI_TOO_LARGE", v.get("err").asText());
        assertEquals("AOI exceeds 500 km2", v.get("reason").asText());
        assertEquals("aoi-input", v.get("component_name").asText());
        assertEquals(List.of("from", "to", "err", "reason", "component_name"), names(v));
    }

    @Test
    void aDownloadIsPendingThenReadyWithASignedUrlOnObjectStorage() throws IOException, InterruptedException {
        String id = create();
        sim.clock().advance(Duration.ofMinutes(10));
        HttpResponse<String> first = put(jobs() + "/" + id + "/download");
        assertEquals(200, first.statusCode(), first.body());
        JsonNode pending = json(first);
        assertEquals(List.of("id", "status", "signed_url"), names(pending));
        assertEquals("pending", pending.get("status").asText());
        assertTrue(pending.get("signed_url").isNull());

        sim.clock().advance(PixxelSimulator.DEFAULT_DOWNLOAD_PREPARATION);
        JsonNode ready = json(put(jobs() + "/" + id + "/download"));
        assertEquals("ready", ready.get("status").asText());
        assertEquals(pending.get("id"), ready.get("id"), "the same download request");
        String url = ready.get("signed_url").asText();
        assertTrue(url.startsWith(sim.storageBaseUrl()), url);

        HttpResponse<byte[]> file = TestHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        assertArrayEquals(sim.jobOutput(id), file.body());
        // the storage host refuses the API key
        HttpResponse<String> withKey = get(url, auth);
        assertEquals(400, withKey.statusCode());
    }

    @Test
    void aTaskDownloadServesThatTasksOutputAndUnknownTasksAre404() throws Exception {
        String id = create();
        sim.clock().advance(Duration.ofMinutes(3));
        List<String> tasks = sim.taskIds(id);
        assertError(put(jobs() + "/" + id + "/tasks/" + tasks.get(1) + "/download"), 400, "BAD_REQUEST");
        assertError(put(jobs() + "/" + id + "/tasks/nope/download"), 404, "NOT_FOUND");
        sim.downloadPreparation(Duration.ZERO);
        JsonNode ready = json(put(jobs() + "/" + id + "/tasks/" + tasks.get(0) + "/download"));
        assertEquals("ready", ready.get("status").asText());
        HttpResponse<byte[]> file = TestHttp.CLIENT.send(
                HttpRequest.newBuilder(URI.create(ready.get("signed_url").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(sim.taskOutput(id, tasks.get(0)), file.body());
    }

    @Test
    void listFiltersByIdStatusCreatorAndDay() {
        String older = create();
        sim.clock().advance(Duration.ofDays(1));
        String newer = create();
        sim.clock().advance(Duration.ofMinutes(1));
        JsonNode all = json(get(jobs(), auth)).get("jobs");
        assertEquals(List.of(newer, older), ids(all), "newest first");
        assertEquals(List.of(newer), ids(json(get(jobs() + "?status=running", auth)).get("jobs")));
        assertEquals(List.of(older), ids(json(get(jobs() + "?status=completed", auth)).get("jobs")));
        assertEquals(List.of(older), ids(json(get(jobs() + "?id=" + older, auth)).get("jobs")));
        assertEquals(List.of(older), ids(json(get(jobs() + "?created_on=2026-03-12", auth)).get("jobs")));
        assertEquals(2, json(get(jobs() + "?created_by=" + PixxelSimulator.USER_ID, auth)).get("jobs").size());
        assertEquals(0, json(get(jobs() + "?created_by=someone_else", auth)).get("jobs").size());
        assertError(get(jobs() + "?created_on=yesterday", auth), 400, "BAD_REQUEST");
    }

    @Test
    void estimateAnswersTheWorkflowsCost() {
        sim.addWorkflow("wf_small", 7, PixxelSimulator.task("only", Duration.ofMinutes(1)));
        JsonNode estimate = json(get(sim.baseUrl() + "/v0/workflows/wf_small/estimate", auth));
        assertEquals(7, estimate.get("cost").asInt());
        assertEquals("wf_small", estimate.get("workflow_id").asText());
    }

    @Test
    void theKeyGoesRawAndABearerValueIsRejected() {
        assertError(get(jobs(), "Authorization", "Bearer " + sim.apiKey()), 401, "UNAUTHORIZED");
        HttpResponse<String> bearer = get(jobs(), "Authorization", "Bearer " + sim.apiKey());
        assertTrue(json(bearer).get("error").get("details").asText().contains("Bearer"), bearer.body());
        assertError(get(jobs()), 401, "UNAUTHORIZED");
        assertError(get(jobs(), "Authorization", "wrong"), 401, "UNAUTHORIZED");
        sim.forbiddenKey("pxl_other_org");
        assertError(get(jobs(), "Authorization", "pxl_other_org"), 403, "FORBIDDEN");
        assertEquals(200, get(jobs(), auth).statusCode());
    }

    @Test
    void badRequestsForbiddenWorkflowsAndUnknownJobsUseTheEnvelope() {
        assertError(post(jobs(), "{}", auth), 400, "BAD_REQUEST");
        assertEquals("query parameter project_id is missing",
                json(post(jobs(), "{}", auth)).get("error").get("details").asText());
        assertError(post(jobs() + "?project_id=p", "{not json", auth), 400, "BAD_REQUEST");
        assertError(get(jobs() + "/unknown", auth), 404, "NOT_FOUND");
        assertError(get(sim.baseUrl() + "/v0/workflows/unknown/jobs", auth), 404, "NOT_FOUND");
        sim.forbidWorkflow(WF);
        assertError(get(jobs(), auth), 403, "FORBIDDEN");
    }

    @Test
    void aJobCreatedWithoutBodyIsAccepted() {
        HttpResponse<String> r = send("POST", jobs() + "?project_id=p", null, auth);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("", sim.submittedBody(json(r).get("id").asText()));
    }

    @Test
    void slowerThanEstimatedJobsKeepTheirEstimateAndAnUndocumentedStatusCanBeForced() {
        sim.durationFactor(2);
        String id = create();
        sim.clock().advance(Duration.ofMinutes(10));
        JsonNode job = getJob(id);
        assertEquals("running", job.get("status").asText());
        assertEquals("50%", job.get("progress").asText());
        assertEquals(600, job.get("estimated_duration").asInt());
        assertEquals(T0.plus(Duration.ofMinutes(20)), sim.jobEnd(id));
        sim.overrideStatus(id, "provisioning");
        assertEquals("provisioning", getJob(id).get("status").asText());
    }

    @Test
    void faultsUseTheEnvelopeAndResetForgetsJobs() {
        sim.faults().next(1, "GET", "/v0/workflows/.*/jobs").serverError();
        sim.faults().next(1, "GET", "/v0/workflows/.*/jobs").rateLimited(Duration.ofSeconds(2));
        assertError(get(jobs(), auth), 500, "INTERNAL_SERVER_ERROR");
        HttpResponse<String> limited = get(jobs(), auth);
        assertError(limited, 429, "TOO_MANY_REQUESTS");
        assertEquals("2", limited.headers().firstValue("Retry-After").orElseThrow());
        create();
        sim.reset();
        assertEquals(List.of(), sim.jobIds());
    }

    @Test
    void outputsAreTheSameBytesWheneverTheyAreAskedFor() throws IOException {
        String id = create();
        byte[] first = sim.jobOutput(id);
        sim.clock().advance(Duration.ofHours(1));
        assertArrayEquals(first, sim.jobOutput(id));
        // the archive's entry is dated by the job, not by the real time it was generated at
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(first))) {
            assertEquals(T0.toEpochMilli(), zip.getNextEntry().getTime());
        }
    }

    @Test
    void simulatorMainStartsPixxel() {
        try (VendorSimulator started = SimulatorMain.start("pixxel", "--speed", "60")) {
            assertTrue(started instanceof PixxelSimulator);
            assertEquals(PixxelSimulator.DEFAULT_API_KEY, started.apiKey());
        }
        assertTrue(SimulatorMain.vendors().contains("pixxel"));
    }

    private static List<String> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(j -> j.get("id").asText()).toList();
    }
}
