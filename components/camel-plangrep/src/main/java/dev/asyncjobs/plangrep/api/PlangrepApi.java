package dev.asyncjobs.plangrep.api;

import java.time.Duration;
import java.util.Map;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.spi.StatusMapping;
import dev.asyncjobs.engine.spi.SubmitReconciliation;
import dev.asyncjobs.engine.store.SubmitIntent;
import java.util.function.Predicate;

/** Plangrep described to the engine: its eleven statuses, its polling guidance, and how to read a job. */
public final class PlangrepApi implements AsyncJobApi {

    /** Header with the job's page count (null until preflight counted the pages). */
    public static final String PAGE_COUNT_HEADER = "CamelPlangrepPageCount";
    /** Header with the pages processed successfully so far. */
    public static final String SUCCESSFUL_PAGE_COUNT_HEADER = "CamelPlangrepSuccessfulPageCount";
    /** Header with the credits debited so far. */
    public static final String CREDITS_DEBITED_HEADER = "CamelPlangrepCreditsDebited";
    /** Header with the caller's externalId. */
    public static final String EXTERNAL_ID_HEADER = "CamelPlangrepExternalId";
    /** Header with the job's project. */
    public static final String PROJECT_ID_HEADER = "CamelPlangrepProjectId";

    /**
     * The Get Job page's status reference. awaiting_uploads and blocked_insufficient_credits wait for the user
     * (upload files; add credits and resume); uploading, preflighting and processing are the job at work.
     */
    public static final StatusMapping STATUSES = StatusMapping.of(PlangrepClient.VENDOR)
            .map("provisioning", JobPhase.QUEUED)
            .map("awaiting_uploads", JobPhase.WAITING_FOR_USER)
            .map("uploading", JobPhase.RUNNING)
            .map("preflighting", JobPhase.RUNNING)
            .map("blocked_insufficient_credits", JobPhase.WAITING_FOR_USER)
            .map("processing", JobPhase.RUNNING)
            .map("completed", JobPhase.SUCCEEDED)
            .map("completed_with_errors", JobPhase.PARTIALLY_SUCCEEDED)
            .map("failed", JobPhase.FAILED)
            .map("cancelled", JobPhase.CANCELLED)
            .map("expired", JobPhase.EXPIRED)
            .build();

    /** The docs' floor: "never faster than 5 s". */
    public static final Duration FLOOR = Duration.ofSeconds(5);
    /** "Poll every 10-30 s": 15 s, from the first poll on. */
    public static final Duration INTERVAL = Duration.ofSeconds(15);
    public static final PollPolicy POLICY = PollPolicy.fixed(Map.of(), INTERVAL, INTERVAL, FLOOR);

    private final PlangrepClient client;

    public PlangrepApi(PlangrepClient client) {
        this.client = client;
    }

    /** The typed client behind this adapter. */
    public PlangrepClient client() {
        return client;
    }

    @Override
    public String vendor() {
        return PlangrepClient.VENDOR;
    }

    @Override
    public StatusMapping statusMapping() {
        return STATUSES;
    }

    @Override
    public PollPolicy pollPolicy() {
        return POLICY;
    }

    /**
     * A create sent again with the same Idempotency-Key answers with the job the lost request created (or, had it
     * never arrived, creates the one intended): never a second job.
     */
    @Override
    public SubmitReconciliation reconcileSubmit(SubmitIntent intent, Predicate<String> alreadyTracked) {
        Map<String, String> a = intent.attributes();
        String key = a.get(IDEMPOTENCY_KEY);
        if (key == null || a.get(PROJECT_ID) == null) {
            return SubmitReconciliation.unconfirmed("the create's Idempotency-Key was not recorded");
        }
        Object body;
        try {
            body = intent.requestBody() == null ? null : client.http().mapper().readTree(intent.requestBody());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return SubmitReconciliation.unconfirmed("the recorded request is not JSON: " + e.getOriginalMessage());
        }
        CreatedJob created = client.createJob(a.get(PROJECT_ID), body, a.get(EXTERNAL_ID), a.get(WEBHOOK_URL), key);
        return SubmitReconciliation.adopted(JobRef.of(created.job().id()), snapshot(created.job()));
    }

    /** Submit intent attributes of a create: what sending it again with the same key needs. */
    public static final String PROJECT_ID = "projectId";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    public static final String EXTERNAL_ID = "externalId";
    public static final String WEBHOOK_URL = "webhookUrl";

    @Override
    public JobSnapshot fetchJob(JobRef job) {
        return snapshot(client.getJob(job.jobId()));
    }

    /** The v1 result JSON text. */
    @Override
    public Object fetchResult(JobRef job) {
        return client.getResult(job.jobId());
    }

    @Override
    public boolean canCancel() {
        return true;
    }

    @Override
    public JobSnapshot cancelJob(JobRef job) {
        return snapshot(client.cancel(job.jobId()));
    }

    /** A job as the engine sees it; page progress is the finer detail (emitOnProgress emits it). */
    public static JobSnapshot snapshot(PlangrepJob job) {
        return JobSnapshot.builder(job.id(), job.status(), STATUSES)
                .changedAt(job.updatedAt())
                .progress(job.progressPercent())
                .error(job.errorCode(), job.errorMessage())
                .detail(job.successfulPageCount() + "/" + job.pageCount())
                .job(job)
                .header(PAGE_COUNT_HEADER, job.pageCount())
                .header(SUCCESSFUL_PAGE_COUNT_HEADER, job.successfulPageCount())
                .header(CREDITS_DEBITED_HEADER, job.creditsDebited())
                .header(EXTERNAL_ID_HEADER, job.externalId())
                .header(PROJECT_ID_HEADER, job.projectId())
                .build();
    }
}
