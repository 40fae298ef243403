package dev.asyncjobs.spideriq.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.asyncjobs.engine.spi.AuthenticationException;
import dev.asyncjobs.engine.spi.NotFoundException;
import dev.asyncjobs.engine.spi.RateLimitedException;
import dev.asyncjobs.engine.spi.TransientApiException;
import dev.asyncjobs.engine.client.ApiHttpClient;
import dev.asyncjobs.engine.client.HttpClientSettings;
import dev.asyncjobs.engine.client.PooledHttpClients;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The typed client on its own, without Camel, against the simulator. */
class SpiderIqClientTest {

    private static final Instant T0 = Instant.parse("2025-10-27T10:00:00Z");

    private SpiderIqSimulator sim;
    private CloseableHttpClient http;
    private SpiderIqClient client;

    @BeforeEach
    void start() {
        sim = SpiderIqSimulator.builder().startTime(T0).speed(0).start();
        http = PooledHttpClients.create(HttpClientSettings.defaults());
        client = client(sim.apiKey());
    }

    private SpiderIqClient client(String token) {
        return new SpiderIqClient(new ApiHttpClient(SpiderIqClient.VENDOR, http, sim.baseUrl(),
                SpiderIqClient.authorization(token), RequestPacer.unlimited(), new SpiderIqErrorDecoder()));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        sim.close();
    }

    @Test
    void submitsAndFollowsASpiderSiteJobToItsResults() {
        SubmittedJob submitted = client.submit(SpiderIqJobType.spiderSite, SpiderSiteRequest.of("https://example.com")
                .priority(4));
        assertEquals("queued", submitted.status());
        assertEquals("spiderSite", submitted.type());
        assertFalse(submitted.fromCache());
        assertEquals(4, sim.priority(submitted.jobId()));
        assertEquals("Bearer " + sim.apiKey(), sim.requests().get(0).header("Authorization"));

        SpiderIqJob queued = client.getStatus(submitted.jobId());
        assertEquals("queued", queued.status());
        assertNull(queued.workerId());
        ResultsNotReadyException notReady = assertThrows(ResultsNotReadyException.class,
                () -> client.getResults(submitted.jobId()));
        assertEquals("queued", notReady.getJobStatus());
        assertTrue(notReady.isRetryable());

        sim.clock().advance(Duration.ofSeconds(165));
        SpiderIqJob completed = client.getStatus(submitted.jobId());
        assertEquals("completed", completed.status());
        assertEquals("spider-site-main-1", completed.workerId());
        assertEquals("2025-10-27T10:02:45Z", completed.updatedAt());
        JobResults results = client.getResults(submitted.jobId());
        assertTrue(results.success());
        assertEquals(90.0, results.processingTimeSeconds());
        assertEquals("https://example.com", results.data().get("url"));
        assertEquals(List.of("info@example.com", "sales@example.com"), results.data().get("emails"));
    }

    @Test
    void resultsOfAFailedJobAreGoneWithTheReason() {
        sim.failNextJob("DNS resolution failed for example.invalid");
        SubmittedJob job = client.submit(SpiderIqJobType.spiderSite, "https://example.invalid");
        sim.clock().advance(Duration.ofMinutes(5));
        ResultsGoneException gone = assertThrows(ResultsGoneException.class, () -> client.getResults(job.jobId()));
        assertEquals(410, gone.getHttpStatus());
        assertEquals("Job failed: DNS resolution failed for example.invalid", gone.getVendorMessage());
        assertTrue(gone.getMessage().contains("failed or was cancelled"), gone.getMessage());
    }

