package dev.asyncjobs.engine.spi;

import java.time.Duration;

/**
 * A failure that says nothing about the job itself: a 5xx answer, a timeout, a reset connection or a body that is not
 * the JSON the API documents. Polls are retried later with backoff; a job is never dropped because of one.
 */
public class TransientApiException extends AsyncJobApiException {

    private final Duration retryAfter;

    public TransientApiException(String vendor, int httpStatus, String errorCode, String vendorMessage, String message,
                                 Throwable cause) {
        this(vendor, httpStatus, errorCode, vendorMessage, message, cause, null);
    }

    public TransientApiException(String vendor, int httpStatus, String errorCode, String vendorMessage, String message,
                                 Throwable cause, Duration retryAfter) {
        super(vendor, httpStatus, errorCode, vendorMessage, message, cause);
        this.retryAfter = retryAfter;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }

    /** The server's Retry-After (sent with a 429 or a 503), or null when it sent none. */
    public Duration getRetryAfter() {
        return retryAfter;
    }
}
