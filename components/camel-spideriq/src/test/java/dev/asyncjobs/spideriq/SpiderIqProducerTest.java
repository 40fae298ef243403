package dev.asyncjobs.spideriq;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncjobs.engine.spi.AuthenticationException;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.NotFoundException;
import dev.asyncjobs.spideriq.api.CancelledJob;
import dev.asyncjobs.spideriq.api.JobNotCancellableException;
import dev.asyncjobs.spideriq.api.JobPage;
import dev.asyncjobs.spideriq.api.JobResults;
import dev.asyncjobs.spideriq.api.ResultsGoneException;
import dev.asyncjobs.spideriq.api.ResultsNotReadyException;
import dev.asyncjobs.spideriq.api.SpiderIqJob;
import dev.asyncjobs.spideriq.api.SpiderMapsRequest;
import dev.asyncjobs.spideriq.api.SpiderSiteRequest;
import dev.asyncjobs.spideriq.api.SubmittedJob;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.Test;

/** Every producer operation against the simulator. */
class SpiderIqProducerTest extends SpiderIqTestSupport {

    private static final String CRAWL = "spideriq:crawl?jobType=spiderSite";

    private Exchange submit(String uri, Object body, Map<String, Object> headers) {
        Exchange exchange = template.request(uri, e -> {
            e.getMessage().setBody(body);
            e.getMessage().getHeaders().putAll(headers);
        });
        if (exchange.getException() != null) {
            throw new AssertionError("submit failed", exchange.getException());
        }
        return exchange;
    }

