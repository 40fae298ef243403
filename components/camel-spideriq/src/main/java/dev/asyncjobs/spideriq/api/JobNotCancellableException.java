package dev.asyncjobs.spideriq.api;

import dev.asyncjobs.engine.spi.InvalidRequestException;

/** The API refused to cancel a job: only queued or processing jobs can be cancelled (HTTP 400). */
public class JobNotCancellableException extends InvalidRequestException {

    private final String jobId;

    public JobNotCancellableException(String jobId, InvalidRequestException cause) {
        super(SpiderIqClient.VENDOR, cause.getHttpStatus(), cause.getErrorCode(), cause.getVendorMessage(),
                "SpiderIQ job " + jobId + " cannot be cancelled: only queued or processing jobs can be (HTTP "
                        + cause.getHttpStatus() + (cause.getVendorMessage() != null ? ": " + cause.getVendorMessage() : "")
                        + ")", "jobId");
        this.jobId = jobId;
    }

    public String getJobId() {
        return jobId;
    }
}
