package dev.asyncjobs.simulator;

import static dev.asyncjobs.simulator.TestHttp.get;
import static dev.asyncjobs.simulator.TestHttp.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ObjectStorageSimulatorTest {

    private SimulatorClock clock;
    private ObjectStorageSimulator storage;

    @BeforeEach
    void start() {
        clock = new SimulatorClock(Instant.parse("2026-03-12T15:00:00Z"), 0);
        storage = new ObjectStorageSimulator(clock);
        storage.putObject("bucket/a.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "application/json");
    }

    @AfterEach
    void stop() {
        storage.close();
    }

    @Test
    void presignedGetServesTheObject() {
        String url = storage.presignedUrl("GET", "bucket/a.json", Duration.ofHours(1));
        assertTrue(url.startsWith(storage.baseUrl() + "/bucket/a.json?X-Amz-Algorithm=AWS4-HMAC-SHA256"), url);
        HttpResponse<String> r = get(url);
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"a\":1}", r.body());
        assertTrue(r.headers().firstValue("ETag").isPresent());
    }

    @Test
    void rejectsAuthorizationHeaderLikeS3() {
        String url = storage.presignedUrl("GET", "bucket/a.json", Duration.ofHours(1));
        HttpResponse<String> r = get(url, "Authorization", "Bearer sk_test_simulator");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("<Code>InvalidArgument</Code>"), r.body());
        assertTrue(r.body().contains("<Message>Only one auth mechanism allowed"), r.body());
        assertEquals(1, storage.requestsWithAuthorization());
        assertEquals(1, storage.requestCount());
    }

    @Test
    void rejectsMissingOrTamperedSignature() {
        HttpResponse<String> unsigned = get(storage.baseUrl() + "/bucket/a.json");
        assertEquals(403, unsigned.statusCode());
        assertTrue(unsigned.body().contains("<Code>AccessDenied</Code>"));

        String url = storage.presignedUrl("GET", "bucket/a.json", Duration.ofHours(1));
        HttpResponse<String> otherKey = get(url.replace("/bucket/a.json", "/bucket/b.json"));
        assertEquals(403, otherKey.statusCode());
        assertTrue(otherKey.body().contains("<Code>SignatureDoesNotMatch</Code>"));

        HttpResponse<String> longer = get(url.replace("X-Amz-Expires=3600", "X-Amz-Expires=999999"));
        assertEquals(403, longer.statusCode());
    }

    @Test
    void presignedUrlExpiresOnTheSimulatedClock() {
        String url = storage.presignedUrl("GET", "bucket/a.json", Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(61));
        HttpResponse<String> r = get(url);
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("Request has expired"), r.body());
    }

    @Test
    void missingObjectIsNoSuchKey() {
        HttpResponse<String> r = get(storage.presignedUrl("GET", "bucket/none.json", Duration.ofHours(1)));
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("<Code>NoSuchKey</Code>"));
    }

    @Test
    void presignedPutStoresAnObject() {
        String url = storage.presignedUrl("PUT", "uploads/plan.pdf", Duration.ofMinutes(10));
        assertEquals(200, send("PUT", url, "%PDF-1.7").statusCode());
        assertArrayEquals("%PDF-1.7".getBytes(StandardCharsets.UTF_8), storage.object("uploads/plan.pdf"));
        assertEquals(403, get(url).statusCode(), "a PUT signature does not allow GET");
    }

    @Test
    void faultsUseS3XmlErrors() {
        storage.faults().next(1).serverError();
        HttpResponse<String> r = get(storage.presignedUrl("GET", "bucket/a.json", Duration.ofHours(1)));
        assertEquals(500, r.statusCode());
        assertTrue(r.body().contains("<Code>InternalError</Code>"));
    }
}
