package dev.asyncjobs.engine.spi;

/**
 * A producer's {@code waitForCompletion} ended because the application stopped before the job did. The job is still
 * running on the vendor and stays tracked: follow it later by its id (the {@code track} operation, or a consumer).
 */
public class JobWaitStoppedException extends IllegalStateException {

    private final String jobId;
    private final String lastStatus;

    public JobWaitStoppedException(String vendor, String jobId, String lastStatus, Throwable cause) {
        super(vendor + " stopped while waiting for job " + jobId + " (last status '" + lastStatus
                + "'); the job goes on at " + vendor + " and stays tracked: follow it by its id", cause);
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
