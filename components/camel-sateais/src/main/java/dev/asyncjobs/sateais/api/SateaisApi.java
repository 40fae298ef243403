package dev.asyncjobs.sateais.api;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.asyncjobs.engine.AsyncJobApi;
import dev.asyncjobs.engine.JobPhase;
import dev.asyncjobs.engine.JobRef;
import dev.asyncjobs.engine.JobSnapshot;
import dev.asyncjobs.engine.PollPolicy;
import dev.asyncjobs.engine.StatusMapping;
import dev.asyncjobs.engine.SubmitReconciliation;
import dev.asyncjobs.engine.tracking.SubmitIntent;
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
     * SateAIs has no idempotency key: the lost submit's job is looked for among the recent jobs (at most 30), created
     * around the submit and not followed yet. Exactly one such job is adopted; none or several are reported as
     * unconfirmed with their ids, and nothing is submitted again.
     */
    @Override
    public SubmitReconciliation reconcileSubmit(SubmitIntent intent, Predicate<String> alreadyTracked) {
        java.time.Instant from = intent.createdAt().minus(CLOCK_SKEW);
        java.time.Instant to = intent.createdAt().plus(SUBMIT_WINDOW);
        java.util.List<SateaisJob> candidates = client.listJobs(null, SateaisClient.MAX_LIST_LIMIT).jobs().stream()
                .filter(j -> j.createdAt() != null && !alreadyTracked.test(j.jobId()))
                .filter(j -> {
                    // an unreadable time cannot be ruled out: it stays a candidate, so it can only make the
                    // outcome unconfirmed, never adopt the wrong job
                    java.time.Instant created = dev.asyncjobs.engine.Timestamps.parse(j.createdAt());
                    return created == null || !created.isBefore(from) && !created.isAfter(to);
                }).toList();
        if (candidates.size() == 1) {
            SateaisJob job = candidates.get(0);
            return SubmitReconciliation.adopted(JobRef.of(job.jobId(), intent.operation()), snapshot(job));
        }
        return SubmitReconciliation.unconfirmed(candidates.isEmpty()
                ? "no job created between " + from + " and " + to + " is unfollowed"
                : candidates.size() + " unfollowed jobs were created between " + from + " and " + to + " ("
                  + candidates.stream().map(SateaisJob::jobId).toList() + "): which one is the submit's is unknown");
    }

    /**
     * SateAIs documents {@code GET /api/v1/jobs?status=&limit=} (at most 30 jobs, newest first) and no paging: the jobs
     * not ended are listed per status (a key runs at most 5 at once, so they fit), and the newest 30 of any status
     * bring the recently ended ones. Three requests, each through the client and its request budget.
     */
    @Override
    public java.util.Optional<java.util.List<dev.asyncjobs.engine.ListedJob>> listJobs(java.time.Instant since,
                                                                                     Map<String, String> scope) {
        Map<String, dev.asyncjobs.engine.ListedJob> found = new java.util.LinkedHashMap<>();
        for (String status : java.util.Arrays.asList("pending", "processing", null)) {
            for (SateaisJob job : client.listJobs(status, SateaisClient.MAX_LIST_LIMIT).jobs()) {
                if (job.jobId() != null) {
                    found.putIfAbsent(job.jobId(), new dev.asyncjobs.engine.ListedJob(JobRef.of(job.jobId()),
                            snapshot(job), dev.asyncjobs.engine.Timestamps.parse(job.createdAt())));
                }
            }
        }
        return java.util.Optional.of(java.util.List.copyOf(found.values()));
    }

    /** How far the vendor's clock may be from ours. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    /** How long after its intent a submit's job may have been created (the longest a request can take). */
    static final Duration SUBMIT_WINDOW = Duration.ofMinutes(5);

    /** A job as the engine sees it. */
    public static JobSnapshot snapshot(SateaisJob job) {
        return JobSnapshot.builder(job.jobId(), job.status(), STATUSES)
                .changedAt(job.completedAt()) // SateAIs dates only the end of a job; earlier transitions: the poll
                .error(job.effectiveErrorCode(), job.errorMessage())
                .job(job)
                .build();
    }
}
