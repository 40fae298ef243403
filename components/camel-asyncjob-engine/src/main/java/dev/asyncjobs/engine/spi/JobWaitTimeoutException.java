package dev.asyncjobs.engine.spi;

import java.time.Duration;

/**
 * A producer waited for a job to finish for longer than its timeout. The job itself goes on and stays tracked, unless
 * the endpoint's cancelOnTimeout option asked the vendor to cancel it (see {@link #isCancelRequested()}).
 */
public class JobWaitTimeoutException extends AsyncJobApiException {

    private final String jobId;
    private final String lastStatus;
    private final boolean cancelRequested;
    private final String statusAfterCancel;

    public JobWaitTimeoutException(String vendor, String jobId, String lastStatus, Duration waited) {
        super(vendor, 0, "WAIT_TIMEOUT", null, vendor + " job " + jobId + " was still '" + lastStatus + "' after waiting "
                + waited + "; raise waitTimeout, or let a consumer route follow the job");
        this.jobId = jobId;
        this.lastStatus = lastStatus;
        this.cancelRequested = false;
        this.statusAfterCancel = null;
    }

    private JobWaitTimeoutException(JobWaitTimeoutException timeout, String statusAfterCancel, Throwable cancelFailure) {
        super(timeout.getVendor(), 0, "WAIT_TIMEOUT", null, timeout.getVendor() + " job " + timeout.jobId
                + " was still '" + timeout.lastStatus + "' when the wait timed out; cancelOnTimeout "
                + (cancelFailure == null
                        ? "asked " + timeout.getVendor() + " to cancel it (status now '" + statusAfterCancel + "')"
                        : "could not cancel it, so it runs on and stays tracked: " + cancelFailure.getMessage()),
                cancelFailure);
        this.jobId = timeout.jobId;
        this.lastStatus = timeout.lastStatus;
        this.cancelRequested = cancelFailure == null;
        this.statusAfterCancel = statusAfterCancel;
    }

    /** The timeout after the vendor accepted the cancel request; {@code statusAfterCancel} is what it answered. */
    public JobWaitTimeoutException cancelled(String statusAfterCancel) {
        return new JobWaitTimeoutException(this, statusAfterCancel, null);
    }

    /** The timeout after a cancel request that failed (the job runs on). */
    public JobWaitTimeoutException cancelFailed(Throwable failure) {
        return new JobWaitTimeoutException(this, null, failure);
    }

    public String getJobId() {
        return jobId;
    }

    public String getLastStatus() {
        return lastStatus;
    }

    /** Whether cancelOnTimeout asked the vendor to cancel the job and the vendor accepted. */
    public boolean isCancelRequested() {
        return cancelRequested;
    }

    /** The job's status in the vendor's answer to the cancel request, or null. */
    public String getStatusAfterCancel() {
        return statusAfterCancel;
    }
}
