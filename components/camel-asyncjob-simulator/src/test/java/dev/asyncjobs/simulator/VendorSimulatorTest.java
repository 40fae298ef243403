package dev.asyncjobs.simulator;

import static dev.asyncjobs.simulator.TestHttp.get;
import static dev.asyncjobs.simulator.TestHttp.json;
import static dev.asyncjobs.simulator.TestHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VendorSimulatorTest {

    private EchoSimulator sim;
    private String[] auth;

    @BeforeEach
    void start() {
        sim = EchoSimulator.start();
        auth = new String[] {"Authorization", "Token " + sim.apiKey()};
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void servesOnLocalhostRandomPortThroughSubclassHandler() {
        assertTrue(sim.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+"), sim.baseUrl());
        HttpResponse<String> r = get(sim.baseUrl() + "/echo?q=a%20b", auth);
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(json(r).get("ok").asBoolean());
        assertEquals("a b", json(r).get("q").asText());
        assertEquals(401, get(sim.baseUrl() + "/echo").statusCode());
    }

    @Test
    void twoSimulatorsGetDifferentPorts() {
        try (EchoSimulator other = EchoSimulator.start()) {
            assertNotEquals(sim.baseUrl(), other.baseUrl());
        }
    }

    @Test
    void journalsRequestsWithHeadersQueryAndBody() {
        post(sim.baseUrl() + "/things?x=1", "{\"a\":1}", "Authorization", "Token " + sim.apiKey(), "X-Trace", "t1");
        get(sim.baseUrl() + "/echo", auth);
        get(sim.baseUrl() + "/echo", auth);

        assertEquals(3, sim.requestCount(null, null));
        assertEquals(2, sim.requestCount("GET", "/echo"));
        assertEquals(2, sim.requestCount("get", "/e.*"));
        assertEquals(1, sim.requestCount("POST", "/things"));
        assertEquals(0, sim.requestCount("POST", "/echo"));

        List<RecordedRequest> requests = sim.requests();
        assertEquals(3, requests.size());
        RecordedRequest first = requests.get(0);
        assertEquals("POST", first.method());
        assertEquals("/things", first.path());
        assertEquals("x=1", first.query());
        assertEquals("1", first.queryParam("x"));
        assertEquals("{\"a\":1}", first.body());
        assertEquals("t1", first.header("x-trace"));
        assertTrue(first.hasHeader("AUTHORIZATION"));
        assertTrue(requests.stream().noneMatch(r -> r.hasHeader("X-Not-Sent")));
    }

    @Test
    void rateLimitedFaultUsesVendorEnvelopeAndOptionalRetryAfter() {
        sim.faults().next(1, "GET", "/echo").rateLimited(null)
                .next(1, "GET", "/echo").rateLimited(Duration.ofMillis(1500));

        HttpResponse<String> first = get(sim.baseUrl() + "/echo", auth);
        assertEquals(429, first.statusCode());
        assertEquals(429, json(first).at("/problem/status").asInt());
        assertTrue(first.headers().firstValue("Retry-After").isEmpty());

        HttpResponse<String> second = get(sim.baseUrl() + "/echo", auth);
        assertEquals(429, second.statusCode());
        assertEquals("2", second.headers().firstValue("Retry-After").orElseThrow(), "rounded up to whole seconds");

        assertEquals(200, get(sim.baseUrl() + "/echo", auth).statusCode());
    }

    @Test
    void faultsApplyToTheNextNMatchingRequestsOnly() {
        sim.faults().next(2, "GET", "/ec.*").serverError();
        assertEquals(2, sim.faults().remaining());

        // other method or path: untouched
        assertEquals(201, post(sim.baseUrl() + "/things", "{}", auth).statusCode());
        assertEquals(404, get(sim.baseUrl() + "/other", auth).statusCode());

        HttpResponse<String> r = get(sim.baseUrl() + "/echo", auth);
        assertEquals(500, r.statusCode());
        assertEquals("Internal server error", json(r).at("/problem/detail").asText());
        assertEquals(500, get(sim.baseUrl() + "/echo", auth).statusCode());
        assertEquals(200, get(sim.baseUrl() + "/echo", auth).statusCode());
        assertEquals(0, sim.faults().remaining());
    }

    @Test
    void faultsApplyBeforeAuthenticationAndAreCounted() {
        sim.faults().next(1).serverError();
        assertEquals(500, get(sim.baseUrl() + "/echo").statusCode(), "gateway fault wins over the missing key");
        assertEquals(401, get(sim.baseUrl() + "/echo").statusCode());
        assertEquals(2, sim.requestCount("GET", "/echo"));
    }

    @Test
    void faultedRequestsHaveNoSideEffects() {
        sim.faults().next(1, "POST", null).serverError();
        assertEquals(500, post(sim.baseUrl() + "/things", "{}", auth).statusCode());
        assertEquals(0, sim.created.get());
    }

    @Test
    void slowFaultDelaysTheNormalAnswer() {
        sim.faults().next(1, "POST", "/things").slow(Duration.ofMillis(400));
        long t0 = System.nanoTime();
        HttpResponse<String> r = post(sim.baseUrl() + "/things", "{}", auth);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(201, r.statusCode());
        assertTrue(tookMs >= 390, "took " + tookMs + " ms");
        assertEquals(1, sim.created.get(), "a slow answer is still the real answer");
    }

    @Test
    void connectionResetFaultGivesNoHttpAnswer() {
        sim.faults().next(1, "POST", "/things").connectionReset();
        assertThrows(IOException.class,
                () -> TestHttp.sendOrThrow(TestHttp.CLIENT, "POST", sim.baseUrl() + "/things", "{}", auth));
        assertEquals(0, sim.created.get());
        assertEquals(201, post(sim.baseUrl() + "/things", "{}", auth).statusCode());
        assertEquals(2, sim.requestCount("POST", "/things"));
    }

    @Test
    void connectionResetOnGetClosesWithoutAnyBytes() {
        sim.faults().next(1, "GET", "/echo").connectionReset();
        String answer;
        try {
            answer = TestHttp.rawGet(sim.baseUrl(), "/echo", auth);
        } catch (IOException e) {
            answer = ""; // "Connection reset" on read
        }
        assertEquals("", answer);
        assertEquals(200, get(sim.baseUrl() + "/echo", auth).statusCode());
    }

    @Test
    void malformedJsonFaultIsA200WithTruncatedJson() {
        sim.faults().next(1).malformedJson();
        HttpResponse<String> r = get(sim.baseUrl() + "/echo", auth);
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertThrows(JsonProcessingException.class, () -> new ObjectMapper().readTree(r.body()));
    }

    @Test
    void clearRemovesQueuedFaults() {
        sim.faults().next(5).serverError();
        sim.faults().clear();
        assertEquals(200, get(sim.baseUrl() + "/echo", auth).statusCode());
    }

    @Test
    void rateLimitAnswers429WithoutRetryAfterByDefault() {
        sim.rateLimit(2);
        int limited = 0;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = get(sim.baseUrl() + "/echo", auth);
            if (r.statusCode() == 429) {
                limited++;
                assertTrue(r.headers().firstValue("Retry-After").isEmpty());
                assertEquals(429, json(r).at("/problem/status").asInt());
            }
        }
        assertTrue(limited >= 1, "some requests over 2/s must be limited");
        sim.rateLimit(0);
        assertEquals(200, get(sim.baseUrl() + "/echo", auth).statusCode());
    }

    @Test
    void resetForgetsJournalFaultsStateAndClock() {
        Instant before = sim.clock().now();
        post(sim.baseUrl() + "/things", "{}", auth);
        sim.faults().next(1).serverError();
        sim.clock().advance(Duration.ofDays(3));
        sim.rateLimit(1);

        sim.reset();

        assertEquals(0, sim.requestCount(null, null));
        assertTrue(sim.requests().isEmpty());
        assertEquals(0, sim.faults().remaining());
        assertEquals(0, sim.created.get());
        assertTrue(sim.clock().now().isBefore(before.plus(Duration.ofDays(1))));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get(sim.baseUrl() + "/echo", auth).statusCode(), "rate limit back to off");
        }
    }

    @Test
    void storageIsStartedOnlyWhenUsed() {
        assertNull(sim.startedStorage());
        assertEquals(0, sim.storageRequests());
        String url = sim.storageBaseUrl();
        assertNotEquals(sim.baseUrl(), url);
        assertFalse(sim.startedStorage() == null);
    }
}
