package dev.asyncjobs.pixxel.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.spi.StatusMapping;
import dev.asyncjobs.engine.spi.SubmitReconciliation;
import dev.asyncjobs.engine.store.SubmitIntent;
import java.util.function.Predicate;

/**
 * Pixxel described to the engine: a job is addressed by its workflow id and job id, its statuses map to phases, it is
 * polled every 10 s unless told otherwise, and its "result" is its download request.
 */
public final class PixxelApi implements AsyncJobApi {

    /** The {@link JobRef} attribute holding the workflow id (persisted by the tracker with the job). */
    public static final String WORKFLOW_ID = "workflowId";

    // header names of the vendor-specific snapshot headers (plain strings, so this package stays free of Camel)
    public static final String HEADER_WORKFLOW_ID = "CamelPixxelWorkflowId";
    public static final String HEADER_FAILED_TASK_ID = "CamelPixxelFailedTaskId";
    public static final String HEADER_FAILED_TASK_NAME = "CamelPixxelFailedTaskName";
    public static final String HEADER_FAILURE_TYPE = "CamelPixxelFailureType";
    public static final String HEADER_VALIDATION_ERRORS = "CamelPixxelValidationErrors";
    public static final String HEADER_COST = "CamelPixxelCost";
    public static final String HEADER_ESTIMATED_DURATION = "CamelPixxelEstimatedDuration";

    /**
     * The page names running, completed and failed ("e.g."); the rest are assumptions: pending and queued (the
     * download resource uses pending; a job waiting for capacity is likely to say so), cancelled/canceled. Anything
     * else is kept, not terminal, and logged once by the engine.
     */
    public static final StatusMapping STATUSES = StatusMapping.of(PixxelClient.VENDOR)
            .map("running", JobPhase.RUNNING)
            .map("completed", JobPhase.SUCCEEDED)
            .map("failed", JobPhase.FAILED)
            .map("pending", JobPhase.QUEUED)
            .map("queued", JobPhase.QUEUED)
            .map("cancelled", JobPhase.CANCELLED)
            .map("canceled", JobPhase.CANCELLED)
            .build();

    /** The statuses the page itself names; the others in {@link #STATUSES} are assumptions. */
    public static final Set<String> DOCUMENTED_STATUSES = Set.of("running", "completed", "failed");

    /**
     * Pixxel publishes no polling guidance and no floor: a status request every 10 s, from 10 s after the create. Its
     * estimate is not a bound (jobs end before it too), so it is left to learned polling, which learns how the
     * account's jobs end relative to it; an explicit {@code pollInterval} or {@code firstPollDelay} is kept as set.
     */
    public static final PollPolicy POLICY = PollPolicy.fixed(Map.of(), Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ZERO);

    private final PixxelClient client;
    private final Clock clock;

