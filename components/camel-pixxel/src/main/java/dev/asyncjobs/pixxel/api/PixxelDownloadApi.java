package dev.asyncjobs.pixxel.api;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.spi.StatusMapping;

/**
 * A Pixxel download request seen as an async job, so a producer can wait for it to be ready through the account's
 * follow loop, without holding a thread. Its "status request" is the {@code PUT .../download} itself,
 * repeated: Pixxel documents no other way to learn a job download's status, and a PUT is idempotent.
 */
public final class PixxelDownloadApi implements AsyncJobApi {

    /** The {@link JobRef} attribute holding the task id of a task download (absent for the whole job). */
    public static final String TASK_ID = "taskId";

    /** pending and ready are documented; failed is an assumption (a download that can never be ready). */
    public static final StatusMapping STATUSES = StatusMapping.of(PixxelClient.VENDOR + " download")
            .map("pending", JobPhase.RUNNING)
            .map("ready", JobPhase.SUCCEEDED)
            .map("failed", JobPhase.FAILED)
            .build();

    private final PixxelClient client;
    private final PollPolicy policy;

    /** @param interval how often to ask whether the download is ready */
    public PixxelDownloadApi(PixxelClient client, Duration interval) {
        this.client = client;
        this.policy = PollPolicy.fixed(Map.of(), interval, interval, Duration.ZERO);
    }

    /** The download of a job (taskId null) or of one of its tasks. */
    public static JobRef ref(String workflowId, String jobId, String taskId) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(PixxelApi.WORKFLOW_ID, workflowId);
        if (taskId != null) {
            attributes.put(TASK_ID, taskId);
        }
        return new JobRef(jobId, null, attributes);
    }

    @Override
    public String vendor() {
        return PixxelClient.VENDOR;
    }

    @Override
    public StatusMapping statusMapping() {
        return STATUSES;
    }

    @Override
    public PollPolicy pollPolicy() {
        return policy;
    }

    /** Asks for the download (again); the snapshot's job is the {@link PixxelDownload}, its id the Pixxel job's. */
    @Override
    public JobSnapshot fetchJob(JobRef ref) {
        String workflowId = ref.requireAttribute(PixxelApi.WORKFLOW_ID);
        String taskId = ref.attributes().get(TASK_ID);
        PixxelDownload download = taskId == null
                ? client.requestJobDownload(workflowId, ref.jobId())
                : client.requestTaskDownload(workflowId, ref.jobId(), taskId);
        String status = download.status();
        if ("ready".equalsIgnoreCase(status) && !download.ready()) {
            status = "pending"; // ready without a URL cannot be fetched yet: ask again
        }
        return JobSnapshot.builder(ref.jobId(), status, STATUSES).job(download).build();
    }

    /** The download answer itself (the file is fetched by the caller, streamed). */
    @Override
    public Object fetchResult(JobRef ref) {
        return fetchJob(ref).job();
    }
}
