package dev.asyncjobs.sateais.api;

import dev.asyncjobs.engine.spi.GoneException;

/** The result of a job is past SateAIs' 30-day retention (HTTP 410); the job's metadata is still there. */
public class ResultExpiredException extends GoneException {

    public ResultExpiredException(String jobId, GoneException cause) {
        super(SateaisClient.VENDOR, cause.getErrorCode(), cause.getVendorMessage(),
                "SateAIs result of job " + jobId + " has expired: results are kept 30 days after completion (HTTP 410"
                        + (cause.getErrorCode() != null ? " " + cause.getErrorCode() : "") + "); submit the detection again",
                cause);
    }
}
