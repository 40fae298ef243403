package dev.asyncjobs.sateais;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobWaitTimeoutException;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.sateais.api.DetectionRequest;
import dev.asyncjobs.sateais.api.ResultExpiredException;
import dev.asyncjobs.sateais.api.SateaisJob;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SateaisProducerTest extends SateaisTestSupport {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void submitSendsTheTypedRequestAndReturnsThePendingJob() throws Exception {
        context.start();

        Exchange out = template.request("sateais:detections?detectionType=ship",
                e -> e.getMessage().setBody(shipRequest()));

        SateaisJob job = out.getMessage().getBody(SateaisJob.class);
        assertEquals("pending", job.status());
        assertEquals(job.jobId(), out.getMessage().getHeader(AsyncJobConstants.JOB_ID));
        assertEquals("ship", out.getMessage().getHeader(AsyncJobConstants.JOB_TYPE));
        assertEquals(JobPhase.QUEUED, out.getMessage().getHeader(AsyncJobConstants.PHASE));
        assertEquals(false, out.getMessage().getHeader(AsyncJobConstants.TERMINAL));
        JsonNode sent = mapper.readTree(simulator.submittedBody(job.jobId()));
        assertEquals("sentinel-1", sent.get("satellite_id").asText());
        assertEquals(HARBOUR, sent.get("polygon").asText());
        assertEquals("nearest", sent.get("date_direction").asText());
        assertFalse(sent.has("scene_id"), "unset fields are not sent");
        assertTrue(tracker().isTracked(job.jobId()), "a submitted job is tracked");
    }

    @Test
    void aUsersMapIsPassedThroughUnchanged() throws Exception {
        context.start();
        Map<String, Object> body = Map.of("satellite_id", "sentinel-1", "scene_id", "S1A_IW_GRDH_1SDV_20260310",
                "orbit_direction", "ascending", "x_customer_field", 42);

        SateaisJob job = template.requestBodyAndHeader("sateais:detections", body, AsyncJobConstants.JOB_TYPE, "oilslick",
                SateaisJob.class);

        assertEquals(mapper.valueToTree(body), mapper.readTree(simulator.submittedBody(job.jobId())));
        assertEquals(1, simulator.requestCount("POST", "/api/v1/detect/oilslick"));
    }

    @Test
    void waitForCompletionCompletesWhenTheJobIsDoneAndFetchesTheResultWithoutSendingTheKeyToStorage()
            throws Exception {
        context.start();

        CompletableFuture<Exchange> reply = template.asyncSend(
                "sateais:detections?detectionType=ship&waitForCompletion=true&fetchResult=true&firstPollDelay=0&pollInterval=50",
                e -> e.getMessage().setBody(shipRequest()));
        await().until(() -> simulator.requestCount("GET", "/api/v1/jobs/[^/]+") >= 2);
        assertFalse(reply.isDone(), "still waiting while the job is pending");
        toProcessing();
        toEnd();

        Exchange out = reply.get(10, TimeUnit.SECONDS);
        assertNull(out.getException());
        JsonNode geojson = mapper.readTree(out.getMessage().getBody(String.class));
        assertEquals("FeatureCollection", geojson.get("type").asText());
        SateaisJob job = out.getMessage().getHeader(AsyncJobConstants.JOB, SateaisJob.class);
        assertEquals("completed", job.status());
        assertEquals(JobPhase.SUCCEEDED, out.getMessage().getHeader(AsyncJobConstants.PHASE));
        assertEquals(1, simulator.storageRequests(), "the result came from object storage");
        assertEquals(0, simulator.storageRequestsWithAuthorization(), "the API key never reaches object storage");
    }

    @Test
    void waitForCompletionGivesUpAfterTheTimeoutButKeepsTrackingTheJob() {
        context.start();

        Exchange out = template.request(
                "sateais:detections?detectionType=ship&waitForCompletion=true&waitTimeout=300&firstPollDelay=0&pollInterval=50",
                e -> e.getMessage().setBody(shipRequest()));

        JobWaitTimeoutException e = assertInstanceOf(JobWaitTimeoutException.class, out.getException());
        assertEquals("pending", e.getLastStatus());
        assertTrue(tracker().isTracked(e.getJobId()));
    }

    @Test
    void aFailedJobCarriesTheVendorsErrorCodeAndMessage() throws Exception {
        simulator.failNextJob("VALIDATION_ERROR", "Scene S1A_X not found");
        context.start();

        CompletableFuture<Exchange> reply = template.asyncSend(
                "sateais:detections?detectionType=ship&waitForCompletion=true&firstPollDelay=0&pollInterval=50",
                e -> e.getMessage().setBody(DetectionRequest.scene("S1A_X")));
        await().until(() -> simulator.jobIds().size() == 1);
        toProcessing();
        toEnd();

        Exchange out = reply.get(10, TimeUnit.SECONDS);
        assertNull(out.getException(), "a failed job is an answer, not an exception");
        assertEquals(JobPhase.FAILED, out.getMessage().getHeader(AsyncJobConstants.PHASE));
        assertEquals("VALIDATION_ERROR", out.getMessage().getHeader(AsyncJobConstants.ERROR_CODE));
        assertEquals("Scene S1A_X not found", out.getMessage().getHeader(AsyncJobConstants.ERROR_MESSAGE));
    }

    @Test
    void getJobGetResultAndListJobs() {
        context.start();
        String jobId = simulator.createJob("ship");
        simulator.completeJob(jobId);

        SateaisJob job = template.requestBodyAndHeader("sateais:ops?operation=getJob", null, AsyncJobConstants.JOB_ID, jobId,
                SateaisJob.class);
        assertEquals("completed", job.status());
        assertEquals("/api/v1/jobs/" + jobId + "/result.geojson", job.resultPath());

        String geojson = template.requestBody("sateais:ops?operation=getResult&jobId=" + jobId, null, String.class);
        assertEquals(simulator.resultGeoJson(jobId), geojson);
        assertEquals(0, simulator.storageRequestsWithAuthorization());

        @SuppressWarnings("unchecked")
        List<SateaisJob> jobs = template.requestBody("sateais:ops?operation=listJobs&listStatus=completed&listLimit=5", null,
                List.class);
        assertEquals(List.of(jobId), jobs.stream().map(SateaisJob::jobId).toList());
    }

    @Test
    void aResultPastRetentionIsAClearExpiredError() {
        context.start();
        String jobId = simulator.createJob("ship");
        simulator.completeJob(jobId);
        simulator.clock().advance(java.time.Duration.ofDays(31));

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.requestBodyAndHeader("sateais:ops?operation=getResult", null, AsyncJobConstants.JOB_ID, jobId));

        ResultExpiredException expired = assertInstanceOf(ResultExpiredException.class, e.getCause());
        assertEquals(410, expired.getHttpStatus());
        assertTrue(expired.getMessage().contains("expired") && expired.getMessage().contains("30 days"), expired.getMessage());
    }

    @Test
    void aBadPolygonFailsBeforeAnyRequestNamingTheField() {
        context.start();

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.requestBody("sateais:detections?detectionType=timeseries",
                        DetectionRequest.polygonBetween("POLYGON((4.4 51.9, 4.42 51.9, 4.42 51.91))", "2026-01-01",
                                "2026-02-01")));

        InvalidRequestException invalid = assertInstanceOf(InvalidRequestException.class, e.getCause());
        assertEquals("polygon", invalid.getField());
        assertEquals(0, simulator.requestCount("POST", ".*"), "no credits spent on a request the API would refuse");
    }

    @Test
    void aTimeseriesPolygonOverFiftySquareKilometresFailsBeforeAnyRequest() {
        context.start();
        // about 0.1 x 0.1 degrees at 52 N: roughly 76 km²
        String tooLarge = "POLYGON((4.3 51.9, 4.4 51.9, 4.4 52.0, 4.3 52.0, 4.3 51.9))";

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.requestBody("sateais:detections?detectionType=timeseries",
                        DetectionRequest.polygonBetween(tooLarge, "2026-01-01", "2026-02-01")));

        InvalidRequestException invalid = assertInstanceOf(InvalidRequestException.class, e.getCause());
        assertEquals("polygon", invalid.getField());
        assertTrue(invalid.getMessage().contains("50 km²"), invalid.getMessage());
        assertEquals(0, simulator.requestCount("POST", ".*"));
    }

    @Test
    void aTimeseriesRangeOverThreeYearsFailsBeforeAnyRequest() {
        context.start();

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.requestBody("sateais:detections?detectionType=timeseries",
                        DetectionRequest.polygonBetween(HARBOUR, "2020-01-01", "2024-01-02")));

        assertEquals("date_end", assertInstanceOf(InvalidRequestException.class, e.getCause()).getField());
        assertEquals(0, simulator.requestCount("POST", ".*"));
    }

    @Test
    void aSubmitWithoutDetectionTypeNamesTheOptionAndTheHeader() {
        context.start();

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.requestBody("sateais:detections", shipRequest()));

        assertTrue(e.getCause().getMessage().contains("detectionType")
                && e.getCause().getMessage().contains(AsyncJobConstants.JOB_TYPE), e.getCause().getMessage());
    }

    @Test
    void anUnknownOperationHeaderIsAnErrorNotASilentNoOp() {
        context.start();

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.requestBodyAndHeader("sateais:detections?detectionType=ship", shipRequest(),
                        AsyncJobConstants.OPERATION, "cancel"));

        assertTrue(e.getCause().getMessage().contains("cancel"), e.getCause().getMessage());
        assertEquals(0, simulator.requestCount("POST", ".*"));
    }

    @Test
    void aMissingFieldInAUsersMapIsNamedBeforeAnyRequest() {
        context.start();

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.requestBodyAndHeader("sateais:detections",
                        Map.of("satellite_id", "sentinel-1", "polygon", HARBOUR, "date_start", "2026-01-01"),
                        AsyncJobConstants.JOB_TYPE, "newbuilding"));

        assertEquals("date_end", assertInstanceOf(InvalidRequestException.class, e.getCause()).getField());
        assertEquals(0, simulator.requestCount("POST", ".*"));
    }

    @Test
    void aVendorErrorBecomesTheEngineExceptionWithStatusCodeAndMessage() {
        simulator.setCredits(0);
        context.start();

        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.requestBody("sateais:detections?detectionType=ship", shipRequest()));

        AsyncJobApiException error = assertInstanceOf(AsyncJobApiException.class, e.getCause());
        assertEquals(402, error.getHttpStatus());
        assertEquals("INSUFFICIENT_CREDITS", error.getErrorCode());
        assertFalse(error.getMessage().contains(simulator.apiKey()));
        assertEquals(1, simulator.requestCount("POST", ".*"), "a submit is never retried automatically");
    }
}
