package dev.asyncjobs.spideriq.api;

import java.time.Duration;
import java.util.Map;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.spi.StatusMapping;
import dev.asyncjobs.engine.spi.SubmitReconciliation;
import dev.asyncjobs.engine.store.SubmitIntent;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SpiderIQ described to the engine: its five statuses, its polling guidance, and how to read, cancel and finish a job. */
public final class SpiderIqApi implements AsyncJobApi {

    private static final Logger LOG = LoggerFactory.getLogger(SpiderIqApi.class);

    /** The engine's common job type header (AsyncJobConstants.JOB_TYPE), set from the job's own {@code type}. */
    public static final String JOB_TYPE_HEADER = "CamelAsyncJobType";
    /** The worker processing the job ({@code worker_id}). */
    public static final String WORKER_ID_HEADER = "CamelSpiderIqWorkerId";
    /** The job's creation time ({@code created_at}). */
    public static final String CREATED_AT_HEADER = "CamelSpiderIqCreatedAt";
    /** The time of the job's last status update ({@code updated_at}). */
    public static final String UPDATED_AT_HEADER = "CamelSpiderIqUpdatedAt";
    /** Whether a submit was answered with a job submitted within the last 24 hours ({@code from_cache}). */
    public static final String FROM_CACHE_HEADER = "CamelSpiderIqFromCache";
    /** The API's message on a submit or cancel ({@code message}). */
    public static final String MESSAGE_HEADER = "CamelSpiderIqMessage";

    /** queued / processing / completed / failed / cancelled, as the status page lists them. */
    public static final StatusMapping STATUSES = StatusMapping.of(SpiderIqClient.VENDOR)
            .map("queued", JobPhase.QUEUED)
            .map("processing", JobPhase.RUNNING)
            .map("completed", JobPhase.SUCCEEDED)
            .map("failed", JobPhase.FAILED)
            .map("cancelled", JobPhase.CANCELLED)
            .build();

    /**
     * "Poll every 2-5 seconds": the first status request 3 s after the submit and every 3 s after that (the docs'
     * example sleeps 3 s), never faster than every 2 s. When the 100 requests per minute do not allow that for every
     * tracked job, the consumer stretches the intervals (exponential backoff up to maxPollBackoff).
     */
    public static final PollPolicy POLICY = PollPolicy.fixed(Map.of(), Duration.ofSeconds(3), Duration.ofSeconds(3),
            Duration.ofSeconds(2));

    private final SpiderIqClient client;

    public SpiderIqApi(SpiderIqClient client) {
        this.client = client;
    }

    /** The typed client behind this adapter. */
    public SpiderIqClient client() {
        return client;
    }

    @Override
    public String vendor() {
        return SpiderIqClient.VENDOR;
    }

    @Override
    public StatusMapping statusMapping() {
        return STATUSES;
    }

    /** What learned polling reads from this vendor's jobs: see {@link SpiderIqDurationFeatures}. */
    @Override
    public dev.asyncjobs.engine.learn.DurationFeatures durationFeatures() {
        return SpiderIqDurationFeatures.INSTANCE;
    }

    @Override
    public PollPolicy pollPolicy() {
        return POLICY;
    }