    private String submitSite(String url) {
        return submit(CRAWL, url, Map.of()).getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class);
    }

    private static <T extends Throwable> T failure(Class<T> type, Exchange exchange) {
        return assertInstanceOf(type, exchange.getException());
    }

    private Exchange operation(String operation, String jobId) {
        return template.request("spideriq:jobs", e -> {
            e.getMessage().setHeader(SpiderIqConstants.OPERATION, operation);
            e.getMessage().setHeader(SpiderIqConstants.JOB_ID, jobId);
        });
    }

    // ---- submit -----------------------------------------------------------------------------------------------

    @Test
    void submitsASpiderSiteJobFromItsUrl() {
        Exchange exchange = submit(CRAWL, "https://example.com", Map.of());
        SubmittedJob job = exchange.getMessage().getBody(SubmittedJob.class);
        assertEquals("queued", job.status());
        assertEquals(job.jobId(), exchange.getMessage().getHeader(SpiderIqConstants.JOB_ID));
        assertEquals("queued", exchange.getMessage().getHeader(SpiderIqConstants.STATUS));
        assertEquals(JobPhase.QUEUED, exchange.getMessage().getHeader(SpiderIqConstants.PHASE));
        assertEquals("spiderSite", exchange.getMessage().getHeader(SpiderIqConstants.JOB_TYPE));
        assertEquals(false, exchange.getMessage().getHeader(SpiderIqConstants.FROM_CACHE));
        assertEquals("2025-10-27T10:00:00Z", exchange.getMessage().getHeader(SpiderIqConstants.CREATED_AT));
        assertEquals("spiderSite job queued successfully", exchange.getMessage().getHeader(SpiderIqConstants.MESSAGE));
        assertEquals("{\"url\":\"https://example.com\"}", simulator.payload(job.jobId()).toString());
        assertNull(simulator.priority(job.jobId()), "no priority unless asked: the API's default applies");
        assertTrue(tracker().isTracked(job.jobId()), "submitted jobs are tracked for the consumer");
    }

    @Test
    void furtherPayloadFieldsArePassedThroughAndThePriorityHeaderWins() {
        String typed = submit(CRAWL + "&priority=1", SpiderSiteRequest.of("https://example.com").priority(7)
                .with("max_pages", 10).with("extract_company_info", true), Map.of())
                .getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class);
        JsonNode payload = simulator.payload(typed);
        assertEquals(10, payload.get("max_pages").asInt());
        assertTrue(payload.get("extract_company_info").asBoolean());
        assertEquals(7, simulator.priority(typed), "the request's own priority beats the option");

        String fromMap = submit(CRAWL + "&priority=1", Map.of("url", "https://other.example", "crawl_depth", 2),
                Map.of(SpiderIqConstants.PRIORITY, "3")).getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class);
        assertEquals(2, simulator.payload(fromMap).get("crawl_depth").asInt());
        assertEquals(3, simulator.priority(fromMap), "the header beats the option");

        String fromOption = submitSite("https://third.example");
        assertNull(simulator.priority(fromOption));
        String optionOnly = submit(CRAWL + "&priority=1", "https://fourth.example", Map.of())
                .getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class);
        assertEquals(1, simulator.priority(optionOnly));
    }

    @Test
    void submitsASpiderMapsJobTypedByHeader() {
        Exchange exchange = submit("spideriq:search", SpiderMapsRequest.of("coffee shops in Luxembourg").maxResults(25),
                Map.of(SpiderIqConstants.JOB_TYPE, "spiderMaps"));
        String id = exchange.getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class);
        assertEquals("spiderMaps", exchange.getMessage().getHeader(SpiderIqConstants.JOB_TYPE));
        assertEquals("{\"search_query\":\"coffee shops in Luxembourg\",\"max_results\":25}", simulator.payload(id).toString());
        assertEquals("/api/v1/jobs/spiderMaps/submit", simulator.requests().get(0).path());
    }

    @Test
    void wrongSubmitsFailBeforeAnythingIsSent() {
        InvalidRequestException maxResults = failure(InvalidRequestException.class, template.request(
                "spideriq:search?jobType=spiderMaps", e -> e.getMessage().setBody(Map.of("search_query", "cafes",
                        "max_results", 500))));
        assertEquals("payload.max_results", maxResults.getField());
        InvalidRequestException priority = failure(InvalidRequestException.class, template.request(CRAWL, e -> {
            e.getMessage().setBody("https://example.com");
            e.getMessage().setHeader(SpiderIqConstants.PRIORITY, 11);
        }));
        assertEquals(SpiderIqConstants.PRIORITY, priority.getField());
        InvalidRequestException noType = failure(InvalidRequestException.class,
                template.request("spideriq:crawl", e -> e.getMessage().setBody("https://example.com")));
        assertEquals("jobType", noType.getField());
        assertTrue(noType.getMessage().contains("set the jobType option (spiderSite or spiderMaps)"), noType.getMessage());
        InvalidRequestException badType = failure(InvalidRequestException.class, template.request(CRAWL, e -> {
            e.getMessage().setBody("https://example.com");
            e.getMessage().setHeader(SpiderIqConstants.JOB_TYPE, "spiderVerify");
        }));
        assertTrue(badType.getMessage().contains("[spiderSite, spiderMaps]"), badType.getMessage());
        InvalidRequestException url = failure(InvalidRequestException.class,
                template.request(CRAWL, e -> e.getMessage().setBody("example.com")));
        assertEquals("payload.url", url.getField());
        assertEquals(0, simulator.requestCount(null, null), "nothing reached the API");
        assertEquals(0, tracker().size());
    }

    @Test
    void anIdenticalSubmitWithin24HoursReturnsTheCachedJobTrackedOnce() {
        Exchange first = submit(CRAWL, "https://example.com", Map.of());
        advance(Duration.ofSeconds(80)); // processing now
        Exchange second = submit(CRAWL, Map.of("url", "https://example.com"), Map.of());
        String id = first.getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class);
        assertEquals(id, second.getMessage().getHeader(SpiderIqConstants.JOB_ID));
        assertEquals(true, second.getMessage().getHeader(SpiderIqConstants.FROM_CACHE));
        assertEquals(1, tracker().size());
        assertEquals("queued", tracker().get(id).orElseThrow().baseline().status(), "the first registration is kept");
    }

    @Test
    void waitForCompletionAnswersWithTheResults() throws Exception {
        CompletableFuture<Exchange> done = template.asyncSend(CRAWL + "&waitForCompletion=true&fetchResult=true",
                e -> e.getMessage().setBody("https://example.com"));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.jobIds().size() == 1);
        assertFalse(done.isDone(), "the exchange waits for the job");
        advance(Duration.ofMinutes(5)); // the job completes before the first status request (3 s after the submit)
        Exchange exchange = done.get(20, TimeUnit.SECONDS);
        assertNull(exchange.getException());
        JobResults results = exchange.getMessage().getBody(JobResults.class);
        assertEquals("completed", results.status());
        assertEquals("https://example.com", results.data().get("url"));
        assertInstanceOf(SpiderIqJob.class, exchange.getMessage().getHeader(SpiderIqConstants.JOB));
        assertEquals(JobPhase.SUCCEEDED, exchange.getMessage().getHeader(SpiderIqConstants.PHASE));
    }

    // ---- getJob, getResult ------------------------------------------------------------------------------------

    @Test
    void getJobAnswersTheStatusWithTheWorker() {
        String id = submitSite("https://example.com");
        advance(Duration.ofSeconds(80));
        Exchange exchange = operation("getJob", id);
        SpiderIqJob job = exchange.getMessage().getBody(SpiderIqJob.class);
        assertEquals("processing", job.status());
        assertEquals(JobPhase.RUNNING, exchange.getMessage().getHeader(SpiderIqConstants.PHASE));
        assertEquals("spider-site-main-1", exchange.getMessage().getHeader(SpiderIqConstants.WORKER_ID));
        assertEquals("2025-10-27T10:01:15Z", exchange.getMessage().getHeader(SpiderIqConstants.UPDATED_AT));
        assertEquals("spiderSite", exchange.getMessage().getHeader(SpiderIqConstants.JOB_TYPE));
    }

    @Test
    void getResultMapsEachAnswerToAClearOutcome() {
        String id = submitSite("https://example.com");

        ResultsNotReadyException running = failure(ResultsNotReadyException.class, operation("getResult", id));
        assertEquals("SpiderIQ job " + id + " has no results yet: it is still 'queued' (HTTP 202); ask again once it"
                + " completed, or let a spideriq consumer emit its completion", running.getMessage());

        advance(Duration.ofMinutes(5));
        Exchange done = operation("getResult", id);
        assertNull(done.getException());
        assertEquals("completed", done.getMessage().getBody(JobResults.class).status());

        simulator.failNextJob("Website unreachable");
        String failed = submitSite("https://down.example");
        advance(Duration.ofMinutes(5));
        ResultsGoneException gone = failure(ResultsGoneException.class, operation("getResult", failed));
        assertEquals("SpiderIQ job " + failed + " has no results: it failed or was cancelled (HTTP 410: Job failed:"
                + " Website unreachable); review its parameters and submit it again if needed", gone.getMessage());

        NotFoundException unknown = failure(NotFoundException.class,
                operation("getResult", "550e8400-e29b-41d4-a716-446655440000"));
        assertEquals("Job not found", unknown.getVendorMessage());
    }

    @Test
    void getJobOfAnUnknownJobIsTheEnginesNotFound() {
        NotFoundException e = failure(NotFoundException.class, operation("getJob", "550e8400-e29b-41d4-a716-446655440000"));
        assertEquals(404, e.getHttpStatus());
        assertEquals("Job not found", e.getVendorMessage());
    }

    // ---- cancel -----------------------------------------------------------------------------------------------

    @Test
    void cancelWorksWhileQueuedOrProcessingAndOtherwiseSaysWhy() {
        String queued = submitSite("https://example.com");
        Exchange cancelled = operation("cancel", queued);
        assertNull(cancelled.getException());
        assertEquals("cancelled", cancelled.getMessage().getBody(CancelledJob.class).status());
        assertEquals(JobPhase.CANCELLED, cancelled.getMessage().getHeader(SpiderIqConstants.PHASE));
        assertEquals(true, cancelled.getMessage().getHeader(SpiderIqConstants.TERMINAL));
        assertEquals("Job cancelled successfully", cancelled.getMessage().getHeader(SpiderIqConstants.MESSAGE));

        String processing = submitSite("https://processing.example");
        advance(Duration.ofSeconds(80));
        assertNull(operation("cancel", processing).getException());
        assertEquals("cancelled", simulator.jobStatus(processing));

        String completed = submitSite("https://done.example");
        advance(Duration.ofMinutes(5));
        JobNotCancellableException refused = failure(JobNotCancellableException.class, operation("cancel", completed));
        assertEquals("SpiderIQ job " + completed + " cannot be cancelled: only queued or processing jobs can be (HTTP 400:"
                + " Cannot cancel job with status 'completed'. Only queued or processing jobs can be cancelled.)",
                refused.getMessage());
        assertEquals("completed", simulator.jobStatus(completed));
        failure(NotFoundException.class, operation("cancel", "550e8400-e29b-41d4-a716-446655440000"));
    }

    // ---- listJobs, track --------------------------------------------------------------------------------------

    @Test
    void listJobsFiltersAndPages() {
        for (int i = 0; i < 3; i++) {
            submitSite("https://site" + i + ".example");
        }
        submit("spideriq:search?jobType=spiderMaps", "bakeries", Map.of());
        Exchange exchange = template.request("spideriq:jobs?operation=listJobs&listType=spiderSite&listPageSize=2",
                e -> e.getMessage().setHeader(SpiderIqConstants.LIST_PAGE, 2));
        @SuppressWarnings("unchecked")
        List<JobPage.JobSummary> jobs = exchange.getMessage().getBody(List.class);
        assertEquals(1, jobs.size());
        assertEquals("https://site0.example", jobs.get(0).url(), "newest first: the oldest is alone on page 2");
        assertEquals(3, exchange.getMessage().getHeader(SpiderIqConstants.LIST_TOTAL));
        assertEquals(2, exchange.getMessage().getHeader(SpiderIqConstants.LIST_TOTAL_PAGES));

        Exchange maps = template.request("spideriq:jobs?operation=listJobs",
                e -> e.getMessage().setHeader(SpiderIqConstants.LIST_TYPE, "spiderMaps"));
        assertEquals(1, maps.getMessage().getHeader(SpiderIqConstants.LIST_TOTAL));
        assertEquals("type_filter=spiderMaps", simulator.requests().get(simulator.requests().size() - 1).query());
    }

    @Test
    void trackFollowsAJobSubmittedElsewhereWithoutARequest() {
        String id = simulator.createJob("spiderMaps", "bakeries");
        Exchange exchange = operation("track", id);
        assertNull(exchange.getException());
        assertTrue(tracker().isTracked(id));
        assertNull(tracker().get(id).orElseThrow().baseline(), "the first poll emits its current status");
        assertEquals(0, simulator.requestCount(null, null));
    }

    // ---- configuration ----------------------------------------------------------------------------------------

    @Test
    void wrongOptionsFailAtEndpointCreationNamingTheOption() {
        assertOption("spideriq:crawl?priority=11", "The priority option must be from 0 to 10");
        assertOption("spideriq:jobs?listPageSize=101", "The listPageSize option must be from 1 to 100");
        assertOption("spideriq:jobs?listPage=0", "The listPage option must be 1 or more");
        assertOption("spideriq:jobs?listStatus=done", "The listStatus option 'done' is not a SpiderIQ job status");
        assertOption("spideriq:jobs?statusFilter=finished", "The statusFilter option names 'finished'");
        component().getConfiguration().setApiKey(null);
        assertOption("spideriq:other", "The apiKey option is required for SpiderIQ");
    }

    private void assertOption(String uri, String message) {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint(uri));
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        assertTrue(cause.getMessage().contains(message), cause.getMessage());
    }

    @Test
    void aRejectedTokenIsNeverShown() {
        String token = "spq_live_secret_token_98765";
        CamelExecutionException e = assertThrows(CamelExecutionException.class, () -> template.requestBodyAndHeaders(
                "spideriq:jobs?operation=getJob&apiKey=RAW(" + token + ")", null,
                Map.of(SpiderIqConstants.JOB_ID, "550e8400-e29b-41d4-a716-446655440000")));
        AuthenticationException auth = assertInstanceOf(AuthenticationException.class, e.getCause());
        assertEquals(401, auth.getHttpStatus());
        assertFalse(auth.getMessage().contains(token), auth.getMessage());
        assertTrue(auth.getMessage().contains("check the apiKey option"), auth.getMessage());
    }
}
