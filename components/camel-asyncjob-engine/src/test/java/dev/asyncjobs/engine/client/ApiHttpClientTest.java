package dev.asyncjobs.engine.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.AuthenticationException;
import dev.asyncjobs.engine.spi.GoneException;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.spi.MutableClock;
import dev.asyncjobs.engine.spi.NotFoundException;
import dev.asyncjobs.engine.spi.RateLimitedException;
import dev.asyncjobs.engine.spi.TransientApiException;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiHttpClientTest {

    private static final String API_KEY = "sk-live-7f3c9a1e5d";
    private static final String AUTH = "Bearer " + API_KEY;

    /** The vendor's API. */
    private static WireMockServer api;
    /** Another origin: object storage that results redirect to. */
    private static WireMockServer storage;
    private static CloseableHttpClient http;

    private final MutableClock clock = new MutableClock();
    private RequestPacer pacer;
    private ApiHttpClient client;

    @BeforeAll
    static void startServers() {
        api = new WireMockServer(options().dynamicPort());
        storage = new WireMockServer(options().dynamicPort());
        api.start();
        storage.start();
        http = PooledHttpClients.create(settings(5_000));
    }

    @AfterAll
    static void stopServers() throws IOException {
        http.close();
        api.stop();
        storage.stop();
    }

    @BeforeEach
    void freshState() {
        api.resetAll();
        storage.resetAll();
        pacer = new RequestPacer(10, Duration.ofSeconds(1), clock);
        client = client(http, AUTH);
    }

    // ---------------------------------------------------------------- requests

    @ParameterizedTest
    @ValueSource(strings = { "Bearer " + API_KEY, "Token " + API_KEY, "Basic c2stbGl2ZS03ZjNjOWExZTVkOg==" })
    void sendsTheAuthorizationHeaderInTheGivenForm(String authorization) {
        api.stubFor(get("/v1/jobs/42").willReturn(okJson("{\"id\":\"42\",\"status\":\"RUNNING\"}")));

        JsonNode job = client(http, authorization).call(ApiRequest.get("/v1/jobs/42"), JsonNode.class);

        assertEquals("RUNNING", job.get("status").asText());
        api.verify(1, getRequestedFor(urlEqualTo("/v1/jobs/42"))
                .withHeader("Authorization", equalTo(authorization))
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void resolvesPathsAndQueryAgainstTheBaseUrl() {
        api.stubFor(get(urlPathEqualTo("/api/v2/jobs/42")).willReturn(okJson("{}")));
        ApiHttpClient prefixed = new ApiHttpClient("Acme", http, api.baseUrl() + "/api/v2/", AUTH, pacer,
                ErrorDecoder.errorObject(), new ObjectMapper(), clock);

        prefixed.execute(ApiRequest.get("jobs/42").query("include", "tasks").query("page", 2).query("skip", null));

        api.verify(1, getRequestedFor(urlEqualTo("/api/v2/jobs/42?include=tasks&page=2"))
                .withHeader("Authorization", equalTo(AUTH)));
    }

    @Test
    void aPathWithoutQueryGoesUnderTheBaseUrlsPathWithItsEncodingKept() {
        api.stubFor(get(urlEqualTo("/api/v2/jobs/a%20b/status")).willReturn(okJson("{}")));
        ApiHttpClient prefixed = new ApiHttpClient("Acme", http, api.baseUrl() + "/api/v2/", AUTH, pacer,
                ErrorDecoder.errorObject(), new ObjectMapper(), clock);

        prefixed.execute(ApiRequest.get(ApiPath.of("/jobs/{id}/status").expand("Acme", "a b")));
        prefixed.execute(ApiRequest.get("jobs/a%20b/status"));

        api.verify(2, getRequestedFor(urlEqualTo("/api/v2/jobs/a%20b/status"))
                .withHeader("Authorization", equalTo(AUTH)));
    }

    @Test
    void onlyPathsMadeOfWhatAUriPathHoldsAreSentWithoutParsing() {
        assertTrue(RequestFactory.isPlainPath("/api/v1/jobs/550e8400-e29b-41d4-a716-446655440000/status"));
        assertTrue(RequestFactory.isPlainPath("jobs/a%2Fb%20c;v=1/@x:y"));
        assertFalse(RequestFactory.isPlainPath("/jobs/has space"));
        assertFalse(RequestFactory.isPlainPath("/jobs/1?page=2"));
        assertFalse(RequestFactory.isPlainPath("/jobs/1#frag"));
        assertFalse(RequestFactory.isPlainPath("/jobs/100%"));
        assertFalse(RequestFactory.isPlainPath("/jobs/%zz"));
        assertFalse(RequestFactory.isPlainPath("/jobs/\u00e9"));
    }

    @Test
    void postsObjectsAsJson() {
        api.stubFor(post("/v1/jobs").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"j-1\",\"status\":\"QUEUED\"}")));

        @SuppressWarnings("unchecked")
        Map<String, Object> created = client.call(
                ApiRequest.post("/v1/jobs").body(Map.of("type", "building", "priority", 3)), Map.class);

        assertEquals("j-1", created.get("id"));
        api.verify(postRequestedFor(urlEqualTo("/v1/jobs"))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"type\":\"building\",\"priority\":3}")));
    }

    @Test
    void withoutAKeyNoAuthorizationHeaderIsSent() {
        api.stubFor(get("/v1/status").willReturn(okJson("{}")));

        client(http, null).execute(ApiRequest.get("/v1/status"));

        api.verify(1, getRequestedFor(urlEqualTo("/v1/status")).withoutHeader("Authorization"));
    }

    @Test
    void callersCannotSneakAnAuthorizationHeaderToTheVendor() {
        api.stubFor(get("/v1/status").willReturn(okJson("{}")));

        client.execute(ApiRequest.get("/v1/status").header("Authorization", "Bearer something-else"));

        api.verify(1, getRequestedFor(urlEqualTo("/v1/status")).withHeader("Authorization", equalTo(AUTH)));
    }

    // ---------------------------------------------------------------- errors

    @Test
    void tooManyRequestsWithRetryAfter() {
        api.stubFor(get("/v1/jobs/1").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"Slow down\"}}")));

        RateLimitedException e = assertApiError(RateLimitedException.class,
                () -> client.execute(ApiRequest.get("/v1/jobs/1")));

        assertEquals(429, e.getHttpStatus());
        assertEquals(Duration.ofSeconds(7), e.getRetryAfter());
        assertEquals("RATE_LIMITED", e.getErrorCode());
        assertEquals("Slow down", e.getVendorMessage());
        assertTrue(e.isRetryable());
        assertEquals(clock.instant().plusSeconds(7), pacer.pausedUntil(), "every request with this key pauses");
        assertEquals(0, pacer.availableNow());
    }

    @ParameterizedTest
    @ValueSource(strings = { "seconds", "http-date" })
    void unavailableWithRetryAfterPausesTheKeyAsA429Does(String form) {
        String value = form.equals("seconds") ? "12"
                : java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        clock.instant().plusSeconds(12).atZone(java.time.ZoneOffset.UTC));
        api.stubFor(get("/v1/jobs/1").willReturn(aResponse().withStatus(503).withHeader("Retry-After", value)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"MAINTENANCE\",\"message\":\"Back soon\"}}")));

        TransientApiException e = assertApiError(TransientApiException.class,
                () -> client.execute(ApiRequest.get("/v1/jobs/1")));

        assertEquals(503, e.getHttpStatus());
        assertEquals(Duration.ofSeconds(12), e.getRetryAfter());
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("retry after 12 s"), e.getMessage());
        assertEquals(clock.instant().plusSeconds(12), pacer.pausedUntil(), "every request with this key pauses");
        assertEquals(0, pacer.availableNow());
    }

    @Test
    void unavailableWithoutRetryAfterDoesNotPause() {
        api.stubFor(get("/v1/jobs/1").willReturn(aResponse().withStatus(503)));

        TransientApiException e = assertApiError(TransientApiException.class,
                () -> client.execute(ApiRequest.get("/v1/jobs/1")));

        assertNull(e.getRetryAfter());
        assertTrue(pacer.availableNow() > 0);
    }

    @Test
    void retryAfterAsAnHttpDateOnA429() {
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                clock.instant().plusSeconds(30).atZone(java.time.ZoneOffset.UTC));
        api.stubFor(get("/v1/jobs/1").willReturn(aResponse().withStatus(429).withHeader("Retry-After", date)));

        RateLimitedException e = assertApiError(RateLimitedException.class,
                () -> client.execute(ApiRequest.get("/v1/jobs/1")));

        assertEquals(Duration.ofSeconds(30), e.getRetryAfter());
        assertEquals(clock.instant().plusSeconds(30), pacer.pausedUntil());
    }

    @Test
    void tooManyRequestsWithoutRetryAfterBacksOffFromOneSecond() {
        api.stubFor(get("/v1/jobs/1").willReturn(aResponse().withStatus(429)));

        RateLimitedException first = assertApiError(RateLimitedException.class,
                () -> client.execute(ApiRequest.get("/v1/jobs/1")));
        assertNull(first.getRetryAfter());
        assertEquals(clock.instant().plusSeconds(1), pacer.pausedUntil());

        clock.advance(Duration.ofSeconds(1));
        assertApiError(RateLimitedException.class, () -> client.execute(ApiRequest.get("/v1/jobs/1")));
        assertEquals(clock.instant().plusSeconds(2), pacer.pausedUntil(), "the pause doubles");
    }

    @Test
    void aSuccessfulAnswerResetsTheRateLimitBackoff() {
        api.stubFor(get("/v1/limited").willReturn(aResponse().withStatus(429)));
        api.stubFor(get("/v1/fine").willReturn(okJson("{}")));
        assertApiError(RateLimitedException.class, () -> client.execute(ApiRequest.get("/v1/limited")));
        clock.advance(Duration.ofSeconds(1));
        assertApiError(RateLimitedException.class, () -> client.execute(ApiRequest.get("/v1/limited")));
        clock.advance(Duration.ofSeconds(2));

        client.execute(ApiRequest.get("/v1/fine"));
        assertApiError(RateLimitedException.class, () -> client.execute(ApiRequest.get("/v1/limited")));

        assertEquals(clock.instant().plusSeconds(1), pacer.pausedUntil());
    }

    @ParameterizedTest
    @ValueSource(ints = { 401, 403 })
    void authenticationErrorsNeverShowTheKey(int status) {
        api.stubFor(get("/v1/jobs/1").willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"INVALID_API_KEY\",\"message\":\"The API key is not valid\"}}")));

        AuthenticationException e = assertApiError(AuthenticationException.class,
                () -> client.execute(ApiRequest.get("/v1/jobs/1")));

        assertEquals(status, e.getHttpStatus());
        assertEquals("INVALID_API_KEY", e.getErrorCode());
        assertEquals("The API key is not valid", e.getVendorMessage());
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("apiKey"), "the message says what to check: " + e.getMessage());
    }

    @Test
    void aKeyEchoedBackByTheServerIsRedacted() {
        api.stubFor(get("/v1/jobs/1").willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"INVALID_API_KEY\",\"message\":\"Unknown key " + API_KEY + "\"}}")));

        AuthenticationException e = assertApiError(AuthenticationException.class,
                () -> client.execute(ApiRequest.get("/v1/jobs/1")));

        assertEquals("Unknown key ***", e.getVendorMessage());
        assertFalse(e.getMessage().contains(API_KEY));
    }

    @Test
    void notFoundWithErrorObject() {
        api.stubFor(get("/v1/jobs/nope").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"Job not found\"}}")));

        NotFoundException e = assertApiError(NotFoundException.class,
                () -> client.execute(ApiRequest.get("/v1/jobs/nope")));

        assertEquals(404, e.getHttpStatus());
        assertEquals("Job not found", e.getVendorMessage());
        assertNull(e.getErrorCode());
        assertEquals("Acme", e.getVendor());
        assertTrue(e.getMessage().contains("/v1/jobs/nope") && e.getMessage().contains("Job not found"), e.getMessage());
        assertFalse(e.isRetryable());
    }

    @Test
    void goneWithCodeAndMessage() {
        api.stubFor(get("/v1/jobs/1/result").willReturn(aResponse().withStatus(410)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"RESULT_EXPIRED\",\"message\":\"Results are kept for 7 days\"}}")));

        GoneException e = assertApiError(GoneException.class,
                () -> client.execute(ApiRequest.get("/v1/jobs/1/result")));

        assertEquals(410, e.getHttpStatus());
        assertEquals("RESULT_EXPIRED", e.getErrorCode());
        assertEquals("Results are kept for 7 days", e.getVendorMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 422 })
    void invalidRequestWithErrorObjectEnvelope(int status) {
        api.stubFor(post("/v1/jobs").willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"INVALID_AOI\",\"message\":\"aoi must be a polygon\"}}")));

        InvalidRequestException e = assertApiError(InvalidRequestException.class,
                () -> client.execute(ApiRequest.post("/v1/jobs").body(Map.of("aoi", "point"))));

        assertEquals(status, e.getHttpStatus());
        assertEquals("INVALID_AOI", e.getErrorCode());
        assertEquals("aoi must be a polygon", e.getVendorMessage());
        assertTrue(e.getMessage().contains("INVALID_AOI") && e.getMessage().contains("aoi must be a polygon"),
                e.getMessage());
        assertFalse(e.isRetryable());
    }

    @Test
    void serverErrorIsTransient() {
        api.stubFor(get("/v1/jobs/1").willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"internal error\"}}")));

        TransientApiException e = assertApiError(TransientApiException.class,
                () -> client.execute(ApiRequest.get("/v1/jobs/1")));

        assertEquals(500, e.getHttpStatus());
        assertEquals("internal error", e.getVendorMessage());
        assertTrue(e.isRetryable());
    }

    @Test
    void anErrorPageThatIsNotJsonIsStillMapped() {
        api.stubFor(get("/v1/jobs/1").willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Bad Gateway</body></html>")));

        TransientApiException e = assertApiError(TransientApiException.class,
                () -> client.execute(ApiRequest.get("/v1/jobs/1")));

        assertEquals(502, e.getHttpStatus());
        assertNull(e.getErrorCode());
        assertNull(e.getVendorMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = { "CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK" })
    void connectionFailuresAreTransient(Fault fault) {
        api.stubFor(get("/v1/jobs/1").willReturn(aResponse().withFault(fault)));

        TransientApiException e = assertApiError(TransientApiException.class,
                () -> client.execute(ApiRequest.get("/v1/jobs/1")));

        assertEquals(0, e.getHttpStatus());
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("/v1/jobs/1"), e.getMessage());
    }

    @Test
    void aResponseSlowerThanTheSocketTimeoutIsTransient() throws IOException {
        api.stubFor(get("/v1/jobs/slow").willReturn(okJson("{}").withFixedDelay(2_000)));

        try (CloseableHttpClient impatient = PooledHttpClients.create(settings(200))) {
            TransientApiException e = assertApiError(TransientApiException.class,
                    () -> client(impatient, AUTH).execute(ApiRequest.get("/v1/jobs/slow")));

            assertEquals("TIMEOUT", e.getErrorCode());
            assertEquals(0, e.getHttpStatus());
            assertTrue(e.isRetryable());
        }
    }

    @Test
    void malformedJsonIsATransientFailure() {
        api.stubFor(get("/v1/jobs/1").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": \"1\", \"status\": ")));

        TransientApiException e = assertApiError(TransientApiException.class,
                () -> client.call(ApiRequest.get("/v1/jobs/1"), JsonNode.class));

        assertEquals("MALFORMED_RESPONSE", e.getErrorCode());
        assertEquals(200, e.getHttpStatus());
        assertTrue(e.isRetryable());
    }

    @Test
    void aBodyOfTheWrongShapeIsMalformed() {
        api.stubFor(get("/v1/jobs").willReturn(okJson("[1, 2, 3]")));

        TransientApiException e = assertApiError(TransientApiException.class,
                () -> client.call(ApiRequest.get("/v1/jobs"), Job.class));

        assertEquals("MALFORMED_RESPONSE", e.getErrorCode());
    }

    @Test
    void customErrorDecoderIsUsed() {
        api.stubFor(get("/v1/jobs/1").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"errors\":[{\"reason\":\"bad id\"}]}")));
        ErrorDecoder decoder = (status, body) -> new ErrorDecoder.DecodedError("E" + status,
                body.get("errors").get(0).get("reason").asText());
        ApiHttpClient custom = new ApiHttpClient("Acme", http, api.baseUrl(), AUTH, pacer, decoder,
                new ObjectMapper(), clock);

        InvalidRequestException e = assertApiError(InvalidRequestException.class,
                () -> custom.execute(ApiRequest.get("/v1/jobs/1")));

        assertEquals("E400", e.getErrorCode());
        assertEquals("bad id", e.getVendorMessage());
    }

    // ---------------------------------------------------------------- rate limit headers

    @Test
    void rateLimitHeadersWithRelativeResetAreObserved() {
        api.stubFor(get("/v1/jobs/1").willReturn(okJson("{}")
                .withHeader("X-RateLimit-Remaining", "3").withHeader("X-RateLimit-Reset", "30")));

        client.execute(ApiRequest.get("/v1/jobs/1"));

        assertEquals(3, pacer.availableNow(), "the server's remaining budget caps the client's");
        clock.advance(Duration.ofSeconds(30));
        assertEquals(10, pacer.availableNow());
    }

    @Test
    void rateLimitHeadersWithEpochResetAreObserved() {
        long resetEpoch = clock.instant().plusSeconds(120).getEpochSecond();
        api.stubFor(get("/v1/jobs/1").willReturn(okJson("{}")
                .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", String.valueOf(resetEpoch))));

        client.execute(ApiRequest.get("/v1/jobs/1"));

        assertEquals(0, pacer.availableNow());
        clock.advance(Duration.ofSeconds(119));
        assertEquals(0, pacer.availableNow());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(10, pacer.availableNow());
    }

    // ---------------------------------------------------------------- the reserve

    @Test
    void requestsThroughTheBackgroundViewLeaveTheReserveFromWhateverThreadSendsThem() throws Exception {
        api.stubFor(get("/v1/jobs").willReturn(okJson("[]")));
        pacer.reserve(2).maxWait(Duration.ofMillis(200)); // the test clock stands still: no slot frees up by waiting
        ApiHttpClient background = client.forBackground();

        for (int i = 0; i < 8; i++) {
            background.execute(ApiRequest.get("/v1/jobs"));
        }
        RateLimitedException refused = assertInstanceOf(RateLimitedException.class,
                assertThrows(java.util.concurrent.CompletionException.class, () -> java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> background.execute(ApiRequest.get("/v1/jobs"))).join()).getCause());

        assertEquals(ApiHttpClient.BUDGET_WAIT, refused.getErrorCode(), "a background request waits for the reserve");
        api.verify(8, getRequestedFor(urlEqualTo("/v1/jobs")));
        client.execute(ApiRequest.get("/v1/jobs")); // a user's requests take the reserve at once
        client.execute(ApiRequest.get("/v1/jobs"));
        api.verify(10, getRequestedFor(urlEqualTo("/v1/jobs")));
        assertEquals(0, pacer.availableNow());
    }

    // ---------------------------------------------------------------- downloads

    @Test
    void downloadFollowsARedirectToAnotherOriginWithoutTheKey() {
        byte[] tiff = "II*\0 fake geotiff".getBytes(StandardCharsets.ISO_8859_1);
        String presigned = storage.baseUrl() + "/bucket/result-1.tif?X-Amz-Signature=abc123";
        api.stubFor(get("/v1/jobs/1/result").willReturn(aResponse().withStatus(302).withHeader("Location", presigned)));
        storage.stubFor(get(urlPathEqualTo("/bucket/result-1.tif")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/tiff").withBody(tiff)));

        ApiResponse response = client.download("/v1/jobs/1/result");

        assertEquals(200, response.status());
        assertArrayEquals(tiff, response.body());
        assertEquals("image/tiff", response.header("content-type"));
        api.verify(1, getRequestedFor(urlEqualTo("/v1/jobs/1/result")).withHeader("Authorization", equalTo(AUTH)));
        List<LoggedRequest> atStorage = storage.findAll(getRequestedFor(urlPathEqualTo("/bucket/result-1.tif")));
        assertEquals(1, atStorage.size());
        LoggedRequest hop = atStorage.get(0);
        assertFalse(hop.containsHeader("Authorization"), "object storage must not see the API key");
        assertEquals("abc123", hop.queryParameter("X-Amz-Signature").firstValue());
        hop.getHeaders().all().forEach(h -> assertFalse(h.values().stream().anyMatch(v -> v.contains(API_KEY)),
                "header " + h.key() + " carries the key"));
    }

    @Test
    void downloadToStreamsTheFinalBody() {
        byte[] data = new byte[64 * 1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        api.stubFor(get("/v1/files/7").willReturn(aResponse().withStatus(307)
                .withHeader("Location", storage.baseUrl() + "/bucket/7.bin")));
        storage.stubFor(get("/bucket/7.bin").willReturn(aResponse().withStatus(200).withBody(data)));
        ByteArrayOutputStream target = new ByteArrayOutputStream();

        ApiResponse response = client.downloadTo("/v1/files/7", target);

        assertEquals(200, response.status());
        assertArrayEquals(data, target.toByteArray());
        assertEquals(0, response.body().length, "the body went to the stream, not into memory");
        storage.verify(1, getRequestedFor(urlEqualTo("/bucket/7.bin")).withoutHeader("Authorization"));
    }

    @Test
    void aRedirectWithinTheVendorOriginKeepsTheKey() {
        api.stubFor(get("/v1/jobs/1/result").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "/v1/blobs/99")));
        api.stubFor(get("/v1/blobs/99").willReturn(aResponse().withStatus(200).withBody("data")));

        ApiResponse response = client.download("/v1/jobs/1/result");

        assertEquals("data", response.bodyAsString());
        api.verify(1, getRequestedFor(urlEqualTo("/v1/blobs/99")).withHeader("Authorization", equalTo(AUTH)));
    }

    @Test
    void anErrorFromObjectStorageIsNotAnApiKeyProblem() {
        api.stubFor(get("/v1/jobs/1/result").willReturn(aResponse().withStatus(302)
                .withHeader("Location", storage.baseUrl() + "/bucket/r.tif?X-Amz-Signature=s3cr3tsig")));
        storage.stubFor(get(urlPathEqualTo("/bucket/r.tif")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/xml")
                .withBody("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>")));

        AsyncJobApiException e = assertApiError(AsyncJobApiException.class,
                () -> client.download("/v1/jobs/1/result"));

        assertFalse(e instanceof AuthenticationException, "the API key is fine; the presigned URL is not: " + e);
        assertEquals(403, e.getHttpStatus());
        assertFalse(e.getMessage().contains("s3cr3tsig"), "the presigned signature stays out of messages: " + e.getMessage());
    }

    @Test
    void aServerErrorFromObjectStorageIsTransient() {
        api.stubFor(get("/v1/jobs/1/result").willReturn(aResponse().withStatus(302)
                .withHeader("Location", storage.baseUrl() + "/bucket/r.tif")));
        storage.stubFor(get("/bucket/r.tif").willReturn(aResponse().withStatus(503)));

        TransientApiException e = assertApiError(TransientApiException.class,
                () -> client.download("/v1/jobs/1/result"));

        assertEquals(503, e.getHttpStatus());
    }

    @Test
    void aRedirectLoopEndsWithAnError() {
        api.stubFor(get("/v1/loop").willReturn(aResponse().withStatus(302).withHeader("Location", "/v1/loop")));

        AsyncJobApiException e = assertApiError(AsyncJobApiException.class, () -> client.download("/v1/loop"));

        assertEquals("TOO_MANY_REDIRECTS", e.getErrorCode());
        assertEquals(6, api.findAll(getRequestedFor(urlEqualTo("/v1/loop"))).size(),
                "the first request and five redirects");
    }

    @Test
    void anInvalidPathIsRejectedBeforeSending() {
        InvalidRequestException e = assertApiError(InvalidRequestException.class,
                () -> client.execute(ApiRequest.get("/v1/jobs/has space")));

        assertEquals(0, e.getHttpStatus());
        assertEquals("path", e.getField());
        assertTrue(api.getAllServeEvents().isEmpty(), "nothing was sent");
    }

    // ---------------------------------------------------------------- helpers

    /** Asserts the call throws the given type, and that the API key appears nowhere in it. */
    private static <T extends Throwable> T assertApiError(Class<T> type, Executable call) {
        T e = assertThrows(type, call);
        assertInstanceOf(type, e);
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(String.valueOf(e.getMessage()).contains(API_KEY), "message leaks the key: " + e.getMessage());
        assertFalse(e.toString().contains(API_KEY), "toString leaks the key");
        assertFalse(trace.toString().contains(API_KEY), "stack trace leaks the key");
        if (e instanceof AsyncJobApiException apiError) {
            assertFalse(String.valueOf(apiError.getVendorMessage()).contains(API_KEY));
        }
        return e;
    }

    private ApiHttpClient client(CloseableHttpClient httpClient, String authorization) {
        return new ApiHttpClient("Acme", httpClient, api.baseUrl(), authorization, pacer, ErrorDecoder.errorObject(),
                new ObjectMapper(), clock);
    }

    private static HttpClientSettings settings(long soTimeoutMillis) {
        return new HttpClientSettings(2_000, 2_000, soTimeoutMillis, 0, 20, 10, null, 0, null, null, null);
    }

    /** A typed job, to read answers into. */
    public record Job(String id, String status) {
    }
}
