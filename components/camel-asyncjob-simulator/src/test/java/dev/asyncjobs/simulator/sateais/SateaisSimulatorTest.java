package dev.asyncjobs.simulator.sateais;

import static dev.asyncjobs.simulator.TestHttp.get;
import static dev.asyncjobs.simulator.TestHttp.json;
import static dev.asyncjobs.simulator.TestHttp.post;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.simulator.TestHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SateaisSimulatorTest {

    private static final Instant T0 = Instant.parse("2026-03-12T15:00:00Z");
    private static final String SHIP_BY_SCENE =
            "{\"satellite_id\":\"sentinel-1\",\"scene_id\":\"S1A_IW_GRDH_1SDV_20260312T054512\"}";
    /** About 1 km x 1 km off Rotterdam. */
    private static final String SMALL_POLYGON = "POLYGON((4.00 51.95, 4.0145 51.95, 4.0145 51.959, 4.00 51.959, "
            + "4.00 51.95))";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SateaisSimulator sim;
    private String[] auth;

    @BeforeEach
    void start() {
        // a frozen clock at the docs' example time: every transition is driven by clock().advance
        sim = SateaisSimulator.builder().startTime(T0).speed(0).start();
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
        return post(sim.baseUrl() + "/api/v1/detect/" + type, body, auth);
    }

    private String submitShip() {
        HttpResponse<String> r = submit("ship", SHIP_BY_SCENE);
        assertEquals(200, r.statusCode(), r.body());
        return json(r).get("job_id").asText();
    }

    private static void assertError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        JsonNode error = json(r).get("error");
        assertEquals(code, error.get("code").asText(), r.body());
        assertTrue(error.get("message").isTextual(), r.body());
    }

    // ---- submit and lifecycle ---------------------------------------------------------------------------------

    @Test
    void defaultKeyIsTheDocumentedTestKey() {
        assertEquals("sk_test_simulator", sim.apiKey());
        assertEquals(SateaisSimulator.DEFAULT_API_KEY, sim.apiKey());
    }

    @Test
    void submitAnswersPendingJobWithTheSameFieldsAsGet() {
        HttpResponse<String> r = submit("ship", SHIP_BY_SCENE);
        assertEquals(200, r.statusCode());
        JsonNode job = json(r);
        assertEquals("pending", job.get("status").asText());
        assertEquals("2026-03-12T15:00:00Z", job.get("created_at").asText());
        assertTrue(job.get("completed_at").isNull());
        String id = job.get("job_id").asText();
        assertEquals(id, java.util.UUID.fromString(id).toString());
        assertEquals(json(api("/api/v1/jobs/" + id)), job);
        assertEquals(SHIP_BY_SCENE, sim.submittedBody(id));
        assertEquals(List.of(id), sim.jobIds());
    }

    @Test
    void lifecycleFollowsTheSimulatedClockWithDefaultShipTiming() {
        String id = submitShip();
        sim.clock().advance(Duration.ofSeconds(89));
        assertEquals("pending", json(api("/api/v1/jobs/" + id)).get("status").asText());
        sim.clock().advance(Duration.ofSeconds(1));
        JsonNode processing = json(api("/api/v1/jobs/" + id));
        assertEquals("processing", processing.get("status").asText());
        assertTrue(processing.get("completed_at").isNull());
        assertTrue(processing.get("result_path").isNull());
        sim.clock().advance(Duration.ofSeconds(810));
        JsonNode completed = json(api("/api/v1/jobs/" + id));
        assertEquals("completed", completed.get("status").asText());
        assertEquals("2026-03-12T15:15:00Z", completed.get("completed_at").asText());
    }

    @Test
    void completedJobMatchesTheDocsExample() throws Exception {
        sim.timing(Duration.ofMinutes(2), Duration.ofSeconds(30 * 60 + 10));
        String id = submitShip();
        sim.clock().advance(Duration.ofMinutes(40));
        String expected = ("{\"job_id\": \"{{ID}}\", \"status\": \"completed\", \"created_at\": \"2026-03-12T15:00:00Z\","
                + " \"completed_at\": \"2026-03-12T15:32:10Z\","
                + " \"result_path\": \"/api/v1/jobs/{{ID}}/result.geojson\", \"error_code\": null,"
                + " \"error_message\": null, \"error\": null}").replace("{{ID}}", id);
        HttpResponse<String> r = api("/api/v1/jobs/" + id);
        assertEquals(200, r.statusCode());
        assertEquals(MAPPER.readTree(expected), json(r));
        assertEquals(List.of("job_id", "status", "created_at", "completed_at", "result_path", "error_code",
                "error_message", "error"), fieldNames(json(r)));
    }

    @Test
    void failedJobMatchesTheDocsExample() throws Exception {
        sim.timing("timeseries", Duration.ofMinutes(3), Duration.ofSeconds(28 * 60 + 15));
        String message = "Polygon area (52.6 km²) exceeds 50 km² limit for endpoint 'timeseries'";
        sim.failNextJob("VALIDATION_ERROR", message);
        HttpResponse<String> submitted = submit("timeseries", "{\"satellite_id\":\"sentinel-1\",\"polygon\":\""
                + SMALL_POLYGON + "\",\"date_start\":\"2025-01-01\",\"date_end\":\"2025-06-30\"}");
        assertEquals(200, submitted.statusCode(), submitted.body());
        String id = json(submitted).get("job_id").asText();
        assertEquals("pending", json(submitted).get("status").asText());

        sim.clock().advance(Duration.ofSeconds(31 * 60 + 15));
        String expected = ("{\"job_id\": \"{{ID}}\", \"status\": \"failed\", \"created_at\": \"2026-03-12T15:00:00Z\","
                + " \"completed_at\": \"2026-03-12T15:31:15Z\", \"result_path\": null,"
                + " \"error_code\": \"VALIDATION_ERROR\", \"error_message\": \"" + message + "\","
                + " \"error\": \"VALIDATION_ERROR\"}").replace("{{ID}}", id);
        assertEquals(MAPPER.readTree(expected), json(api("/api/v1/jobs/" + id)));
        assertError(api("/api/v1/jobs/" + id + "/result.geojson"), 404, "NOT_FOUND");
    }

    @Test
    void polygonOverTheAreaCapIsAcceptedThenFailsLikeTheDocsExample() {
        // 0.065° x 0.065° at the equator: about 52 km², over the 50 km² timeseries cap
        String big = "POLYGON((10 0, 10.065 0, 10.065 0.065, 10 0.065, 10 0))";
        HttpResponse<String> r = submit("timeseries", "{\"satellite_id\":\"sentinel-1\",\"polygon\":\"" + big
                + "\",\"date_start\":\"2025-01-01\",\"date_end\":\"2025-12-31\"}");
        assertEquals(200, r.statusCode(), r.body());
        String id = json(r).get("job_id").asText();
        sim.clock().advance(Duration.ofHours(1));
        JsonNode job = json(api("/api/v1/jobs/" + id));
        assertEquals("failed", job.get("status").asText());
        assertEquals("VALIDATION_ERROR", job.get("error_code").asText());
        assertTrue(job.get("error_message").asText()
                .matches("Polygon area \\(5\\d\\.\\d km²\\) exceeds 50 km² limit for endpoint 'timeseries'"),
                job.get("error_message").asText());
    }

    @Test
    void fastClockRunsPendingProcessingCompletedInRealTime() {
        try (SateaisSimulator fast = SateaisSimulator.builder().speed(120)
                .timing("ship", Duration.ofMinutes(2), Duration.ofMinutes(2)).start()) {
            String[] key = {"Authorization", "Bearer " + fast.apiKey()};
            HttpResponse<String> r = post(fast.baseUrl() + "/api/v1/detect/ship", SHIP_BY_SCENE, key);
            String id = json(r).get("job_id").asText();
            List<String> seen = new ArrayList<>(List.of(json(r).get("status").asText()));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                String status = json(get(fast.baseUrl() + "/api/v1/jobs/" + id, key)).get("status").asText();
                if (!status.equals(seen.get(seen.size() - 1))) {
                    seen.add(status);
                }
                return status.equals("completed");
            });
            assertEquals(List.of("pending", "processing", "completed"), seen);
        }
    }

    @Test
    void createdAndSeededJobsAreVisibleThroughTheApi() {
        String created = sim.createJob("oilslick");
        String seeded = sim.seedJob("11111111-2222-3333-4444-555555555555", "newbuilding",
                T0.minus(Duration.ofDays(2)));
        assertEquals("pending", json(api("/api/v1/jobs/" + created)).get("status").asText());
        assertEquals("completed", json(api("/api/v1/jobs/" + seeded)).get("status").asText());
        assertNull(sim.submittedBody(created));

        sim.completeJob(created);
        assertEquals("completed", sim.jobStatus(created));
        assertEquals("2026-03-12T15:00:00Z", json(api("/api/v1/jobs/" + created)).get("completed_at").asText());
        sim.failJob(seeded, "INTERNAL_ERROR", "Inference failed");
        assertEquals("INTERNAL_ERROR", json(api("/api/v1/jobs/" + seeded)).get("error").asText());
    }

    // ---- auth, not found ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer", "Bearer ", "sk_test_simulator", "bearer sk_test_simulator",
        "Bearer  sk_test_simulator", "Bearer sk_test_wrong", "Token sk_test_simulator"})
    void wrongAuthorizationIs401(String header) {
        HttpResponse<String> r = header.isEmpty()
                ? get(sim.baseUrl() + "/api/v1/jobs/" + sim.createJob("ship"))
                : get(sim.baseUrl() + "/api/v1/jobs/" + sim.createJob("ship"), "Authorization", header);
        assertError(r, 401, "UNAUTHORIZED");
        assertError(post(sim.baseUrl() + "/api/v1/detect/ship", SHIP_BY_SCENE), 401, "UNAUTHORIZED");
    }

    @Test
    void forbiddenKeyIs403() {
        sim.forbiddenKey("sk_test_readonly");
        assertError(post(sim.baseUrl() + "/api/v1/detect/ship", SHIP_BY_SCENE,
                "Authorization", "Bearer sk_test_readonly"), 403, "FORBIDDEN");
        assertTrue(sim.jobIds().isEmpty());
    }

    @Test
    void unknownOrForgottenJobIs404() {
        HttpResponse<String> r = api("/api/v1/jobs/351e635d-7c25-4ae8-a2a5-60c01a6f434c");
        assertError(r, 404, "NOT_FOUND");
        assertEquals("Job not found", json(r).at("/error/message").asText());

        String id = submitShip();
        sim.forgetJob(id);
        assertError(api("/api/v1/jobs/" + id), 404, "NOT_FOUND");
        assertError(api("/api/v1/jobs/" + id + "/result.geojson"), 404, "NOT_FOUND");
        assertError(api("/api/v2/whatever"), 404, "NOT_FOUND");
    }

    // ---- validation and credits --------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "ship        | {}                                                                            | satellite_id",
        "ship        | {\"satellite_id\": 1, \"scene_id\": \"S1A\"}                                   | satellite_id",
        "ship        | {\"satellite_id\": \"sentinel-1\"}                                             | scene_id",
        "oilslick    | {\"satellite_id\": \"sentinel-1\", \"scene_id\": \"\"}                         | scene_id",
        "ship        | {\"satellite_id\": \"sentinel-1\", \"polygon\": \"POLY\", \"date\": \"2026-01-01\"} | polygon",
        "ship        | {\"satellite_id\": \"sentinel-1\", \"polygon\": \"" + SMALL_POLYGON + "\"}     | date",
        "oilslick    | {\"satellite_id\": \"sentinel-1\", \"polygon\": \"" + SMALL_POLYGON + "\", \"date\": \"2026-01-01\", \"date_direction\": \"sideways\"} | date_direction",
        "newbuilding | {\"satellite_id\": \"sentinel-1\", \"date_start\": \"2025-01-01\", \"date_end\": \"2025-02-01\"} | polygon",
        "newbuilding | {\"satellite_id\": \"sentinel-1\", \"polygon\": \"" + SMALL_POLYGON + "\", \"date_end\": \"2025-02-01\"} | date_start",
        "timeseries  | {\"satellite_id\": \"sentinel-1\", \"polygon\": \"" + SMALL_POLYGON + "\", \"date_start\": \"2025-01-01\"} | date_end",
        "timeseries  | {\"satellite_id\": \"sentinel-1\", \"polygon\": \"" + SMALL_POLYGON + "\", \"date_start\": \"2025-01-01\", \"date_end\": \"01/02/2025\"} | date_end",
        "timeseries  | {\"satellite_id\": \"sentinel-1\", \"polygon\": \"" + SMALL_POLYGON + "\", \"date_start\": \"2021-01-01\", \"date_end\": \"2025-01-01\"} | date_end",
        "timeseries  | {\"satellite_id\": \"sentinel-1\", \"polygon\": \"" + SMALL_POLYGON + "\", \"date_start\": \"2025-03-01\", \"date_end\": \"2025-01-01\"} | date_end",
    })
    void validationErrorsNameTheField(String type, String body, String field) {
        HttpResponse<String> r = submit(type, body);
        assertError(r, 400, "VALIDATION_ERROR");
        assertTrue(json(r).at("/error/message").asText().contains("'" + field + "'"), r.body());
        assertTrue(sim.jobIds().isEmpty());
    }

    @Test
    void validBodiesOfEveryTypeAreAccepted() {
        assertEquals(200, submit("ship", SHIP_BY_SCENE).statusCode());
        assertEquals(200, submit("oilslick", "{\"satellite_id\":\"sentinel-1\",\"polygon\":\"" + SMALL_POLYGON
                + "\",\"date\":\"2026-03-01\",\"date_direction\":\"nearest\",\"orbit_direction\":\"ascending\"}")
                .statusCode());
        assertEquals(200, submit("newbuilding", "{\"satellite_id\":\"sentinel-1\",\"polygon\":\"" + SMALL_POLYGON
                + "\",\"date_start\":\"2024-01-01\",\"date_end\":\"2026-01-01\"}").statusCode());
        assertEquals(200, submit("timeseries", "{\"satellite_id\":\"sentinel-1\",\"polygon\":\"" + SMALL_POLYGON
                + "\",\"date_start\":\"2024-01-01T00:00:00Z\",\"date_end\":\"2026-01-01\"}").statusCode());
        assertEquals(4, sim.jobIds().size());
    }

    @Test
    void malformedJsonAndUnknownType() {
        assertError(submit("ship", "{\"satellite_id\": "), 400, "VALIDATION_ERROR");
        assertError(submit("ship", "[]"), 400, "VALIDATION_ERROR");
        assertError(submit("cloud", SHIP_BY_SCENE), 404, "NOT_FOUND");
    }

    @Test
    void insufficientCreditsIs402AndFailedJobsCostNothing() {
        sim.setCredits(1);
        sim.failNextJob("INTERNAL_ERROR", "Inference failed");
        submitShip(); // fails later, costs nothing
        assertEquals(OptionalInt.of(1), sim.credits());
        submitShip();
        assertEquals(OptionalInt.of(0), sim.credits());
        assertError(submit("ship", SHIP_BY_SCENE), 402, "INSUFFICIENT_CREDITS");
        assertEquals(2, sim.jobIds().size());
        sim.unlimitedCredits();
        assertEquals(200, submit("ship", SHIP_BY_SCENE).statusCode());
    }

    // ---- list --------------------------------------------------------------------------------------------------

    @Test
    void listIsNewestFirstFilteredAndLimited() {
        String oldest = sim.seedJob("ship", T0.minus(Duration.ofDays(1)));
        String middle = sim.seedJob("ship", T0.minus(Duration.ofHours(1)));
        String newest = submitShip();

        JsonNode all = json(api("/api/v1/jobs"));
        assertEquals(List.of(newest, middle, oldest), ids(all));
        assertEquals(List.of(newest, middle), ids(json(api("/api/v1/jobs?limit=2"))));
        assertEquals(List.of(middle, oldest), ids(json(api("/api/v1/jobs?status=completed&limit=30"))));
        assertEquals(List.of(newest), ids(json(api("/api/v1/jobs?status=pending"))));
        assertEquals(json(api("/api/v1/jobs/" + newest)), all.get("jobs").get(0));

        assertError(api("/api/v1/jobs?limit=31"), 400, "VALIDATION_ERROR");
        assertTrue(json(api("/api/v1/jobs?limit=31")).at("/error/message").asText().contains("'limit'"));
        assertError(api("/api/v1/jobs?limit=0"), 400, "VALIDATION_ERROR");
        assertError(api("/api/v1/jobs?limit=ten"), 400, "VALIDATION_ERROR");
        assertError(api("/api/v1/jobs?status=done"), 400, "VALIDATION_ERROR");
    }

    @Test
    void listReturnsAtMost30() {
        for (int i = 0; i < 35; i++) {
            sim.createJob("timeseries");
        }
        assertEquals(30, json(api("/api/v1/jobs")).get("jobs").size());
    }

    // ---- result download ---------------------------------------------------------------------------------------

    @Test
    void resultNotReadyIs404() {
        String id = submitShip();
        HttpResponse<String> r = api("/api/v1/jobs/" + id + "/result.geojson");
        assertError(r, 404, "NOT_FOUND");
        assertTrue(json(r).at("/error/message").asText().contains("pending"));
        assertEquals(0, sim.storageRequests());
    }

    @Test
    void resultRedirectsToPresignedStorageUrlThatRejectsTheApiKey() throws Exception {
        String id = submitShip();
        sim.clock().advance(Duration.ofMinutes(20));
        String resultPath = json(api("/api/v1/jobs/" + id)).get("result_path").asText();

        HttpResponse<String> redirect = api(resultPath);
        assertEquals(302, redirect.statusCode());
        URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        URI api = URI.create(sim.baseUrl());
        assertEquals("127.0.0.1", location.getHost());
        assertNotEquals(api.getPort(), location.getPort(), "object storage is another host");
        assertTrue(location.toString().startsWith(sim.storageBaseUrl() + "/sateais-results/" + id + ".geojson?"));
        assertTrue(location.getRawQuery().contains("X-Amz-Signature="), location.toString());
        assertTrue(location.getRawQuery().contains("X-Amz-Expires=3600"), location.toString());

        // a client that forwards the API key to the storage host is rejected, as S3 does
        HttpResponse<String> withKey = get(location.toString(), auth);
        assertEquals(400, withKey.statusCode());
        assertTrue(withKey.body().contains("<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism "
                + "allowed"), withKey.body());

        HttpResponse<String> download = get(location.toString());
        assertEquals(200, download.statusCode(), download.body());
        assertEquals("application/geo+json", download.headers().firstValue("Content-Type").orElseThrow());
        JsonNode geojson = json(download);
        assertEquals("FeatureCollection", geojson.get("type").asText());
        assertTrue(geojson.get("features").size() >= 3);
        JsonNode feature = geojson.get("features").get(0);
        assertEquals("Point", feature.at("/geometry/type").asText());
        assertEquals("ship", feature.at("/properties/class").asText());
        assertEquals(json(download), parse(sim.resultGeoJson(id)));

        HttpResponse<String> unsigned = get(sim.storageBaseUrl() + location.getRawPath());
        assertEquals(403, unsigned.statusCode());

        assertEquals(3, sim.storageRequests());
        assertEquals(1, sim.storageRequestsWithAuthorization());
        assertTrue(sim.requests().stream().allMatch(req -> req.hasHeader("Authorization")));
    }

    @Test
    void resultIsGoneAfter30DaysButJobMetadataStays() {
        String id = submitShip();
        sim.clock().advance(Duration.ofMinutes(15)); // completed at 15:15
        sim.clock().advance(Duration.ofDays(30).minusSeconds(1));
        assertEquals(302, api("/api/v1/jobs/" + id + "/result.geojson").statusCode());
        sim.clock().advance(Duration.ofDays(1));
        assertError(api("/api/v1/jobs/" + id + "/result.geojson"), 410, "GONE");
        assertEquals("completed", json(api("/api/v1/jobs/" + id)).get("status").asText());
    }

    @Test
    void seededOldJobIsGone() {
        String id = sim.seedJob("ship", T0.minus(Duration.ofDays(31)));
        assertError(api("/api/v1/jobs/" + id + "/result.geojson"), 410, "GONE");
    }

    // ---- faults and rate limit with the SateAIs envelope ---------------------------------------------------------

    @Test
    void faultsUseTheSateaisEnvelope() {
        String id = submitShip();
        sim.faults().next(2, "GET", "/api/v1/jobs/.*").rateLimited(null)
                .next(1, "GET", "/api/v1/jobs/.*").rateLimited(Duration.ofSeconds(5))
                .next(1, "GET", "/api/v1/jobs/.*").serverError();

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = api("/api/v1/jobs/" + id);
            assertError(r, 429, "RATE_LIMIT_EXCEEDED");
            assertTrue(r.headers().firstValue("Retry-After").isEmpty());
        }
        HttpResponse<String> withRetryAfter = api("/api/v1/jobs/" + id);
        assertError(withRetryAfter, 429, "RATE_LIMIT_EXCEEDED");
        assertEquals("5", withRetryAfter.headers().firstValue("Retry-After").orElseThrow());
        assertError(api("/api/v1/jobs/" + id), 500, "INTERNAL_ERROR");
        assertEquals(200, api("/api/v1/jobs/" + id).statusCode());
        assertEquals(5, sim.requestCount("GET", "/api/v1/jobs/.*"));
        assertEquals(1, sim.requestCount("POST", "/api/v1/detect/ship"));
    }

    @Test
    void malformedSlowAndResetFaults() throws Exception {
        String id = submitShip();
        sim.faults().next(1, "GET", null).malformedJson()
                .next(1, "GET", null).slow(Duration.ofMillis(300))
                .next(1, "GET", null).connectionReset();
        HttpResponse<String> malformed = api("/api/v1/jobs/" + id);
        assertEquals(200, malformed.statusCode());
        assertTrue(malformed.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> MAPPER.readTree(malformed.body()));

        long t0 = System.nanoTime();
        assertEquals("pending", json(api("/api/v1/jobs/" + id)).get("status").asText());
        assertTrue(System.nanoTime() - t0 >= 290_000_000L);

        String raw;
        try {
            raw = TestHttp.rawGet(sim.baseUrl(), "/api/v1/jobs/" + id, auth);
        } catch (java.io.IOException e) {
            raw = "";
        }
        assertEquals("", raw, "connection reset, no HTTP answer");
        assertEquals(200, api("/api/v1/jobs/" + id).statusCode());

        // on submit: the client gets no answer and no job is created
        sim.faults().next(1, "POST", "/api/v1/detect/.*").connectionReset();
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> TestHttp.sendOrThrow(
                TestHttp.CLIENT, "POST", sim.baseUrl() + "/api/v1/detect/ship", SHIP_BY_SCENE, auth));
        assertEquals(List.of(id), sim.jobIds());
    }

    @Test
    void rateLimitIs429RateLimitExceededWithoutRetryAfter() {
        sim.rateLimit(2);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = api("/api/v1/jobs");
            statuses.add(r.statusCode());
            if (r.statusCode() == 429) {
                assertError(r, 429, "RATE_LIMIT_EXCEEDED");
                assertTrue(r.headers().firstValue("Retry-After").isEmpty());
            }
        }
        assertEquals(200, statuses.get(0));
        assertTrue(statuses.contains(429), statuses.toString());
    }

    @Test
    void worksWithTheDefaultHttp2CapableClient() throws Exception {
        String id = submitShip();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> r = TestHttp.sendOrThrow(client, "GET", sim.baseUrl() + "/api/v1/jobs/" + id, null, auth);
        assertEquals(200, r.statusCode());
        assertEquals(id, json(r).get("job_id").asText());
    }

    @Test
    void resetForgetsJobsAndRestoresConfiguration() {
        try (SateaisSimulator configured = SateaisSimulator.builder().credits(5).forbiddenKey("sk_ro")
                .startTime(T0).speed(0).start()) {
            configured.setCredits(0);
            configured.forbiddenKey(null);
            String id = configured.createJob("ship");
            configured.clock().advance(Duration.ofDays(2));

            configured.reset();

            assertEquals(OptionalInt.of(5), configured.credits());
            assertTrue(configured.jobIds().isEmpty());
            assertNull(configured.jobStatus(id));
            assertEquals(T0, configured.clock().now());
            assertError(get(configured.baseUrl() + "/api/v1/jobs", "Authorization", "Bearer sk_ro"), 403,
                    "FORBIDDEN");
            assertEquals(1, configured.requestCount(null, null));
        }
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("jobs").forEach(j -> ids.add(j.get("job_id").asText()));
        return ids;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode parse(String text) throws Exception {
        return MAPPER.readTree(text);
    }
}
