package dev.asyncjobs.engine;

import java.time.Duration;

/** A producer waited for a job to finish for longer than its timeout. The job itself goes on and stays tracked. */
public class JobWaitTimeoutException extends AsyncJobApiException {

    private final String jobId;
    private final String lastStatus;

    public JobWaitTimeoutException(String vendor, String jobId, String lastStatus, Duration waited) {
        super(vendor, 0, "WAIT_TIMEOUT", null, vendor + " job " + jobId + " was still '" + lastStatus + "' after waiting "
                + waited + "; raise waitTimeout, or let a consumer route follow the job");
        this.jobId = jobId;
        this.lastStatus = lastStatus;
    }

    public String getJobId() {
        return jobId;
    }

    public String getLastStatus() {
        return lastStatus;
    }
}
