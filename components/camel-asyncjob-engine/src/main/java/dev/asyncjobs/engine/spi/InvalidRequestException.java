package dev.asyncjobs.engine.spi;

/**
 * A request that cannot succeed as it is: refused by the API (HTTP 400/422), or found wrong before it was sent, so no
 * credits are spent on it. The message names the field or option and what to change.
 */
public class InvalidRequestException extends AsyncJobApiException {

    private final String field;

    public InvalidRequestException(String vendor, int httpStatus, String errorCode, String vendorMessage,
                                   String message, String field) {
        super(vendor, httpStatus, errorCode, vendorMessage, message);
        this.field = field;
    }

    /** A request found invalid before it was sent. */
    public static InvalidRequestException beforeSending(String vendor, String field, String message) {
        return new InvalidRequestException(vendor, 0, "CLIENT_VALIDATION", null, message, field);
    }

    /** The field or option at fault, where known. */
    public String getField() {
        return field;
    }
}
