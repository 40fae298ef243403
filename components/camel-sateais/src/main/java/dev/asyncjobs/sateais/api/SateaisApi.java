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

    /** A job as the engine sees it. */
    public static JobSnapshot snapshot(SateaisJob job) {
        return JobSnapshot.builder(job.jobId(), job.status(), STATUSES)
                .changedAt(job.completedAt()) // SateAIs dates only the end of a job; earlier transitions: the poll
                .error(job.effectiveErrorCode(), job.errorMessage())
                .job(job)
                .build();
    }
}