    public PixxelApi(PixxelClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** A reference to a job of a workflow. */
    public static JobRef ref(String workflowId, String jobId) {
        return new JobRef(jobId, null, Map.of(WORKFLOW_ID, workflowId));
    }

    /** The typed client behind this adapter. */
    public PixxelClient client() {
        return client;
    }

    @Override
    public String vendor() {
        return PixxelClient.VENDOR;
    }

    @Override
    public StatusMapping statusMapping() {
        return STATUSES;
    }

    /** What learned polling reads from this vendor's jobs: see {@link PixxelDurationFeatures}. */
    @Override
    public dev.asyncjobs.engine.learn.DurationFeatures durationFeatures() {
        return PixxelDurationFeatures.INSTANCE;
    }

    @Override
    public PollPolicy pollPolicy() {
        return POLICY;
    }

    @Override
    public JobSnapshot fetchJob(JobRef job) {
        return snapshot(client.getJob(job.requireAttribute(WORKFLOW_ID), job.jobId()));
    }

    /**
     * A job's result is a download: this asks for the job's download once and returns the answer, pending or ready
     * with its signed URL (the download operation waits for it and fetches the file).
     */
    @Override
    public Object fetchResult(JobRef job) {
        return client.requestJobDownload(job.requireAttribute(WORKFLOW_ID), job.jobId());
    }

    /**
     * Pixxel's create takes no idempotency key: the lost create's job is looked for by the engine among the workflow's
     * jobs created around it ({@link #listJobs}, scoped by the intent's workflow).
     */
    @Override
    public SubmitReconciliation reconcileSubmit(SubmitIntent intent, Predicate<String> alreadyTracked) {
        return intent.attributes().get(WORKFLOW_ID) == null
                ? SubmitReconciliation.unconfirmed("the create's workflow was not recorded")
                : SubmitReconciliation.byCreationWindow();
    }

    /**
     * The workflow's jobs ({@code GET /v0/workflows/{workflow_id}/jobs}, one request: Pixxel documents no paging), for
     * the workflow the consumer's endpoint names; none without one.
     */
    @Override
    public java.util.Optional<List<dev.asyncjobs.engine.spi.ListedJob>> listJobs(Instant since,
                                                                          java.util.Map<String, String> scope) {
        String workflowId = scope.get(WORKFLOW_ID);
        if (workflowId == null || workflowId.isBlank()) {
            return java.util.Optional.of(List.of());
        }
        return java.util.Optional.of(client.listJobs(workflowId, PixxelJobFilter.none()).stream()
                .filter(j -> j.id() != null)
                .map(j -> new dev.asyncjobs.engine.spi.ListedJob(ref(workflowId, j.id()), snapshot(j),
                        dev.asyncjobs.engine.spi.Timestamps.parse(j.createdAt())))
                .toList());
    }

    /** A job as the engine sees it, measured against this adapter's clock. */
    public JobSnapshot snapshot(PixxelJob job) {
        return snapshot(job, clock.instant());
    }

    /** A job as the engine sees it at {@code now}. */
    public static JobSnapshot snapshot(PixxelJob job, Instant now) {
        JobSnapshot.Builder b = JobSnapshot.builder(job.id(), job.status(), STATUSES)
                .changedAt(job.updatedAt())
                .progress(job.progressPercent())
                .job(job)
                .detail(job.fingerprint())
                .expectedRemaining(expectedRemaining(job, now))
                .header(HEADER_WORKFLOW_ID, job.workflowId())
                .header(HEADER_COST, job.cost())
                .header(HEADER_ESTIMATED_DURATION, job.estimatedDuration());
        Optional<PixxelTask> failed = job.failedTask();
        if (failed.isPresent()) {
            PixxelTask task = failed.get();
            b.error(task.failureType(), task.errMsg())
                    .header(HEADER_FAILED_TASK_ID, task.id())
                    .header(HEADER_FAILED_TASK_NAME, task.name())
                    .header(HEADER_FAILURE_TYPE, task.failureType());
        } else if (!job.valErrors().isEmpty()) {
            PixxelValidationError first = job.valErrors().get(0);
            b.error(first.err(), first.describe());
        }
        if (!job.valErrors().isEmpty()) {
            b.header(HEADER_VALIDATION_ERRORS, job.valErrors());
        }
        return b.build();
    }

    /**
     * How long the job should still run: {@code estimated_duration} scaled by what {@code progress} says is left, or,
     * without progress, the estimate less the time since execution started. Null without an estimate or once the job
     * is terminal.
     */
    public static Duration expectedRemaining(PixxelJob job, Instant now) {
        Long estimate = job.estimatedDuration();
        if (estimate == null || estimate <= 0 || STATUSES.phaseOf(job.status()).isTerminal()) {
            return null;
        }
        Duration total = Duration.ofSeconds(estimate);
        Double percent = job.progressPercent();
        if (percent != null) {
            return Duration.ofMillis(Math.round(total.toMillis() * (100 - percent) / 100));
        }
        Instant started = dev.asyncjobs.engine.spi.Timestamps.parse(job.execCreatedAt() != null ? job.execCreatedAt() : job.createdAt());
        if (started == null) {
            return total;
        }
        Duration left = total.minus(Duration.between(started, now));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
