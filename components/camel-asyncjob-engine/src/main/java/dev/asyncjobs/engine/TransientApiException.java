package dev.asyncjobs.engine;

/**
 * A failure that says nothing about the job itself: a 5xx answer, a timeout, a reset connection or a body that is not
 * the JSON the API documents. Polls are retried later with backoff; a job is never dropped because of one.
 */
public class TransientApiException extends AsyncJobApiException {

    public TransientApiException(String vendor, int httpStatus, String errorCode, String vendorMessage, String message,
                                 Throwable cause) {
        super(vendor, httpStatus, errorCode, vendorMessage, message, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
