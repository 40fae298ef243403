package dev.asyncjobs.engine.spi;

/**
 * A submit whose answer never arrived: the request may have created a job. It is not sent again; the account's
 * consumer reconciles it (finds the job through the vendor and follows it, or reports it as unconfirmed with the
 * intent id below). Retrying the exchange blindly could create a second, billable job.
 */
public class SubmitUnconfirmedException extends TransientApiException {

    private final String intentId;

    public SubmitUnconfirmedException(String vendor, String intentId, AsyncJobApiException cause) {
        super(vendor, cause.getHttpStatus(), "SUBMIT_UNCONFIRMED", cause.getVendorMessage(),
                vendor + " submit got no answer (" + cause.getMessage() + "); a job may have been created. It is not"
                        + " sent again: the consumer reconciles submit " + intentId + " and follows its job, or"
                        + " reports it as unconfirmed",
                cause);
        this.intentId = intentId;
    }

    /** The intent's id: the consumer's report of an unconfirmed submit carries it too. */
    public String getIntentId() {
        return intentId;
    }

    @Override
    public boolean isRetryable() {
        return false; // retrying blindly could create a second job
    }
}
