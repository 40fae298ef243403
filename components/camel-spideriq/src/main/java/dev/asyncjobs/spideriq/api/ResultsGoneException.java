package dev.asyncjobs.spideriq.api;

import dev.asyncjobs.engine.spi.GoneException;

/** The results endpoint answered 410: the job failed or was cancelled, so it has no results and never will. */
public class ResultsGoneException extends GoneException {

    private final String jobId;

    public ResultsGoneException(String jobId, GoneException cause) {
        super(SpiderIqClient.VENDOR, cause.getErrorCode(), cause.getVendorMessage(), "SpiderIQ job " + jobId
                + " has no results: it failed or was cancelled (HTTP 410"
                + (cause.getVendorMessage() != null ? ": " + cause.getVendorMessage() : "")
                + "); review its parameters and submit it again if needed", cause);
        this.jobId = jobId;
    }

    public String getJobId() {
        return jobId;
    }
}
