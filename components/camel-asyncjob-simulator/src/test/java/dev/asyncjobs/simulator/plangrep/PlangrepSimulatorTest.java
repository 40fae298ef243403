package dev.asyncjobs.simulator.plangrep;

import static dev.asyncjobs.simulator.TestHttp.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.asyncjobs.simulator.SimulatorMain;
import dev.asyncjobs.simulator.TestHttp;
import dev.asyncjobs.simulator.VendorSimulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlangrepSimulatorTest {

    private static final Instant T0 = Instant.parse("2024-11-02T09:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PROJECT = PlangrepSimulator.DEFAULT_PROJECT_ID;

    private PlangrepSimulator sim;
    private String[] auth;

    @BeforeEach
    void start() {
        sim = PlangrepSimulator.builder().startTime(T0).speed(0).autoDeliverWebhooks(false).start();
        auth = new String[] {"Authorization", "Bearer " + sim.apiKey()};
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    static byte[] pdf(int pages) {
        return PlangrepSimulator.pdfWithPages(pages);
    }

    private HttpResponse<String> post(String path, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of(auth));
        all.addAll(List.of(headers));
        return TestHttp.send("POST", sim.apiBaseUrl() + path, body, all.toArray(String[]::new));
    }

    private JsonNode job(String id) {
        HttpResponse<String> r = TestHttp.get(sim.apiBaseUrl() + "/jobs/" + id, auth);
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("job");
    }

    private String createJob(String body, String... headers) {
        HttpResponse<String> r = post("/projects/" + PROJECT + "/jobs", body, headers);
        assertEquals(202, r.statusCode(), r.body());
        return json(r).get("job").get("id").asText();
    }

    private HttpResponse<String> uploadMultipart(String jobId, String fileName, byte[] content) {
        String boundary = "simtest" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String metadata = "{\"files\":[{\"partName\":\"file0\",\"fileName\":\"" + fileName
                + "\",\"contentType\":\"application/pdf\"}]}";
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + metadata + "\r\n");
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file0\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/pdf\r\n\r\n");
        out.writeBytes(content);
        write(out, "\r\n--" + boundary + "--\r\n");
        try {
            return TestHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(sim.apiBaseUrl() + "/jobs/" + jobId + "/files"))
                    .header("Authorization", "Bearer " + sim.apiKey())
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private String jobAwaitingUploads() {
        String id = createJob("{\"externalId\":\"order-7890\"}");
        sim.clock().advance(Duration.ofSeconds(5));
        assertEquals("awaiting_uploads", job(id).get("status").asText());
        return id;
    }

    /** A job whose 3-page PDF is uploaded and completed: preflighting. */
    private String jobPreflighting(int pages) {
        String id = jobAwaitingUploads();
        assertEquals(200, uploadMultipart(id, "plans.pdf", pdf(pages)).statusCode());
        assertEquals(202, post("/jobs/" + id + "/uploads/complete", "{}").statusCode());
        return id;
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(code, json(r).get("error").get("code").asText(), r.body());
    }

    // ---- create -----------------------------------------------------------------------------------------------

    @Test
    void createAnswers202WithTheJobAndTheSigningSecretShownOnce() {
        HttpResponse<String> first = post("/projects/" + PROJECT + "/jobs",
                "{\"externalId\":\"order-7890\",\"webhookUrl\":\"https://example.com/hook\"}", "Idempotency-Key", "k-1");
        assertEquals(202, first.statusCode(), first.body());
        JsonNode job = json(first).get("job");
        assertEquals("provisioning", job.get("status").asText());
        assertEquals("order-7890", job.get("externalId").asText());
        assertEquals(PROJECT, job.get("projectId").asText());
        assertTrue(job.get("id").asText().matches("job_[0-9a-z]{26}"), job.toString());
        assertEquals("2024-11-02T09:00:00.000Z", job.get("createdAt").asText());
        assertEquals("2024-11-09T09:00:00.000Z", job.get("expiresAt").asText());
        assertEquals(10_000_000_000L, job.get("limits").get("maxDeclaredBytes").asLong());
        assertTrue(json(first).get("webhookSigningSecret").asText().startsWith("whsec_"));

        HttpResponse<String> replay = post("/projects/" + PROJECT + "/jobs",
                "{\"externalId\":\"order-7890\",\"webhookUrl\":\"https://example.com/hook\"}", "Idempotency-Key", "k-1");
        assertEquals(202, replay.statusCode());
        assertEquals(job.get("id"), json(replay).get("job").get("id"));
        assertTrue(json(replay).get("idempotent").asBoolean());
        assertFalse(json(replay).has("webhookSigningSecret"), "the secret is shown only in the first answer");
        assertEquals(1, sim.jobIds().size());

        createJob("{\"externalId\":\"order-7890\"}", "Idempotency-Key", "k-2");
        createJob("{\"externalId\":\"order-7890\"}");
        assertEquals(3, sim.jobIds().size(), "without the same key, the same externalId is a new job");
    }

    @Test
    void refusesWhatTheDocsRefuse() {
        assertError(TestHttp.send("POST", sim.apiBaseUrl() + "/projects/" + PROJECT + "/jobs", "{}"), 401,
                "UNAUTHORIZED");
        assertError(TestHttp.send("POST", sim.apiBaseUrl() + "/projects/" + PROJECT + "/jobs", "{}",
                "Authorization", sim.apiKey()), 401, "UNAUTHORIZED");
        assertError(post("/projects/proj_unknown/jobs", "{}"), 404, "PROJECT_NOT_FOUND");
        assertError(post("/projects/" + PROJECT + "/jobs", "{\"externalId\":\"" + "x".repeat(181) + "\"}"), 400,
                "VALIDATION_ERROR");
        assertError(post("/projects/" + PROJECT + "/jobs", "{\"webhookUrl\":\"not a url\"}"), 400, "VALIDATION_ERROR");
        assertError(TestHttp.get(sim.apiBaseUrl() + "/jobs/job_nope", auth), 404, "JOB_NOT_FOUND");
        assertEquals(0, sim.jobIds().size());
    }

    // ---- the status ladder ------------------------------------------------------------------------------------

    @Test
    void multipartUploadThenCompleteRunsTheLadderToCompleted() {
        String id = createJob("{}");
        assertError(uploadMultipart(id, "plans.pdf", pdf(3)), 409, "INVALID_JOB_STATE");
        sim.clock().advance(Duration.ofSeconds(5));
        HttpResponse<String> upload = uploadMultipart(id, "plans.pdf", pdf(3));
        assertEquals(200, upload.statusCode(), upload.body());
        assertEquals("uploaded", json(upload).get("status").asText());
        assertEquals("uploading", json(upload).get("job").get("status").asText());
        assertEquals("uploading", job(id).get("status").asText(), "uploads do not start processing by themselves");

        HttpResponse<String> complete = post("/jobs/" + id + "/uploads/complete", "{}");
        assertEquals(202, complete.statusCode(), complete.body());
        assertEquals("preflighting", json(complete).get("job").get("status").asText());
        sim.clock().advance(Duration.ofSeconds(10));
        JsonNode processing = job(id);
        assertEquals("processing", processing.get("status").asText());
        assertEquals(3, processing.get("pageCount").asInt());
        assertEquals(0, processing.get("successfulPageCount").asInt());
        sim.clock().advance(Duration.ofSeconds(4));
        assertEquals(2, job(id).get("successfulPageCount").asInt());
        assertEquals(2, job(id).get("billing").get("creditsDebited").asInt());
        sim.clock().advance(Duration.ofSeconds(2));
        JsonNode done = job(id);
        assertEquals("completed", done.get("status").asText());
        assertEquals(3, done.get("successfulPageCount").asInt());
        assertEquals("2024-11-02T09:00:21.000Z", done.get("completedAt").asText());
        assertTrue(done.get("resultUrl").asText().startsWith(sim.storageBaseUrl()));

        HttpResponse<String> result = TestHttp.get(sim.apiBaseUrl() + "/jobs/" + id + "/result", auth);
        assertEquals(200, result.statusCode());
        assertEquals("v1", json(result).get("schemaVersion").asText());
        assertEquals(3, json(result).get("usage").get("successfulPageCount").asInt());
        assertEquals(0, json(result).get("errors").size());
        assertEquals(json(result), json(TestHttp.get(done.get("resultUrl").asText())), "resultUrl serves the same result");

        assertEquals(List.of("provisioning", "awaiting_uploads", "uploading", "preflighting", "processing", "completed"),
                sim.statusHistory(id));
        assertTrue(sim.uploadedFileNames(id).contains("plans.pdf"));
    }

    @Test
    void registeredUploadsArePutToStorageWithoutTheKeyAndCheckedOnComplete() throws Exception {
        String id = jobAwaitingUploads();
        byte[] content = pdf(2);
        String sha = PlangrepSimulator.sha256(content);
        HttpResponse<String> reg = post("/jobs/" + id + "/uploads", "{\"files\":[{\"fileName\":\"big.pdf\","
                + "\"contentType\":\"application/pdf\",\"fileSize\":" + content.length + ",\"sha256\":\"" + sha + "\"}]}");
        assertEquals(200, reg.statusCode(), reg.body());
        JsonNode upload = json(reg).get("uploads").get(0);
        assertEquals("direct_put", upload.get("uploadMode").asText());
        assertEquals("application/pdf", upload.get("uploadHeaders").get("Content-Type").asText());
        String token = upload.get("uploadToken").asText();
        String documentId = upload.get("documentId").asText();
        String complete = "{\"directUploads\":[{\"documentId\":\"" + documentId + "\",\"uploadToken\":\"" + token + "\"}]}";

        assertError(post("/jobs/" + id + "/uploads/complete", complete), 400, "UPLOAD_INCOMPLETE");
        HttpResponse<String> wrong = TestHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(upload.get("uploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(pdf(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, wrong.statusCode());
        assertError(post("/jobs/" + id + "/uploads/complete", complete), 400, "SHA256_MISMATCH");

        HttpResponse<String> put = TestHttp.CLIENT.send(HttpRequest.newBuilder(URI.create(upload.get("uploadUrl").asText()))
                .header("Content-Type", "application/pdf")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode());
        assertEquals(202, post("/jobs/" + id + "/uploads/complete", complete, "Idempotency-Key", "c-1").statusCode());
        HttpResponse<String> again = post("/jobs/" + id + "/uploads/complete", complete, "Idempotency-Key", "c-1");
        assertEquals(202, again.statusCode(), "a retried complete with the same key answers the original response");
        assertTrue(json(again).get("idempotent").asBoolean());
        assertError(post("/jobs/" + id + "/uploads/complete", complete), 409, "INVALID_JOB_STATE");
        sim.clock().advance(Duration.ofSeconds(10));
        assertEquals(2, job(id).get("pageCount").asInt());
        assertEquals(0, sim.storageRequestsWithAuthorization());
    }

    @Test
    void registerRefusesWhatTheLimitsRefuse() {
        String id = jobAwaitingUploads();
        String sha = "a".repeat(64);
        assertError(post("/jobs/" + id + "/uploads", "{\"files\":[]}"), 400, "VALIDATION_ERROR");
        assertError(post("/jobs/" + id + "/uploads", "{\"files\":[{\"fileName\":\"x.pdf\",\"contentType\":\"application/pdf\","
                + "\"fileSize\":10,\"sha256\":\"ABC\"}]}"), 400, "VALIDATION_ERROR");
        assertError(post("/jobs/" + id + "/uploads", "{\"files\":[{\"fileName\":\"x.pdf\",\"contentType\":\"application/pdf\","
                + "\"fileSize\":10000000001,\"sha256\":\"" + sha + "\"}]}"), 400, "LIMIT_EXCEEDED");
        assertEquals("awaiting_uploads", job(id).get("status").asText());
    }

    @Test
    void creditsRunningOutBlockTheJobUntilCreditsAreAddedAndItIsResumed() {
        sim.setCredits(2);
        String id = jobPreflighting(5);
        sim.clock().advance(Duration.ofSeconds(10));
        assertEquals("processing", job(id).get("status").asText());
        sim.clock().advance(Duration.ofSeconds(4));
        JsonNode blocked = job(id);
        assertEquals("blocked_insufficient_credits", blocked.get("status").asText());
        assertEquals(2, blocked.get("successfulPageCount").asInt());
        assertEquals(0, sim.credits().orElseThrow());

        assertError(post("/jobs/" + id + "/resume", null), 402, "INSUFFICIENT_CREDITS");
        sim.addCredits(10);
        HttpResponse<String> resumed = post("/jobs/" + id + "/resume", null);
        assertEquals(200, resumed.statusCode(), resumed.body());
        assertEquals("preflighting", json(resumed).get("job").get("status").asText());
        sim.clock().advance(Duration.ofSeconds(10 + 6));
        JsonNode done = job(id);
        assertEquals("completed", done.get("status").asText());
        assertEquals(5, done.get("billing").get("creditsDebited").asInt());
        assertEquals(7, sim.credits().orElseThrow());
        assertError(post("/jobs/" + id + "/resume", null), 409, "INVALID_JOB_STATE");
        assertEquals(List.of("provisioning", "awaiting_uploads", "uploading", "preflighting", "processing",
                "blocked_insufficient_credits", "preflighting", "processing", "completed"), sim.statusHistory(id));
    }

    @Test
    void failedPagesEndCompletedWithErrorsAndAreNotCharged() {
        sim.setCredits(100);
        sim.failPagesOfNextJob(1);
        String id = jobPreflighting(4);
        sim.clock().advance(Duration.ofMinutes(1));
        JsonNode job = job(id);
        assertEquals("completed_with_errors", job.get("status").asText());
        assertEquals(4, job.get("pageCount").asInt());
        assertEquals(3, job.get("successfulPageCount").asInt());
        assertEquals(97, sim.credits().orElseThrow());
        JsonNode result = json(TestHttp.get(sim.apiBaseUrl() + "/jobs/" + id + "/result", auth));
        assertEquals(1, result.get("errors").size());
        assertEquals(1, result.get("documents").get(0).get("failedPageCount").asInt());
    }

    @Test
    void aFailedJobCarriesItsErrorAndHasNoResult() {
        sim.failNextJob("PREFLIGHT_FAILED", "The file is encrypted");
        String id = jobPreflighting(2);
        sim.clock().advance(Duration.ofSeconds(10));
        JsonNode job = job(id);
        assertEquals("failed", job.get("status").asText());
        assertEquals("PREFLIGHT_FAILED", job.get("error").get("code").asText());
        assertError(TestHttp.get(sim.apiBaseUrl() + "/jobs/" + id + "/result", auth), 409, "RESULT_NOT_AVAILABLE");
    }

    @Test
    void cancelTakesEffectLaterAndNotOnATerminalJob() {
        String id = jobPreflighting(50);
        sim.clock().advance(Duration.ofSeconds(12));
        HttpResponse<String> cancel = post("/jobs/" + id + "/cancel", null);
        assertEquals(202, cancel.statusCode(), cancel.body());
        assertEquals("processing", json(cancel).get("job").get("status").asText(), "not cancelled yet");
        sim.clock().advance(Duration.ofSeconds(9));
        assertEquals("processing", job(id).get("status").asText());
        sim.clock().advance(Duration.ofSeconds(1));
        JsonNode cancelled = job(id);
        assertEquals("cancelled", cancelled.get("status").asText());
        assertEquals(6, cancelled.get("successfulPageCount").asInt(), "pages processed before the cancel stay billed");
        assertError(post("/jobs/" + id + "/cancel", null), 409, "JOB_ALREADY_TERMINAL");
    }

    @Test
    void aJobNotCompletedBeforeItsExpiryExpires() {
        String id = jobAwaitingUploads();
        sim.clock().advance(Duration.ofDays(7));
        assertEquals("expired", job(id).get("status").asText());
        assertError(uploadMultipart(id, "late.pdf", pdf(1)), 409, "INVALID_JOB_STATE");
    }

    // ---- webhooks ---------------------------------------------------------------------------------------------

    @Test
    void everyStatusChangeIsPostedSignedToTheWebhookUrl() throws Exception {
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        List<String> signatures = Collections.synchronizedList(new ArrayList<>());
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            signatures.add(exchange.getRequestHeaders().getFirst(PlangrepSimulator.SIGNATURE_HEADER));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            HttpResponse<String> created = post("/projects/" + PROJECT + "/jobs", "{\"webhookUrl\":\"" + url + "\"}");
            String id = json(created).get("job").get("id").asText();
            String secret = json(created).get("webhookSigningSecret").asText();
            sim.clock().advance(Duration.ofSeconds(5));
            uploadMultipart(id, "a.pdf", pdf(1));
            post("/jobs/" + id + "/uploads/complete", "{}");
            sim.clock().advance(Duration.ofMinutes(1));
            sim.deliverWebhooks();

            List<String> statuses = new ArrayList<>();
            for (String body : bodies) {
                JsonNode payload = MAPPER.readTree(body);
                assertEquals(id, payload.get("job").get("id").asText());
                statuses.add(payload.get("job").get("status").asText());
            }
            assertEquals(List.of("awaiting_uploads", "uploading", "preflighting", "processing", "completed"), statuses);
            String signature = signatures.get(0);
            String t = signature.substring(2, signature.indexOf(','));
            assertEquals("v1=" + PlangrepSimulator.hmac(secret, t + "." + bodies.get(0)),
                    signature.substring(signature.indexOf(',') + 1));
            sim.deliverWebhooks();
            assertEquals(5, bodies.size(), "each change is delivered once");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void anUnreachableReceiverIsRetriedThenGivenUp() {
        String id = createJob("{\"webhookUrl\":\"http://127.0.0.1:9/unreachable\"}");
        sim.clock().advance(Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            sim.deliverWebhooks();
        }
        List<PlangrepSimulator.WebhookDelivery> tries = sim.webhookDeliveries();
        assertEquals(5, tries.size());
        assertTrue(tries.stream().noneMatch(PlangrepSimulator.WebhookDelivery::delivered));
        sim.deliverWebhooks();
        assertEquals(5, sim.webhookDeliveries().size());
        assertNotNull(id);
    }

    @Test
    void theBackgroundDispatcherDeliversWithoutBeingAsked() throws Exception {
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try (PlangrepSimulator auto = PlangrepSimulator.builder().startTime(T0).speed(0).start()) {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            HttpResponse<String> r = TestHttp.send("POST", auto.apiBaseUrl() + "/projects/" + PROJECT + "/jobs",
                    "{\"webhookUrl\":\"" + url + "\"}", "Authorization", "Bearer " + auto.apiKey());
            assertEquals(202, r.statusCode());
            auto.clock().advance(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5)).until(() -> bodies.size() == 1);
            assertTrue(bodies.get(0).contains("awaiting_uploads"));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void isRegisteredInSimulatorMain() {
        assertTrue(SimulatorMain.vendors().contains("plangrep"));
        try (VendorSimulator s = SimulatorMain.start("plangrep", "--api-key", "pgk_other")) {
            assertEquals("pgk_other", s.apiKey());
        }
    }
}