    /**
     * The job's status. The status does not say why a job failed; the vendor's docs send the user to the results
     * endpoint for that ("When status is failed: check error message in results endpoint"), so for a failed job one
     * more request reads the reason from its 410 answer into the error message.
     */
    /**
     * SpiderIQ answers an identical submit within 24 hours with the job it created (its submit cache,
     * {@code from_cache}), so sending the recorded request again finds the lost submit's job and creates none: or,
     * had the first request never arrived, creates the one job that was intended.
     */
    @Override
    public SubmitReconciliation reconcileSubmit(SubmitIntent intent, Predicate<String> alreadyTracked) {
        if (intent.requestBody() == null || intent.operation() == null) {
            return SubmitReconciliation.unconfirmed("the submit's request was not recorded");
        }
        if (Duration.between(intent.createdAt(), client.http().clock().instant()).compareTo(Duration.ofHours(23)) > 0) {
            return SubmitReconciliation.unconfirmed("the submit is older than SpiderIQ's 24 h submit cache: sending it"
                    + " again could create a second job");
        }
        SpiderIqJobType type = SpiderIqJobType.valueOf(intent.operation());
        SubmittedJob job;
        try {
            job = client.submit(type, client.http().mapper().readTree(intent.requestBody()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return SubmitReconciliation.unconfirmed("the recorded request is not JSON: " + e.getOriginalMessage());
        }
        return SubmitReconciliation.adopted(JobRef.of(job.jobId(), type.name()), snapshot(job));
    }

    /**
     * {@code GET /api/v1/jobs/list}, newest first, {@link SpiderIqClient#MAX_PAGE_SIZE} a page: pages are read until
     * one reaches a job created before {@code since}, or the last page. Each page is one request through the client
     * and its request budget.
     */
    @Override
    public java.util.Optional<java.util.List<dev.asyncjobs.engine.spi.ListedJob>> listJobs(java.time.Instant since,
                                                                                     java.util.Map<String, String> scope) {
        java.util.List<dev.asyncjobs.engine.spi.ListedJob> found = new java.util.ArrayList<>();
        for (int page = 1;; page++) {
            JobPage answer = client.listJobs(new ListQuery(null, null, page, SpiderIqClient.MAX_PAGE_SIZE));
            boolean reachedSince = false;
            for (JobPage.JobSummary job : answer.jobs()) {
                java.time.Instant created = dev.asyncjobs.engine.spi.Timestamps.parse(job.createdAt());
                if (created != null && created.isBefore(since)) {
                    reachedSince = true;
                    continue;
                }
                if (job.jobId() != null) {
                    SpiderIqJob status = new SpiderIqJob(true, job.jobId(), job.type(), job.status(), job.createdAt(),
                            job.updatedAt(), job.workerId());
                    found.add(new dev.asyncjobs.engine.spi.ListedJob(JobRef.of(job.jobId(), job.type()),
                            snapshot(status, null), created));
                }
            }
            if (reachedSince || answer.jobs().isEmpty() || page >= answer.totalPages()) {
                return java.util.Optional.of(found);
            }
        }
    }

    @Override
    public JobSnapshot fetchJob(JobRef job) {
        SpiderIqJob status = client.getStatus(job.jobId());
        String errorMessage = null;
        if (STATUSES.phaseOf(status.status()) == JobPhase.FAILED) {
            errorMessage = failureReason(job.jobId());
        }
        return snapshot(status, errorMessage);
    }

    /** The results of a completed job (a {@link JobResults}). */
    @Override
    public Object fetchResult(JobRef job) {
        return client.getResults(job.jobId());
    }

    /** Cancels a queued or processing job; the API refuses (JobNotCancellableException) for any other. */
    @Override
    public boolean canCancel() {
        return true;
    }

    @Override
    public JobSnapshot cancelJob(JobRef job) {
        CancelledJob cancelled = client.cancel(job.jobId());
        return JobSnapshot.builder(cancelled.jobId() != null ? cancelled.jobId() : job.jobId(),
                        cancelled.status() != null ? cancelled.status() : "cancelled", STATUSES)
                .job(cancelled)
                .header(MESSAGE_HEADER, cancelled.message())
                .build();
    }

    /** A job's status as the engine sees it. */
    public static JobSnapshot snapshot(SpiderIqJob job, String errorMessage) {
        return JobSnapshot.builder(job.jobId(), job.status(), STATUSES)
                .changedAt(job.updatedAt())
                .error(null, errorMessage)
                .job(job)
                .header(JOB_TYPE_HEADER, job.type())
                .header(WORKER_ID_HEADER, job.workerId())
                .header(CREATED_AT_HEADER, job.createdAt())
                .header(UPDATED_AT_HEADER, job.updatedAt())
                .build();
    }

    /** A submit's answer as the engine sees it. */
    public static JobSnapshot snapshot(SubmittedJob job) {
        return JobSnapshot.builder(job.jobId(), job.status(), STATUSES)
                .job(job)
                .header(JOB_TYPE_HEADER, job.type())
                .header(CREATED_AT_HEADER, job.createdAt())
                .header(FROM_CACHE_HEADER, job.fromCache())
                .header(MESSAGE_HEADER, job.message())
                .build();
    }

    private String failureReason(String jobId) {
        try {
            JobResults results = client.getResults(jobId);
            return results.errorMessage();
        } catch (ResultsGoneException e) {
            return e.getVendorMessage();
        } catch (AsyncJobApiException e) {
            // the failed status is what matters; the reason is a bonus not worth holding the transition for
            LOG.debug("SpiderIQ job {} failed; its reason could not be read: {}", jobId, e.getMessage());
            return null;
        }
    }
}
