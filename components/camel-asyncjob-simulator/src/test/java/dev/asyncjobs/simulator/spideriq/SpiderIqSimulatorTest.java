package dev.asyncjobs.simulator.spideriq;

import static dev.asyncjobs.simulator.TestHttp.get;
import static dev.asyncjobs.simulator.TestHttp.json;
import static dev.asyncjobs.simulator.TestHttp.post;
import static dev.asyncjobs.simulator.TestHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpiderIqSimulatorTest {

    /** The status page's example times. */
    private static final Instant T0 = Instant.parse("2025-10-27T10:00:00Z");
    private static final String SITE = "{\"payload\": {\"url\": \"https://example.com\"}, \"priority\": 5}";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SpiderIqSimulator sim;
    private String[] auth;

    @BeforeEach
    void start() {
        // a frozen clock at the docs' example time; no rate limit unless a test sets one
        sim = SpiderIqSimulator.builder().startTime(T0).speed(0).rateLimit(0, Duration.ofMinutes(1)).start();
        auth = new String[] {"Authorization", "Bearer " + sim.apiKey()};
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> api(String path) {
        return get(sim.baseUrl() + path, auth);
    }

    private HttpResponse<String> submit(String type, String body) {
        return post(sim.baseUrl() + "/api/v1/jobs/" + type + "/submit", body, auth);
    }

    private String submitSite(String body) {
        HttpResponse<String> r = submit("spiderSite", body);
        assertEquals(201, r.statusCode(), r.body());
        return json(r).get("job_id").asText();
    }

    private static void assertDetail(HttpResponse<String> r, int status, String detail) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(detail, json(r).get("detail").asText(), r.body());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // ---- submit and lifecycle ---------------------------------------------------------------------------------

    @Test
    void submitAnswersAQueuedJobNotFromTheCache() {
        HttpResponse<String> r = submit("spiderSite", SITE);
        assertEquals(201, r.statusCode());
        JsonNode job = json(r);
        assertEquals(List.of("job_id", "type", "status", "created_at", "from_cache", "message"), fieldNames(job));
        assertEquals("spiderSite", job.get("type").asText());
        assertEquals("queued", job.get("status").asText());
        assertEquals("2025-10-27T10:00:00Z", job.get("created_at").asText());
        assertFalse(job.get("from_cache").asBoolean());
        String id = job.get("job_id").asText();
        assertEquals(id, UUID.fromString(id).toString());
        assertEquals(5, sim.priority(id));
        assertEquals("https://example.com", sim.payload(id).get("url").asText());
    }

    @Test
    void statusFollowsTheDocsExamples() throws Exception {
        String id = submitSite(SITE);
        String queued = "{\"success\": true, \"job_id\": \"ID\", \"type\": \"spiderSite\", \"status\": \"queued\","
                + " \"created_at\": \"2025-10-27T10:00:00Z\", \"updated_at\": \"2025-10-27T10:00:00Z\", \"worker_id\": null}";
        HttpResponse<String> r = api("/api/v1/jobs/" + id + "/status");
        assertEquals(MAPPER.readTree(queued.replace("ID", id)), json(r));
        assertEquals(List.of("success", "job_id", "type", "status", "created_at", "updated_at", "worker_id"),
                fieldNames(json(r)));

        sim.clock().advance(Duration.ofSeconds(75));
        String processing = queued.replace("\"queued\"", "\"processing\"")
                .replace("\"updated_at\": \"2025-10-27T10:00:00Z\"", "\"updated_at\": \"2025-10-27T10:01:15Z\"")
                .replace("null", "\"spider-site-main-1\"");
        assertEquals(MAPPER.readTree(processing.replace("ID", id)), json(api("/api/v1/jobs/" + id + "/status")));

        sim.clock().advance(Duration.ofSeconds(90));
        String completed = processing.replace("\"processing\"", "\"completed\"").replace("10:01:15", "10:02:45");
        assertEquals(MAPPER.readTree(completed.replace("ID", id)), json(api("/api/v1/jobs/" + id + "/status")));
    }

    @Test
    void unknownJobsAreTheDocsNotFound() {
        String id = UUID.randomUUID().toString();
        assertDetail(api("/api/v1/jobs/" + id + "/status"), 404, "Job not found");
        assertDetail(api("/api/v1/jobs/" + id + "/results"), 404, "Job not found");
        assertDetail(send("DELETE", sim.baseUrl() + "/api/v1/jobs/" + id, null, auth), 404, "Job not found");
        assertEquals(1, json(api("/api/v1/jobs/" + id + "/status")).size(), "only {\"detail\": ...}");
    }

    // ---- results ----------------------------------------------------------------------------------------------

    @Test
    void resultsAre202WhileRunningThen200() {
        String id = submitSite(SITE);
        HttpResponse<String> queued = api("/api/v1/jobs/" + id + "/results");
        assertEquals(202, queued.statusCode());
        assertFalse(json(queued).get("success").asBoolean());
        assertEquals("queued", json(queued).get("status").asText());

        sim.clock().advance(Duration.ofSeconds(80));
        HttpResponse<String> processing = api("/api/v1/jobs/" + id + "/results");
        assertEquals(202, processing.statusCode());
        assertEquals("processing", json(processing).get("status").asText());
        assertEquals("Job is still being processed", json(processing).get("message").asText());

        sim.clock().advance(Duration.ofMinutes(5));
        HttpResponse<String> done = api("/api/v1/jobs/" + id + "/results");
        assertEquals(200, done.statusCode());
        JsonNode results = json(done);
        assertTrue(results.get("success").asBoolean());
        assertEquals("completed", results.get("status").asText());
        assertEquals(90.0, results.get("processing_time_seconds").asDouble());
        assertEquals("spider-site-main-1", results.get("worker_id").asText());
        assertEquals("2025-10-27T10:02:45Z", results.get("completed_at").asText());
        assertTrue(results.get("error_message").isNull());
        JsonNode data = results.get("data");
        assertEquals("https://example.com", data.get("url").asText());
        assertTrue(data.get("pages_crawled").asInt() > 0);
        assertEquals("info@example.com", data.get("emails").get(0).asText());
        assertEquals(results, json(api("/api/v1/jobs/" + id + "/results")), "the same results every time");
    }

    @Test
    void resultsOfFailedAndCancelledJobsAreGone() {
        sim.failNextJob("Website unreachable");
        String failed = submitSite(SITE);
        String cancelled = submitSite("{\"payload\": {\"url\": \"https://other.example\"}}");
        assertEquals(200, send("DELETE", sim.baseUrl() + "/api/v1/jobs/" + cancelled, null, auth).statusCode());
        sim.clock().advance(Duration.ofMinutes(10));
        assertEquals("failed", sim.jobStatus(failed));
        assertDetail(api("/api/v1/jobs/" + failed + "/results"), 410, "Job failed: Website unreachable");
        assertDetail(api("/api/v1/jobs/" + cancelled + "/results"), 410, "Job was cancelled");
    }

    @Test
    void spiderMapsResultsListAtMostMaxResultsBusinesses() {
        HttpResponse<String> r = submit("spiderMaps",
                "{\"payload\": {\"search_query\": \"coffee shops in Luxembourg\", \"max_results\": 7}}");
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("spiderMaps", json(r).get("type").asText());
        String id = json(r).get("job_id").asText();
        sim.clock().advance(Duration.ofMinutes(2));
        JsonNode data = json(api("/api/v1/jobs/" + id + "/results")).get("data");
        assertEquals("coffee shops in Luxembourg", data.get("query").asText());
        assertTrue(data.get("businesses").size() <= 7 && data.get("businesses").size() >= 1);
        assertEquals(data.get("businesses").size(), data.get("results_count").asInt());
        assertEquals("spider-maps-main-1", json(api("/api/v1/jobs/" + id + "/status")).get("worker_id").asText());
    }

    // ---- the 24-hour cache ------------------------------------------------------------------------------------

    @Test
    void identicalSubmitsWithin24HoursGetTheSameJobFromTheCache() {
        String first = submitSite("{\"payload\": {\"url\": \"https://example.com\", \"max_pages\": 5}}");
        sim.clock().advance(Duration.ofHours(23));
        HttpResponse<String> again = submit("spiderSite",
                "{\"payload\": {\"max_pages\": 5, \"url\": \"https://example.com\"}, \"priority\": 9}");
        assertEquals(201, again.statusCode());
        assertEquals(first, json(again).get("job_id").asText());
        assertTrue(json(again).get("from_cache").asBoolean());
        assertEquals("queued", json(again).get("status").asText(), "the submit page: always queued");
        assertEquals(1, sim.cachedSubmitCount());
        assertEquals(1, sim.jobIds().size());

        assertNotEquals(first, submitSite("{\"payload\": {\"url\": \"https://example.com\", \"max_pages\": 6}}"));
        sim.clock().advance(Duration.ofHours(1));
        String later = submitSite("{\"payload\": {\"url\": \"https://example.com\", \"max_pages\": 5}}");
        assertNotEquals(first, later, "24 hours after the first submit the cache no longer answers");
        assertEquals(3, sim.jobIds().size());
        assertEquals(4, sim.submitCount());
        assertEquals(1, sim.cachedSubmitCount());
    }

    @Test
    void aFailedJobIsNotServedFromTheCache() {
        sim.failNextJob("Website unreachable");
        String failed = submitSite(SITE);
        sim.clock().advance(Duration.ofMinutes(10));
        String retried = submitSite(SITE);
        assertNotEquals(failed, retried);
        assertEquals(0, sim.cachedSubmitCount());
    }

    // ---- cancel -----------------------------------------------------------------------------------------------

    @Test
    void cancelWorksOnlyWhileQueuedOrProcessing() {
        String queued = submitSite(SITE);
        HttpResponse<String> r = send("DELETE", sim.baseUrl() + "/api/v1/jobs/" + queued, null, auth);
        assertEquals(200, r.statusCode());
        assertEquals("{\"success\":true,\"job_id\":\"" + queued + "\",\"status\":\"cancelled\","
                + "\"message\":\"Job cancelled successfully\"}", r.body());
        assertEquals("cancelled", json(api("/api/v1/jobs/" + queued + "/status")).get("status").asText());
        assertDetail(send("DELETE", sim.baseUrl() + "/api/v1/jobs/" + queued, null, auth), 400,
                "Cannot cancel job with status 'cancelled'. Only queued or processing jobs can be cancelled.");

        String processing = submitSite("{\"payload\": {\"url\": \"https://processing.example\"}}");
        sim.clock().advance(Duration.ofSeconds(80));
        assertEquals(200, send("DELETE", sim.baseUrl() + "/api/v1/jobs/" + processing, null, auth).statusCode());
        JsonNode status = json(api("/api/v1/jobs/" + processing + "/status"));
        assertEquals("cancelled", status.get("status").asText());
        assertEquals("spider-site-main-1", status.get("worker_id").asText(), "a worker had picked it up");

        String completed = submitSite("{\"payload\": {\"url\": \"https://done.example\"}}");
        sim.completeJob(completed);
        assertDetail(send("DELETE", sim.baseUrl() + "/api/v1/jobs/" + completed, null, auth), 400,
                "Cannot cancel job with status 'completed'. Only queued or processing jobs can be cancelled.");
    }

    // ---- validation, routing, authentication ------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "spiderSite|{\"payload\": {}}|Missing required field: url",
        "spiderSite|{\"payload\": {\"url\": \"ftp://example.com\"}}|Invalid URL format. Please provide a valid HTTP/HTTPS URL.",
        "spiderSite|{\"payload\": {\"url\": \"example.com\"}}|Invalid URL format. Please provide a valid HTTP/HTTPS URL.",
        "spiderSite|{\"url\": \"https://example.com\"}|Missing required field: payload",
        "spiderSite|{\"payload\": {\"url\": \"https://example.com\"}, \"priority\": 11}|Invalid priority: must be an integer between 0 and 10",
        "spiderSite|[1]|Request body must be a JSON object with a 'payload' object",
        "spiderMaps|{\"payload\": {\"max_results\": 5}}|Missing required field: search_query",
        "spiderMaps|{\"payload\": {\"search_query\": \"cafes\", \"max_results\": 101}}|Invalid max_results: must be an integer between 1 and 100",
    })
    void invalidSubmitsAre400WithADetail(String type, String body, String detail) {
        assertDetail(submit(type, body), 400, detail);
        assertTrue(sim.jobIds().isEmpty());
    }

    @Test
    void unknownRoutesAndMethodsAnswerLikeFastApi() {
        assertDetail(submit("spiderVerify", SITE), 404, "Not Found");
        assertDetail(api("/api/v1/jobs/spiderSite/submit"), 405, "Method Not Allowed");
        assertDetail(api("/api/v2/nothing"), 404, "Not Found");
    }

    @Test
    void authenticationIsABearerToken() {
        sim.forbiddenKey("inactive_client_token");
        String url = sim.baseUrl() + "/api/v1/jobs/list";
        assertDetail(get(url), 401, "Not authenticated");
        assertDetail(get(url, "Authorization", sim.apiKey()), 401, "Invalid authentication credentials");
        assertDetail(get(url, "Authorization", "Bearer wrong"), 401, "Invalid authentication credentials");
        assertDetail(get(url, "Authorization", "Bearer inactive_client_token"), 403, "Client account inactive");
        assertEquals(200, get(url, auth).statusCode());
    }

    // ---- list -------------------------------------------------------------------------------------------------

    @Test
    void listPagesAndFiltersNewestFirst() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(submitSite("{\"payload\": {\"url\": \"https://site" + i + ".example\"}}"));
            sim.clock().advance(Duration.ofSeconds(1));
        }
        submit("spiderMaps", "{\"payload\": {\"search_query\": \"bakeries\"}}");
        JsonNode page = json(api("/api/v1/jobs/list?page=2&page_size=2&type_filter=spiderSite"));
        assertEquals(5, page.get("total").asInt());
        assertEquals(2, page.get("page").asInt());
        assertEquals(2, page.get("page_size").asInt());
        assertEquals(3, page.get("total_pages").asInt());
        assertEquals(ids.get(2), page.get("jobs").get(0).get("job_id").asText());
        assertEquals(ids.get(1), page.get("jobs").get(1).get("job_id").asText());
        JsonNode item = page.get("jobs").get(0);
        assertEquals(List.of("job_id", "type", "status", "url", "created_at", "updated_at", "worker_id"), fieldNames(item));
        assertEquals("https://site2.example", item.get("url").asText());

        sim.completeJob(ids.get(0));
        JsonNode completed = json(api("/api/v1/jobs/list?status_filter=completed"));
        assertEquals(1, completed.get("total").asInt());
        assertEquals(ids.get(0), completed.get("jobs").get(0).get("job_id").asText());
        JsonNode ascending = json(api("/api/v1/jobs/list?sort_order=asc&page_size=1"));
        assertEquals(ids.get(0), ascending.get("jobs").get(0).get("job_id").asText());
        assertEquals(6, json(api("/api/v1/jobs/list")).get("total").asInt());

        assertDetail(api("/api/v1/jobs/list?page_size=101"), 400, "Invalid page_size: must be an integer between 1 and 100");
        assertDetail(api("/api/v1/jobs/list?status_filter=done"), 400,
                "Invalid status_filter: must be one of queued, processing, completed, failed, cancelled");
    }

    // ---- rate limit -------------------------------------------------------------------------------------------

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private volatile Instant now = Instant.parse("2026-03-12T15:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void rateLimitAnswers429WithRetryAfterAndHeadersOnEveryAnswer() {
        HandClock limiterClock = new HandClock();
        try (SpiderIqSimulator limited = SpiderIqSimulator.builder().rateLimit(3, Duration.ofSeconds(3))
                .rateLimitClock(limiterClock).start()) {
            String url = limited.baseUrl() + "/api/v1/jobs/list";
            String[] key = {"Authorization", "Bearer " + limited.apiKey()};
            for (int remaining = 2; remaining >= 0; remaining--) {
                HttpResponse<String> r = get(url, key);
                assertEquals(200, r.statusCode());
                assertEquals("3", r.headers().firstValue("X-RateLimit-Limit").orElseThrow());
                assertEquals(Integer.toString(remaining), r.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
                assertEquals(Long.toString(Instant.parse("2026-03-12T15:00:03Z").getEpochSecond()),
                        r.headers().firstValue("X-RateLimit-Reset").orElseThrow());
            }
            limiterClock.advance(Duration.ofMillis(1200));
            HttpResponse<String> refused = get(url, key);
            assertDetail(refused, 429, "Rate limit exceeded: 3 requests per 3 seconds. Retry after 2 seconds.");
            assertEquals("2", refused.headers().firstValue("Retry-After").orElseThrow());
            assertEquals("0", refused.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
            // unauthenticated requests count against the client's budget too, and carry the headers
            assertEquals(429, get(url).statusCode());

            limiterClock.advance(Duration.ofMillis(1800));
            HttpResponse<String> unauthorised = get(url);
            assertEquals(401, unauthorised.statusCode());
            assertEquals("2", unauthorised.headers().firstValue("X-RateLimit-Remaining").orElseThrow());

            assertEquals(2, limited.rateLimiter().refused());
            assertEquals(5, limited.rateLimiter().maxRequestsInAnyWindow());
            limited.reset();
            assertEquals(0, limited.rateLimiter().requests());
        }
    }

    @Test
    void theDefaultLimitIsTheDocumented100PerMinute() {
        try (SpiderIqSimulator defaults = SpiderIqSimulator.start()) {
            assertEquals(100, defaults.rateLimiter().budget());
            assertEquals(Duration.ofMinutes(1), defaults.rateLimiter().window());
            HttpResponse<String> r = get(defaults.baseUrl() + "/api/v1/jobs/list",
                    "Authorization", "Bearer " + SpiderIqSimulator.DEFAULT_API_KEY);
            assertEquals("99", r.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        }
    }

    @Test
    void faultsAreInjectedBeforeTheApi() {
        sim.faults().next(1, "GET", "/api/v1/jobs/.*/status").serverError();
        String id = submitSite(SITE);
        assertDetail(api("/api/v1/jobs/" + id + "/status"), 500, "Internal Server Error");
        assertEquals(200, api("/api/v1/jobs/" + id + "/status").statusCode());
        sim.faults().next(1).rateLimited(Duration.ofSeconds(7));
        HttpResponse<String> limited = api("/api/v1/jobs/" + id + "/status");
        assertEquals(429, limited.statusCode());
        assertEquals("7", limited.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void resetForgetsJobsAndTheCache() {
        String id = submitSite(SITE);
        sim.reset();
        assertTrue(sim.jobIds().isEmpty());
        assertDetail(api("/api/v1/jobs/" + id + "/status"), 404, "Job not found");
        assertFalse(json(submit("spiderSite", SITE)).get("from_cache").asBoolean());
    }
}
