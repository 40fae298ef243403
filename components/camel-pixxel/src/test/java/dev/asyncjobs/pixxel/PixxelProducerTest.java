package dev.asyncjobs.pixxel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.AuthenticationException;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobWaitTimeoutException;
import dev.asyncjobs.engine.spi.RateLimitedException;
import dev.asyncjobs.engine.spi.TransientApiException;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.pixxel.api.PixxelApi;
import dev.asyncjobs.pixxel.api.PixxelDownload;
import dev.asyncjobs.pixxel.api.PixxelJob;
import dev.asyncjobs.pixxel.api.PixxelValidationError;
import dev.asyncjobs.simulator.RecordedRequest;
import dev.asyncjobs.simulator.pixxel.PixxelSimulator;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PixxelProducerTest extends PixxelTestSupport {

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path downloads;

    private String completedJob() {
        String jobId = simulator.createJob(WF, PROJECT);
        advance(Duration.ofMinutes(10));
        return jobId;
    }

    @Test
    void createJobSendsTheProjectAndTheBodyAsGivenAndTracksTheJobWithItsWorkflow() throws Exception {
        context.start();
        Map<String, Object> body = Map.of("aoi_id", "aoi_123", "x_customer_field", 42);

        Exchange out = template.request("pixxel:jobs", e -> e.getMessage().setBody(body));

        assertNull(out.getException());
        PixxelJob job = out.getMessage().getBody(PixxelJob.class);
        assertEquals("running", job.status());
        assertEquals(600L, job.estimatedDuration());
        assertEquals(job.id(), out.getMessage().getHeader(AsyncJobConstants.JOB_ID));
        assertEquals(WF, out.getMessage().getHeader(PixxelConstants.WORKFLOW_ID));
        assertEquals(JobPhase.RUNNING, out.getMessage().getHeader(AsyncJobConstants.PHASE));
        assertEquals(0.0, out.getMessage().getHeader(AsyncJobConstants.PROGRESS));
        assertEquals(120, out.getMessage().getHeader(PixxelConstants.COST, Number.class).intValue());
        assertEquals(mapper.valueToTree(body), mapper.readTree(simulator.submittedBody(job.id())));
        assertEquals(PROJECT, simulator.projectId(job.id()));
        assertEquals(WF, tracker().get(job.id()).orElseThrow().ref().attributes()
                .get(PixxelApi.WORKFLOW_ID), "the tracker keeps the workflow id with the job");
        RecordedRequest sent = simulator.requests().get(0);
        assertEquals(simulator.apiKey(), sent.header("Authorization"), "the key itself, no Bearer");
    }

    @Test
    void createJobWithoutBodySendsNoneAndHeadersOverrideOptions() {
        simulator.addWorkflow("wf_other", 5, PixxelSimulator.task("only", Duration.ofMinutes(1)));
        context.start();

        PixxelJob job = template.requestBodyAndHeaders("pixxel:jobs", null,
                Map.of(PixxelConstants.WORKFLOW_ID, "wf_other", PixxelConstants.PROJECT_ID, "prj_other"),
                PixxelJob.class);

        assertEquals("wf_other", job.workflowId());
        assertEquals("prj_other", simulator.projectId(job.id()));
        assertEquals("", simulator.submittedBody(job.id()));
    }

    @Test
    void missingProjectOrWorkflowOrInvalidJsonFailBeforeAnyRequest() {
        component().getConfiguration().setProjectId(null);
        context.start();

        Exchange noProject = template.request("pixxel:jobs", e -> e.getMessage().setBody("{}"));
        InvalidRequestException e = assertInstanceOf(InvalidRequestException.class, noProject.getException());
        assertEquals("projectId", e.getField());
        assertTrue(e.getMessage().contains(PixxelConstants.PROJECT_ID), e.getMessage());

        Exchange badJson = template.request("pixxel:jobs?projectId=p", x -> x.getMessage().setBody("{not json"));
        assertEquals("body", assertInstanceOf(InvalidRequestException.class, badJson.getException()).getField());

        Exchange noWorkflow = template.request("pixxel:jobs?operation=getJob&workflowId=",
                x -> x.getMessage().setHeader(AsyncJobConstants.JOB_ID, "j1"));
        assertTrue(noWorkflow.getException().getMessage().contains("workflowId option"),
                noWorkflow.getException().getMessage());
        assertEquals(0, simulator.requests().size(), "nothing was sent");
    }

    @Test
    void getJobReturnsTasksAndTheFailedTaskInHeaders() {
        simulator.failNextJob("atmospheric-correction", "BLOCK_ERROR", "Cloud cover above 80% over the AOI");
        String jobId = simulator.createJob(WF, PROJECT);
        advance(Duration.ofMinutes(5));
        context.start();

        Exchange out = template.request("pixxel:ops?operation=getJob", e -> e.getMessage()
                .setHeader(AsyncJobConstants.JOB_ID, jobId));

        PixxelJob job = out.getMessage().getBody(PixxelJob.class);
        assertEquals("failed", job.status());
        assertEquals(List.of("data-ingestion", "atmospheric-correction"), job.tasks().stream().map(t -> t.name()).toList());
        assertEquals(JobPhase.FAILED, out.getMessage().getHeader(AsyncJobConstants.PHASE));
        assertEquals("BLOCK_ERROR", out.getMessage().getHeader(AsyncJobConstants.ERROR_CODE));
        assertEquals("Cloud cover above 80% over the AOI", out.getMessage().getHeader(AsyncJobConstants.ERROR_MESSAGE));
        assertEquals("atmospheric-correction", out.getMessage().getHeader(PixxelConstants.FAILED_TASK_NAME));
        assertEquals(simulator.taskIds(jobId).get(1), out.getMessage().getHeader(PixxelConstants.FAILED_TASK_ID));
        assertEquals("BLOCK_ERROR", out.getMessage().getHeader(PixxelConstants.FAILURE_TYPE));
    }

    @Test
    void validationErrorsAreTypedAndInHeaders() {
        simulator.rejectNextJob(new PixxelSimulator.ValidationError("aoi", "ndvi-index", "AOI_TOO_LARGE",
                "AOI exceeds 500 km2", "aoi-input"));
        context.start();

        Exchange out = template.request("pixxel:jobs", e -> { });

        PixxelJob job = out.getMessage().getBody(PixxelJob.class);
        assertEquals(JobPhase.FAILED, out.getMessage().getHeader(AsyncJobConstants.PHASE));
        assertEquals("AOI_TOO_LARGE", job.valErrors().get(0).err());
        assertEquals("AOI_TOO_LARGE", out.getMessage().getHeader(AsyncJobConstants.ERROR_CODE));
        assertEquals("aoi-input: AOI_TOO_LARGE (AOI exceeds 500 km2)",
                out.getMessage().getHeader(AsyncJobConstants.ERROR_MESSAGE));
        @SuppressWarnings("unchecked")
        List<PixxelValidationError> errors = out.getMessage().getHeader(PixxelConstants.VALIDATION_ERRORS, List.class);
        assertEquals("aoi-input", errors.get(0).componentName());
    }

    @Test
    void listJobsAppliesTheFilters() {
        String older = completedJob();
        advance(Duration.ofDays(1));
        String newer = simulator.createJob(WF, PROJECT);
        context.start();

        assertEquals(List.of(newer, older), ids(template.requestBody("pixxel:ops?operation=listJobs", null, List.class)));
        assertEquals(List.of(older), ids(template.requestBody("pixxel:ops?operation=listJobs&listStatus=completed", null,
                List.class)));
        assertEquals(List.of(older), ids(template.requestBodyAndHeader("pixxel:ops?operation=listJobs", null,
                PixxelConstants.LIST_CREATED_ON, "2026-03-12", List.class)));
        assertEquals(List.of(newer), ids(template.requestBody("pixxel:ops?operation=listJobs&listId=" + newer
                + "&listCreatedBy=" + PixxelSimulator.USER_ID, null, List.class)));
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(List<?> jobs) {
        return ((List<PixxelJob>) jobs).stream().map(PixxelJob::id).toList();
    }

    @Test
    void getCostEstimatePassesTheAnswerOn() {
        context.start();
        Map<?, ?> estimate = template.requestBody("pixxel:ops?operation=getCostEstimate", null, Map.class);
        assertEquals(120, estimate.get("cost"));
        assertEquals(WF, estimate.get("workflow_id"));
    }

    @Test
    void downloadJobWaitsUntilReadyThenStreamsTheFileWithoutTheKey() throws Exception {
        simulator.outputSize(3 * 1024 * 1024);
        String jobId = completedJob();
        context.start();

        CompletableFuture<Exchange> reply = template.asyncSend("pixxel:ops?operation=downloadJob&downloadPollInterval=20"
                + "&downloadDirectory=" + downloads, e -> e.getMessage().setHeader(AsyncJobConstants.JOB_ID, jobId));
        await().until(() -> simulator.requestCount("PUT", ".*/download") >= 3);
        assertFalse(reply.isDone(), "still pending");
        advance(PixxelSimulator.DEFAULT_DOWNLOAD_PREPARATION);

        Exchange out = reply.get(10, TimeUnit.SECONDS);
        assertNull(out.getException());
        File file = out.getMessage().getBody(File.class);
        assertEquals(downloads.resolve(jobId + ".zip").toFile().getAbsoluteFile(), file);
        assertArrayEquals(simulator.jobOutput(jobId), Files.readAllBytes(file.toPath()));
        assertEquals("ready", out.getMessage().getHeader(PixxelConstants.DOWNLOAD_STATUS));
        assertTrue(out.getMessage().getHeader(PixxelConstants.DOWNLOAD, PixxelDownload.class).ready());
        assertEquals(1, simulator.storageRequests());
        assertEquals(0, simulator.storageRequestsWithAuthorization(), "the API key never reaches object storage");
        try (var listing = Files.list(downloads)) {
            assertEquals(List.of(file.toPath()), listing.toList(), "no partial file left behind");
        }
    }

    @Test
    void downloadWithoutWaitingAnswersThePendingRequest() {
        String jobId = completedJob();
        context.start();

        Exchange out = template.request("pixxel:ops?operation=downloadJob&waitForDownload=false",
                e -> e.getMessage().setHeader(AsyncJobConstants.JOB_ID, jobId));

        PixxelDownload download = out.getMessage().getBody(PixxelDownload.class);
        assertEquals("pending", download.status());
        assertNull(download.signedUrl());
        assertEquals(download.id(), out.getMessage().getHeader(PixxelConstants.DOWNLOAD_ID));
        assertFalse(download.toString().contains("http"), "the signed URL is never printed");
    }

    @Test
    void downloadTaskFetchesThatTasksOutput() throws Exception {
        simulator.downloadPreparation(Duration.ZERO);
        String jobId = simulator.createJob(WF, PROJECT);
        advance(Duration.ofMinutes(3)); // only data-ingestion is done
        String taskId = simulator.taskIds(jobId).get(0);
        context.start();

        File file = template.requestBodyAndHeaders("pixxel:ops?operation=downloadTask&downloadDirectory=" + downloads,
                null, Map.of(AsyncJobConstants.JOB_ID, jobId, PixxelConstants.TASK_ID, taskId,
                        PixxelConstants.DOWNLOAD_FILE_NAME, "ingestion.zip"), File.class);

        assertEquals("ingestion.zip", file.getName());
        assertArrayEquals(simulator.taskOutput(jobId, taskId), Files.readAllBytes(file.toPath()));
    }

    @Test
    void downloadOfARunningJobIsTheApisBadRequestWithItsDetails() {
        String jobId = simulator.createJob(WF, PROJECT);
        context.start();

        Exchange out = template.request("pixxel:ops?operation=downloadJob",
                e -> e.getMessage().setHeader(AsyncJobConstants.JOB_ID, jobId));

        InvalidRequestException e = assertInstanceOf(InvalidRequestException.class, out.getException());
        assertEquals(400, e.getHttpStatus());
        assertEquals("BAD_REQUEST", e.getErrorCode());
        assertEquals("Job is not completed", e.getVendorMessage());
        assertEquals("job status is running", e.getDetails());
    }

    @Test
    void waitForCompletionWithFetchResultAnswersTheJobsDownload() throws Exception {
        simulator.downloadPreparation(Duration.ZERO);
        context.start();

        CompletableFuture<Exchange> reply = template.asyncSend("pixxel:jobs?waitForCompletion=true&fetchResult=true"
                + "&firstPollDelay=0&pollInterval=50", e -> { });
        await().until(() -> simulator.requestCount("GET", "/v0/workflows/.*/jobs/.*") >= 2);
        assertFalse(reply.isDone());
        advance(Duration.ofMinutes(10));

        Exchange out = reply.get(10, TimeUnit.SECONDS);
        assertNull(out.getException());
        assertEquals(JobPhase.SUCCEEDED, out.getMessage().getHeader(AsyncJobConstants.PHASE));
        assertTrue(out.getMessage().getBody(PixxelDownload.class).ready());
        assertEquals("completed", out.getMessage().getHeader(AsyncJobConstants.JOB, PixxelJob.class).status());
    }

    @Test
    void waitForCompletionTimesOutButKeepsTrackingTheJob() {
        context.start();
        Exchange out = template.request("pixxel:jobs?waitForCompletion=true&waitTimeout=300"
                + "&pollInterval=50", e -> { });
        JobWaitTimeoutException e = assertInstanceOf(JobWaitTimeoutException.class, out.getException());
        assertEquals("running", e.getLastStatus());
        assertTrue(tracker().isTracked(e.getJobId()));
    }

    @Test
    void aForbiddenWorkflowIsAnAuthenticationErrorWithTheEnvelopesFields() {
        simulator.forbidWorkflow(WF);
        context.start();

        Exchange out = template.request("pixxel:jobs", e -> { });

        AuthenticationException e = assertInstanceOf(AuthenticationException.class, out.getException());
        assertEquals(403, e.getHttpStatus());
        assertEquals("FORBIDDEN", e.getErrorCode());
        assertEquals("You do not have access to workflow " + WF, e.getVendorMessage());
        assertFalse(e.getMessage().contains(simulator.apiKey()), "the key is never in a message");
    }

    @Test
    void aBearerSchemeIsRejectedByPixxelAndTheKeyNeverLeaks() {
        context.start();
        Exchange out = template.request("pixxel:ops?operation=getCostEstimate&authScheme=Bearer", e -> { });

        AuthenticationException e = assertInstanceOf(AuthenticationException.class, out.getException());
        assertEquals(401, e.getHttpStatus());
        assertTrue(e.getDetails().contains("without a 'Bearer' prefix"), e.getDetails());
        assertFalse(e.getMessage().contains(simulator.apiKey()), e.getMessage());
        assertEquals("Bearer " + simulator.apiKey(), simulator.requests().get(0).header("Authorization"));
    }

    @Test
    void aServerErrorOnCreateIsTransientAndCreatesNothing() {
        simulator.faults().next(1, "POST", ".*").serverError();
        context.start();

        Exchange out = template.request("pixxel:jobs", e -> { });

        AsyncJobApiException e = assertInstanceOf(TransientApiException.class, out.getException());
        assertEquals(500, e.getHttpStatus());
        assertEquals(List.of(), simulator.jobIds());
        assertEquals(0, tracker().size());
    }
    @Test
    void transientFaultsWhileWaitingForADownloadAreRetried() throws Exception {
        String jobId = completedJob();
        component().getConfiguration().setMaxPollBackoff(100);
        context.start();

        CompletableFuture<Exchange> reply = template.asyncSend("pixxel:ops?operation=downloadJob&downloadPollInterval=20"
                + "&downloadDirectory=" + downloads, e -> e.getMessage().setHeader(AsyncJobConstants.JOB_ID, jobId));
        await().until(() -> simulator.requestCount("PUT", ".*/download") >= 1); // pending: now waiting
        simulator.faults().next(2, "PUT", ".*/download").serverError();
        simulator.faults().next(1, "PUT", ".*/download").malformedJson();
        simulator.faults().next(1, "PUT", ".*/download").rateLimited(null);
        await().until(() -> simulator.faults().remaining() == 0);
        assertFalse(reply.isDone(), "transient failures do not end the wait");
        advance(PixxelSimulator.DEFAULT_DOWNLOAD_PREPARATION);

        Exchange out = reply.get(10, TimeUnit.SECONDS);
        assertNull(out.getException());
        assertArrayEquals(simulator.jobOutput(jobId), Files.readAllBytes(out.getMessage().getBody(File.class).toPath()));
    }

    @Test
    void aFailedFirstDownloadRequestFailsTheExchangeAtOnce() {
        String jobId = completedJob();
        simulator.faults().next(1, "PUT", ".*/download").serverError();
        context.start();

        Exchange out = template.request("pixxel:ops?operation=downloadJob",
                e -> e.getMessage().setHeader(AsyncJobConstants.JOB_ID, jobId));

        assertEquals(500, assertInstanceOf(TransientApiException.class, out.getException()).getHttpStatus());
    }

    @Test
    void faultsOnListAndEstimateBecomeTheEnginesExceptions() {
        simulator.faults().next(1, "GET", ".*/jobs").malformedJson();
        // a pause longer than rateLimitMaxWait (1 min): the request is not sent again, the caller is told
        simulator.faults().next(1, "GET", ".*/estimate").rateLimited(Duration.ofMinutes(5));
        context.start();

        Exchange list = template.request("pixxel:ops?operation=listJobs", e -> { });
        assertEquals("MALFORMED_RESPONSE",
                assertInstanceOf(TransientApiException.class, list.getException()).getErrorCode());
        Exchange estimate = template.request("pixxel:ops?operation=getCostEstimate", e -> { });
        RateLimitedException limited = assertInstanceOf(RateLimitedException.class, estimate.getException());
        assertEquals(Duration.ofMinutes(5), limited.getRetryAfter());
        assertEquals("TOO_MANY_REQUESTS", limited.getErrorCode());
        assertEquals(1, simulator.requestCount("GET", ".*/estimate"));
    }

    @Test
    void aRequestRefusedWith429IsSentAgainOnceThePauseIsOverWithinRateLimitMaxWait() {
        simulator.faults().next(1, "POST", "/v0/workflows/.*/jobs").rateLimited(Duration.ofSeconds(1));
        context.start();

        Exchange created = template.request("pixxel:jobs", e -> { });

        assertNull(created.getException(), "the vendor processed nothing: the create was sent again after 1 s");
        assertEquals(2, simulator.requestCount("POST", "/v0/workflows/.*/jobs"));
        assertEquals(1, simulator.jobIds().size(), "one job, created by the second request");
    }
}
