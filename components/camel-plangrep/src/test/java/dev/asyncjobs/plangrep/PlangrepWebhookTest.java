package dev.asyncjobs.plangrep;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.asyncjobs.simulator.plangrep.PlangrepSimulator;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook calls received through platform-http (its vert.x engine, as Camel Main runs it) make tracked jobs due for an
 * authenticated status request; only those requests emit. The component's clock is moved by hand, so a poll that is
 * not due by the clock can only have been triggered by a webhook call.
 */
class PlangrepWebhookTest extends PlangrepTestSupport {

    private static final String PATH = "/plangrep/webhook";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private String webhookUrl;

    @BeforeEach
    void start() throws Exception {
        int port = freePort();
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost("127.0.0.1");
        http.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(http));
        webhookUrl = "http://127.0.0.1:" + port + PATH;
        component().getConfiguration().setWebhookUrl(webhookUrl);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("plangrep:jobs?delay=20&initialDelay=0&webhookPath=" + PATH)
                        .process(e -> seen.add(e.getMessage().getHeader(PlangrepConstants.STATUS, String.class)));
            }
        });
        context.start();
    }

    private void awaitSeen(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= n);
    }

    private void awaitPolled(String jobId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> polledSinceLastMove(jobId));
    }

    private void awaitDelivered(String status) {
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.webhookDeliveries().stream()
                .anyMatch(d -> d.status().equals(status) && d.delivered()));
    }

    private int statusRequests(String jobId) {
        return simulator.requestCount("GET", ".*/jobs/" + jobId);
    }

    @Test
    void webhookCallsTriggerTheFetchAndWithPollingEachTransitionIsEmittedOnce() {
        String id = createJob("order-1");
        assertEquals(List.of(), seen);

        // a push while no poll is due by the clock (the first one is 15 s away): the webhook made it happen
        simulator.clock().advance(Duration.ofSeconds(5));
        awaitSeen(1);
        assertEquals(List.of("awaiting_uploads"), seen);

        Exchange upload = send("plangrep:files?operation=uploadFiles&completeUploads=false", pdf(2),
                Map.of(PlangrepConstants.JOB_ID, id, PlangrepConstants.FILE_NAME, "plans.pdf"));
        assertTrue(upload.getException() == null, String.valueOf(upload.getException()));
        awaitDelivered("uploading");
        clock.advance(Duration.ofSeconds(5)); // the 5 s floor since the previous status request
        awaitSeen(2);

        // the fallback poll comes too, and sees nothing new
        clock.advance(Duration.ofMinutes(5));
        awaitPolled(id);

        send("plangrep:files?operation=completeUploads", null, Map.of(PlangrepConstants.JOB_ID, id));
        awaitDelivered("preflighting");
        clock.advance(Duration.ofSeconds(5));
        awaitSeen(3);

        simulator.clock().advance(Duration.ofSeconds(10));
        awaitDelivered("processing");
        clock.advance(Duration.ofMinutes(5)); // webhook and fallback poll both due: one request, one exchange
        awaitSeen(4);
        awaitPolled(id);

        simulator.clock().advance(Duration.ofMinutes(1));
        awaitDelivered("completed");
        clock.advance(Duration.ofSeconds(5));
        awaitSeen(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> !tracker().isTracked(id));

        assertEquals(List.of("awaiting_uploads", "uploading", "preflighting", "processing", "completed"), seen);
        assertTrue(simulator.webhookDeliveries().stream().allMatch(PlangrepSimulator.WebhookDelivery::delivered));
    }

    @Test
    void aForgedWebhookClaimingCompletionDoesNotEmitCompletion() throws Exception {
        String id = createJob("order-2");
        simulator.clock().advance(Duration.ofSeconds(5));
        awaitSeen(1);
        int before = statusRequests(id);

        HttpResponse<String> answer = post("{\"event\":\"job.status_changed\",\"job\":{\"id\":\"" + id
                + "\",\"status\":\"completed\",\"resultUrl\":\"https://evil.example/result.json\"}}",
                "Plangrep-Signature", "t=1,v1=deadbeef");
        assertEquals(200, answer.statusCode());
        clock.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> statusRequests(id) > before);
        awaitPolled(id);

        assertEquals(List.of("awaiting_uploads"), seen, "only what the API answered is emitted");
        assertEquals("awaiting_uploads", simulator.jobStatus(id));
        assertTrue(tracker().isTracked(id));
    }

    @Test
    void callsForUnknownJobsAndGarbageAreAnsweredAndIgnored() throws Exception {
        String id = createJob("order-3");
        assertEquals(200, post("{\"job\":{\"id\":\"job_someone_elses\",\"status\":\"completed\"}}").statusCode());
        assertEquals(200, post("this is not json").statusCode());
        assertEquals(200, post("{}").statusCode());
        assertEquals(0, simulator.requestCount("GET", ".*/jobs/job_someone_elses"), "an unknown job is not fetched");
        assertEquals(0, statusRequests(id), "nor a tracked one that no call named");
        assertFalse(tracker().isTracked("job_someone_elses"));
        assertEquals(List.of(), seen);
    }

    @Test
    void aBurstOfCallsNeverPollsFasterThanTheFloor() throws Exception {
        String id = createJob("order-4");
        simulator.clock().advance(Duration.ofSeconds(5));
        awaitSeen(1);
        int before = statusRequests(id);
        for (int i = 0; i < 20; i++) {
            assertEquals(200, post("{\"job\":{\"id\":\"" + id + "\"}}").statusCode());
        }
        // within 5 s of the last status request (by the component's clock) nothing more is sent
        awaitPolledAfterBurst(id);
        assertEquals(before, statusRequests(id));
        clock.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> statusRequests(id) == before + 1);
        awaitPolled(id);
        assertEquals(before + 1, statusRequests(id));
    }

    /** The burst made the job due at the floor, not now. */
    private void awaitPolledAfterBurst(String id) {
        await().atMost(Duration.ofSeconds(10)).until(() -> tracker().get(id).map(dev.asyncjobs.engine.store.JobRecord::nextPollAt)
                .map(at -> at.equals(clock.instant().plusSeconds(5))).orElse(false));
    }

    private HttpResponse<String> post(String body, String... headers) throws IOException, InterruptedException {
        return postTo(webhookUrl, body, headers);
    }

    /** A webhook call as Plangrep (or anyone) makes it. */
    static HttpResponse<String> postTo(String url, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