    @Test
    void unknownJobsAreNotFoundWithTheApisDetail() {
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> client.getStatus("550e8400-e29b-41d4-a716-446655440000"));
        assertEquals("Job not found", e.getVendorMessage());
        assertEquals("SpiderIQ GET /api/v1/jobs/550e8400-e29b-41d4-a716-446655440000/status answered 404: Job not found",
                e.getMessage());
        assertThrows(NotFoundException.class, () -> client.getResults("550e8400-e29b-41d4-a716-446655440000"));
        assertThrows(NotFoundException.class, () -> client.cancel("550e8400-e29b-41d4-a716-446655440000"));
    }

    @Test
    void cancelWorksWhileQueuedAndIsRefusedAfterwards() {
        SubmittedJob job = client.submit(SpiderIqJobType.spiderMaps, SpiderMapsRequest.of("bakeries").maxResults(10));
        CancelledJob cancelled = client.cancel(job.jobId());
        assertEquals("cancelled", cancelled.status());
        assertEquals("Job cancelled successfully", cancelled.message());
        JobNotCancellableException again = assertThrows(JobNotCancellableException.class, () -> client.cancel(job.jobId()));
        assertEquals(400, again.getHttpStatus());
        assertEquals("SpiderIQ job " + job.jobId() + " cannot be cancelled: only queued or processing jobs can be (HTTP 400:"
                + " Cannot cancel job with status 'cancelled'. Only queued or processing jobs can be cancelled.)",
                again.getMessage());
    }

    @Test
    void identicalSubmitsComeBackFromTheCache() {
        SubmittedJob first = client.submit(SpiderIqJobType.spiderSite, "https://example.com");
        SubmittedJob second = client.submit(SpiderIqJobType.spiderSite, "{\"url\": \"https://example.com\"}");
        assertEquals(first.jobId(), second.jobId());
        assertTrue(second.fromCache());
    }

    @Test
    void listsJobsWithFiltersAndPaging() {
        for (int i = 0; i < 3; i++) {
            client.submit(SpiderIqJobType.spiderSite, "https://site" + i + ".example");
        }
        client.submit(SpiderIqJobType.spiderMaps, "bakeries");
        JobPage page = client.listJobs(new ListQuery("queued", SpiderIqJobType.spiderSite, 1, 2));
        assertEquals(3, page.total());
        assertEquals(2, page.totalPages());
        assertEquals(2, page.jobs().size());
        assertEquals("spiderSite", page.jobs().get(0).type());
        assertTrue(page.jobs().get(0).url().startsWith("https://site"));
        assertEquals("/api/v1/jobs/list", sim.requests().get(sim.requests().size() - 1).path());
        assertEquals("page=1&page_size=2&status_filter=queued&type_filter=spiderSite",
                sim.requests().get(sim.requests().size() - 1).query());
        assertEquals(4, client.listJobs(ListQuery.all()).total());
        assertThrows(dev.asyncjobs.engine.spi.InvalidRequestException.class,
                () -> client.listJobs(new ListQuery(null, null, null, 101)));
    }

    @Test
    void authenticationAndRateLimitErrorsAreTheEngines() {
        String wrongToken = "not_the_token_1234";
        AuthenticationException auth = assertThrows(AuthenticationException.class,
                () -> client(wrongToken).getStatus("x"));
        assertEquals(401, auth.getHttpStatus());
        assertFalse(auth.getMessage().contains(wrongToken), auth.getMessage());

        sim.faults().next(1).rateLimited(Duration.ofSeconds(7));
        RateLimitedException limited = assertThrows(RateLimitedException.class, () -> client.getStatus("x"));
        assertEquals(Duration.ofSeconds(7), limited.getRetryAfter());

        // (this client's pacer now pauses for the 7 s; another client, another pacer)
        sim.faults().next(1).malformedJson();
        assertThrows(TransientApiException.class, () -> client(sim.apiKey()).getStatus("x"));
    }

    @Test
    void invalidSubmitsAreNotSent() {
        assertThrows(dev.asyncjobs.engine.spi.InvalidRequestException.class,
                () -> client.submit(SpiderIqJobType.spiderMaps, SpiderMapsRequest.of("cafes").maxResults(101)));
        assertEquals(0, sim.requestCount(null, null));
    }
}
