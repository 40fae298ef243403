package dev.asyncjobs.sateais.api;

import java.time.Duration;
import java.util.HashMap;
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

/** SateAIs described to the engine: its four statuses, its polling guidance, and how to read a job. */
public final class SateaisApi implements AsyncJobApi {

    /** pending / processing / completed / failed, as the job status page lists them. */
    public static final StatusMapping STATUSES = StatusMapping.of(SateaisClient.VENDOR)
            .map("pending", JobPhase.QUEUED)
            .map("processing", JobPhase.RUNNING)
            .map("completed", JobPhase.SUCCEEDED)
            .map("failed", JobPhase.FAILED)
            .build();

    /** "Poll about once per minute", after the per-detection suggested first poll. */
    public static final PollPolicy POLICY;

    static {
        Map<String, Duration> firstPoll = new HashMap<>();
        for (DetectionType type : DetectionType.values()) {
            firstPoll.put(type.name(), type.suggestedFirstPoll());
        }
        POLICY = PollPolicy.fixed(firstPoll, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO);
    }

    private final SateaisClient client;

    public SateaisApi(SateaisClient client) {
        this.client = client;
    }

    /** The typed client behind this adapter. */
    public SateaisClient client() {
        return client;
    }

    @Override
    public String vendor() {
        return SateaisClient.VENDOR;
    }

    @Override
    public StatusMapping statusMapping() {
        return STATUSES;
    }

    /** What learned polling reads from this vendor's jobs: see {@link SateaisDurationFeatures}. */
    @Override
    public dev.asyncjobs.engine.learn.DurationFeatures durationFeatures() {
        return SateaisDurationFeatures.INSTANCE;
    }

    @Override
    public PollPolicy pollPolicy() {
        return POLICY;
    }

    @Override
    public JobSnapshot fetchJob(JobRef job) {
        return snapshot(client.getJob(job.jobId()));
    }

    /** The GeoJSON text of a completed job. */
    @Override
    public Object fetchResult(JobRef job) {
        return client.getResultGeoJson(job.jobId());
    }

    /**
     * SateAIs has no idempotency key nor submit cache: the lost submit's job is looked for by the engine among the
     * jobs its list shows created around the submit ({@link #listJobs}).
     */
    @Override
    public SubmitReconciliation reconcileSubmit(SubmitIntent intent, Predicate<String> alreadyTracked) {
        return SubmitReconciliation.byCreationWindow();
    }

    /**
     * SateAIs documents {@code GET /api/v1/jobs?status=&limit=} (at most 30 jobs, newest first) and no paging: the jobs
     * not ended are listed per status (a key runs at most 5 at once, so they fit), and the newest 30 of any status
     * bring the recently ended ones. Three requests, each through the client and its request budget.
     */
    @Override
    public java.util.Optional<java.util.List<dev.asyncjobs.engine.spi.ListedJob>> listJobs(java.time.Instant since,
                                                                                     Map<String, String> scope) {
        Map<String, dev.asyncjobs.engine.spi.ListedJob> found = new java.util.LinkedHashMap<>();
        for (String status : java.util.Arrays.asList("pending", "processing", null)) {
            for (SateaisJob job : client.listJobs(status, SateaisClient.MAX_LIST_LIMIT).jobs()) {
                if (job.jobId() != null) {
                    found.putIfAbsent(job.jobId(), new dev.asyncjobs.engine.spi.ListedJob(JobRef.of(job.jobId()),
                            snapshot(job), dev.asyncjobs.engine.spi.Timestamps.parse(job.createdAt())));
                }
            }
        }
        return java.util.Optional.of(java.util.List.copyOf(found.values()));
    }

    /** A job as the engine sees it. */
    public static JobSnapshot snapshot(SateaisJob job) {
        return JobSnapshot.builder(job.jobId(), job.status(), STATUSES)
                .changedAt(job.completedAt()) // SateAIs dates only the end of a job; earlier transitions: the poll
                .error(job.effectiveErrorCode(), job.errorMessage())
                .job(job)
                .build();
    }
}
