package dev.asyncjobs.spideriq.api;

import dev.asyncjobs.engine.spi.TransientApiException;

/**
 * The results endpoint answered 202: the job is still queued or processing. Asking again later will succeed once the
 * job completed, so this is a retryable failure of that one request.
 */
public class ResultsNotReadyException extends TransientApiException {

    private final String jobId;
    private final String jobStatus;

    public ResultsNotReadyException(String jobId, String jobStatus, String vendorMessage) {
        super(SpiderIqClient.VENDOR, 202, "RESULTS_NOT_READY", vendorMessage, "SpiderIQ job " + jobId
                + " has no results yet: it is still '" + (jobStatus != null ? jobStatus : "running")
                + "' (HTTP 202); ask again once it completed, or let a spideriq consumer emit its completion", null);
        this.jobId = jobId;
        this.jobStatus = jobStatus;
    }

    public String getJobId() {
        return jobId;
    }

    /** The job's status the API reported (queued or processing), or null. */
    public String getJobStatus() {
        return jobStatus;
    }
}
