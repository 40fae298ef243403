package dev.asyncjobs.plangrep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.plangrep.api.PlangrepJob;
import dev.asyncjobs.plangrep.api.UploadInstruction;
import dev.asyncjobs.simulator.plangrep.PlangrepSimulator;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlangrepProducerTest extends PlangrepTestSupport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    /** The simulator sends no webhook call unless the test asks it to. */
    @Override
    PlangrepSimulator.Builder simulator() {
        return PlangrepSimulator.builder().autoDeliverWebhooks(false);
    }

    @BeforeEach
    void start() {
        component().setResponseTimeout(500);
        context.start();
    }

    private String jobAwaitingUploads(String externalId) {
        String id = createJob(externalId);
        advance(Duration.ofSeconds(5));
        assertEquals("awaiting_uploads", simulator.jobStatus(id));
        return id;
    }

    private static void assertOk(Exchange e) {
        if (e.getException() != null) {
            throw new AssertionError(e.getException());
        }
    }

    // ---- createJob --------------------------------------------------------------------------------------------

    @Test
    void createJobSendsExternalIdAndWebhookUrlAndHandsTheSecretToTheRoute() {
        Exchange e = send("plangrep:jobs?webhookUrl=https://example.com/hooks/plangrep", null,
                Map.of(PlangrepConstants.EXTERNAL_ID, "order-7890"));
        assertOk(e);
        PlangrepJob job = e.getMessage().getBody(PlangrepJob.class);
        assertEquals("provisioning", job.status());
        assertEquals("order-7890", job.externalId());
        assertEquals(job.id(), e.getMessage().getHeader(PlangrepConstants.JOB_ID));
        assertEquals(JobPhase.QUEUED, e.getMessage().getHeader(PlangrepConstants.PHASE));
        assertEquals(PROJECT, e.getMessage().getHeader(PlangrepConstants.PROJECT_ID));
        assertEquals(simulator.webhookSigningSecret(job.id()), e.getMessage().getHeader(PlangrepConstants.WEBHOOK_SIGNING_SECRET,
                dev.asyncjobs.plangrep.api.WebhookSigningSecret.class).value());
        assertEquals(false, e.getMessage().getHeader(PlangrepConstants.IDEMPOTENT_REPLAY));
        assertFalse(job.toString().contains(simulator.webhookSigningSecret(job.id())));
        String key = simulator.requests().get(0).header("Idempotency-Key");
        assertTrue(key.startsWith("camel-"), "the create carried a key derived from project and externalId: " + key);
        assertNull(e.getMessage().getHeader(PlangrepConstants.IDEMPOTENCY_KEY),
                "a derived key is not put where the next create would take it for the user's");
        JsonNode sent = body(simulator.requests().get(0).body());
        assertEquals("https://example.com/hooks/plangrep", sent.get("webhookUrl").asText());
        assertTrue(tracker().isTracked(job.id()), "the created job is followed");
    }

    @Test
    void aCreateRetriedAfterATimeoutMakesOneJob() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(defaultErrorHandler().maximumRedeliveries(3).redeliveryDelay(0)
                        .retryAttemptedLogLevel(org.apache.camel.LoggingLevel.DEBUG));
                from("direct:create").to("plangrep:jobs");
            }
        });
        // the first create is handled (the job exists) but its answer comes after the client gave up
        simulator.faults().next(1, "POST", ".*/projects/.*/jobs").slow(Duration.ofSeconds(2));

        Exchange e = send("direct:create", "{}", Map.of());

        assertOk(e);
        assertEquals(1, simulator.jobIds().size(), "the retry carried the same Idempotency-Key");
        assertEquals(2, simulator.requestCount("POST", ".*/projects/.*/jobs"));
        List<String> keys = simulator.requests().stream().filter(r -> r.path().endsWith("/jobs"))
                .map(r -> r.header("Idempotency-Key")).toList();
        assertEquals(keys.get(0), keys.get(1));
        assertEquals(simulator.jobIds().get(0), e.getMessage().getHeader(PlangrepConstants.JOB_ID));
        assertEquals(true, e.getMessage().getHeader(PlangrepConstants.IDEMPOTENT_REPLAY));
        assertNull(e.getMessage().getHeader(PlangrepConstants.WEBHOOK_SIGNING_SECRET),
                "the secret was only in the answer that timed out");
    }

    @Test
    void theKeyDerivedFromProjectAndExternalIdMakesEvenASecondExchangeReturnTheSameJob() {
        String first = createJob("order-42");
        String second = createJob("order-42");
        assertEquals(first, second);
        assertEquals(1, simulator.jobIds().size());
        String other = createJob("order-43");
        assertFalse(other.equals(first));

        Exchange own = send("plangrep:jobs", null, Map.of(PlangrepConstants.EXTERNAL_ID, "order-42",
                PlangrepConstants.IDEMPOTENCY_KEY, "my-own-key"));
        assertOk(own);
        assertEquals("my-own-key", simulator.requests().get(simulator.requests().size() - 1).header("Idempotency-Key"));
        assertEquals(3, simulator.jobIds().size(), "the user's key wins over the derived one");
    }

    @Test
    void createJobFailsEarlyOnWhatCannotWork() {
        Exchange noProject = send("plangrep:jobs?projectId=", null, Map.of());
        InvalidRequestException e = assertInstanceOf(InvalidRequestException.class, noProject.getException());
        assertEquals("projectId", e.getField());

        Exchange longId = send("plangrep:jobs", null, Map.of(PlangrepConstants.EXTERNAL_ID, "x".repeat(181)));
        assertEquals("externalId", assertInstanceOf(InvalidRequestException.class, longId.getException()).getField());

        Exchange badHook = send("plangrep:jobs", null, Map.of(PlangrepConstants.WEBHOOK_URL, "not a url"));
        assertEquals(PlangrepConstants.WEBHOOK_URL, assertInstanceOf(InvalidRequestException.class, badHook.getException()).getField());
        assertEquals(0, simulator.requestCount(null, null), "nothing was sent");

        Exception bad = assertThrows(Exception.class, () -> context.getEndpoint("plangrep:jobs?classification=drawings"));
        assertTrue(rootMessage(bad).contains("classification"), rootMessage(bad));
        Exception hook = assertThrows(Exception.class, () -> context.getEndpoint("plangrep:jobs?webhookPath=hook"));
        assertTrue(rootMessage(hook).contains("webhookPath"), rootMessage(hook));
        Exception fast = assertThrows(Exception.class,
                () -> context.getEndpoint("plangrep:jobs?webhookPath=/hook&webhookFallbackPollInterval=1s"));
        assertTrue(rootMessage(fast).contains("webhookFallbackPollInterval"), rootMessage(fast));
    }

    @Test
    void theApiKeyIsNeverInAnErrorMessage() {
        component().getConfiguration().setApiKey("pgk_wrong_secret_key");
        Exchange e = send("plangrep:other", null, Map.of());
        assertNotNull(e.getException());
        assertFalse(e.getException().getMessage().contains("pgk_wrong_secret_key"), e.getException().getMessage());
        assertTrue(e.getException().getMessage().contains("401"), e.getException().getMessage());
    }

    // ---- uploads ----------------------------------------------------------------------------------------------

    @Test
    void uploadFilesSendsAFileInAMultipartFormAndCompletes() throws Exception {
        String id = jobAwaitingUploads("order-1");
        File file = dir.resolve("A101-floor-plan.pdf").toFile();
        Files.write(file.toPath(), pdf(3));

        Exchange e = send("plangrep:files?operation=uploadFiles&classification=plans", file,
                Map.of(PlangrepConstants.JOB_ID, id));

        assertOk(e);
        assertEquals("preflighting", e.getMessage().getHeader(PlangrepConstants.STATUS));
        assertArrayEquals(pdf(3), simulator.uploadedContent(id, "A101-floor-plan.pdf"));
        var upload = simulator.requests().stream().filter(r -> r.path().endsWith("/files")).findFirst().orElseThrow();
        assertTrue(upload.header("Content-Type").startsWith("multipart/form-data"));
        assertTrue(upload.body().contains("\"classification\":\"plans\""), "metadata carries the classification");
        assertTrue(upload.body().contains("\"sha256\":\""), "metadata carries the streamed SHA-256");
        assertEquals(1, simulator.requestCount("POST", ".*/uploads/complete"));
        assertEquals("camel-complete-" + id, simulator.requests().stream().filter(r -> r.path().endsWith("/complete"))
                .findFirst().orElseThrow().header("Idempotency-Key"));
        advance(Duration.ofSeconds(10));
        assertEquals("processing", simulator.jobStatus(id));
    }

    @Test
    void uploadFilesTakesBytesStreamsAndListsAndCanLeaveTheWindowOpen() throws Exception {
        String id = jobAwaitingUploads("order-2");
        Path a = dir.resolve("a.pdf");
        Files.write(a, pdf(1));
        Exchange bytes = send("plangrep:files?operation=uploadFiles&completeUploads=false", pdf(2),
                Map.of(PlangrepConstants.JOB_ID, id, Exchange.FILE_NAME, "inbox/b.pdf"));
        assertOk(bytes);
        assertEquals("uploading", bytes.getMessage().getHeader(PlangrepConstants.STATUS));
        Exchange stream = send("plangrep:files?operation=uploadFiles&completeUploads=false",
                new ByteArrayInputStream(pdf(4)), Map.of(PlangrepConstants.JOB_ID, id, PlangrepConstants.FILE_NAME, "c.pdf"));
        assertOk(stream);
        Exchange list = send("plangrep:files?operation=uploadFiles", List.of(a, dir.resolve("a.pdf").toFile()),
                Map.of(PlangrepConstants.JOB_ID, id));
        assertOk(list);
        assertEquals(List.of("b.pdf", "c.pdf", "a.pdf", "a.pdf"), simulator.uploadedFileNames(id));
        assertArrayEquals(pdf(4), simulator.uploadedContent(id, "c.pdf"));
        advance(Duration.ofSeconds(10));
        Exchange processing = send("plangrep:jobs?operation=getJob", null, Map.of(PlangrepConstants.JOB_ID, id));
        assertEquals("processing", processing.getMessage().getHeader(PlangrepConstants.STATUS));
        assertEquals(2 + 4 + 1 + 1, processing.getMessage().getHeader(PlangrepConstants.PAGE_COUNT));

        Exchange noName = send("plangrep:files?operation=uploadFiles", pdf(1), Map.of(PlangrepConstants.JOB_ID, id));
        assertEquals(PlangrepConstants.FILE_NAME,
                assertInstanceOf(InvalidRequestException.class, noName.getException()).getField());
        Exchange text = send("plangrep:files?operation=uploadFiles", "/etc/passwd", Map.of(PlangrepConstants.JOB_ID, id));
        assertTrue(text.getException().getMessage().contains("java.lang.String"), text.getException().getMessage());
    }

    @Test
    void uploadPresignedRegistersPutsWithoutTheKeyAndCompletes() throws Exception {
        String id = jobAwaitingUploads("order-3");
        Path file = dir.resolve("specs.pdf");
        Files.write(file, pdf(2));

        Exchange e = send("plangrep:files?operation=uploadPresigned", file, Map.of(PlangrepConstants.JOB_ID, id));

        assertOk(e);
        assertEquals("preflighting", e.getMessage().getHeader(PlangrepConstants.STATUS));
        assertArrayEquals(pdf(2), simulator.uploadedContent(id, "specs.pdf"));
        assertEquals(1, simulator.storageRequests());
        assertEquals(0, simulator.storageRequestsWithAuthorization(), "the API key never went to object storage");
        JsonNode register = body(simulator.requests().stream().filter(r -> r.path().endsWith("/uploads")).findFirst()
                .orElseThrow().body());
        assertEquals(PlangrepSimulatorSha.of(pdf(2)), register.get("files").get(0).get("sha256").asText());
        assertEquals(pdf(2).length, register.get("files").get(0).get("fileSize").asLong());
    }

    @Test
    void uploadPresignedSpoolsAStreamAndCanCompleteInALaterExchange() {
        String id = jobAwaitingUploads("order-4");
        Exchange first = send("plangrep:files?operation=uploadPresigned&completeUploads=false",
                new ByteArrayInputStream(pdf(3)), Map.of(PlangrepConstants.JOB_ID, id, PlangrepConstants.FILE_NAME, "s1.pdf"));
        assertOk(first);
        @SuppressWarnings("unchecked")
        List<UploadInstruction> uploads = first.getMessage().getHeader(PlangrepConstants.DIRECT_UPLOADS, List.class);
        assertEquals(1, uploads.size());
        assertEquals("uploading", simulator.jobStatus(id));

        Exchange complete = send("plangrep:files?operation=completeUploads", null,
                Map.of(PlangrepConstants.JOB_ID, id, PlangrepConstants.DIRECT_UPLOADS, uploads));
        assertOk(complete);
        assertEquals("preflighting", complete.getMessage().getHeader(PlangrepConstants.STATUS));
        assertArrayEquals(pdf(3), simulator.uploadedContent(id, "s1.pdf"));
        assertFalse(uploads.get(0).toString().contains("X-Amz-Signature"), "signed URLs stay out of log lines");
    }

    // ---- control and reads ------------------------------------------------------------------------------------

    @Test
    void resumeAfterCreditsWereAdded() throws Exception {
        simulator.setCredits(1);
        String id = jobAwaitingUploads("order-5");
        Path file = dir.resolve("p.pdf");
        Files.write(file, pdf(3));
        assertOk(send("plangrep:files?operation=uploadFiles", file, Map.of(PlangrepConstants.JOB_ID, id)));
        advance(Duration.ofSeconds(20));
        Exchange blocked = send("plangrep:jobs?operation=getJob", null, Map.of(PlangrepConstants.JOB_ID, id));
        assertEquals("blocked_insufficient_credits", blocked.getMessage().getHeader(PlangrepConstants.STATUS));
        assertEquals(JobPhase.WAITING_FOR_USER, blocked.getMessage().getHeader(PlangrepConstants.PHASE));
        assertEquals(1, blocked.getMessage().getHeader(PlangrepConstants.SUCCESSFUL_PAGE_COUNT));
        assertEquals(3, blocked.getMessage().getHeader(PlangrepConstants.PAGE_COUNT));

        Exchange tooEarly = send("plangrep:jobs?operation=resume", null, Map.of(PlangrepConstants.JOB_ID, id));
        assertTrue(tooEarly.getException().getMessage().contains("402"), tooEarly.getException().getMessage());
        simulator.addCredits(5);
        Exchange resumed = send("plangrep:jobs?operation=resume", null, Map.of(PlangrepConstants.JOB_ID, id));
        assertOk(resumed);
        assertEquals("preflighting", resumed.getMessage().getHeader(PlangrepConstants.STATUS));
        advance(Duration.ofMinutes(1));
        assertEquals("completed", simulator.jobStatus(id));
    }

    @Test
    void cancelIsAskedAndTakesEffectLater() throws Exception {
        String id = jobAwaitingUploads("order-6");
        Exchange cancel = send("plangrep:jobs?operation=cancel", null, Map.of(PlangrepConstants.JOB_ID, id));
        assertOk(cancel);
        assertEquals("awaiting_uploads", cancel.getMessage().getHeader(PlangrepConstants.STATUS), "not at once");
        advance(Duration.ofSeconds(10));
        Exchange later = send("plangrep:jobs?operation=getJob", null, Map.of(PlangrepConstants.JOB_ID, id));
        assertEquals("cancelled", later.getMessage().getHeader(PlangrepConstants.STATUS));
        assertEquals(JobPhase.CANCELLED, later.getMessage().getHeader(PlangrepConstants.PHASE));
        Exchange again = send("plangrep:jobs?operation=cancel", null, Map.of(PlangrepConstants.JOB_ID, id));
        assertTrue(again.getException().getMessage().contains("409"), again.getException().getMessage());
    }

    @Test
    void getResultReturnsTheV1ResultJson() throws Exception {
        String id = jobAwaitingUploads("order-7");
        assertOk(send("plangrep:files?operation=uploadFiles", pdf(2),
                Map.of(PlangrepConstants.JOB_ID, id, PlangrepConstants.FILE_NAME, "r.pdf")));
        Exchange early = send("plangrep:jobs?operation=getResult", null, Map.of(PlangrepConstants.JOB_ID, id));
        assertTrue(early.getException().getMessage().contains("409"), early.getException().getMessage());
        advance(Duration.ofMinutes(1));
        Exchange result = send("plangrep:jobs?operation=getResult", null, Map.of(PlangrepConstants.JOB_ID, id));
        assertOk(result);
        JsonNode json = body(result.getMessage().getBody(String.class));
        assertEquals("v1", json.get("schemaVersion").asText());
        assertEquals(2, json.get("usage").get("successfulPageCount").asInt());
    }

    @Test
    void trackFollowsAJobCreatedElsewhere() {
        String id = createJob("order-8");
        tracker().forget(id);
        Exchange e = send("plangrep:jobs?operation=track", null, Map.of(PlangrepConstants.JOB_ID, id));
        assertOk(e);
        assertTrue(tracker().isTracked(id));
    }

    @Test
    void pollingIsEvery15SecondsAndAnIntervalUnderTheFloorIsRefused() {
        PlangrepEndpoint defaults = context.getEndpoint("plangrep:jobs", PlangrepEndpoint.class);
        assertEquals(Duration.ofSeconds(15), defaults.getPollPolicy().nextPollDelay(null, null));
        assertEquals(Duration.ofSeconds(15), defaults.getPollPolicy().firstPollDelay(dev.asyncjobs.engine.spi.JobRef.of("j")));
        Exception tooFast = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> context.getEndpoint("plangrep:jobs?pollInterval=1s"));
        String message = rootMessage(tooFast);
        assertTrue(message.contains("pollInterval") && message.contains("PT5S"), message);
        PlangrepEndpoint atTheFloor = context.getEndpoint("plangrep:jobs?pollInterval=5s", PlangrepEndpoint.class);
        assertEquals(Duration.ofSeconds(5), atTheFloor.getPollPolicy().nextPollDelay(null, null));
        PlangrepEndpoint withMinimum = context.getEndpoint("plangrep:jobs?webhookPath=/hook2&minPollInterval=10m",
                PlangrepEndpoint.class);
        assertEquals(Duration.ofMinutes(10), withMinimum.getPollPolicy().nextPollDelay(null, null),
                "minPollInterval is kept with a webhook's fallback interval too");
        PlangrepEndpoint webhook = context.getEndpoint("plangrep:jobs?webhookPath=/hook", PlangrepEndpoint.class);
        assertEquals(Duration.ofMinutes(5), webhook.getPollPolicy().nextPollDelay(null, null));
        assertEquals(Duration.ofSeconds(5), webhook.getPollPolicy().floor());
    }

    private static JsonNode body(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    private static String rootMessage(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append(" | ");
        }
        return b.toString();
    }

    /** The SHA-256 the simulator would compute. */
    private static final class PlangrepSimulatorSha {
        static String of(byte[] content) throws Exception {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        }
    }
}
