package dev.asyncjobs.engine.spi;

/**
 * The one exception type every vendor's API errors become. It carries the HTTP status, the vendor's machine-readable
 * error code and its human-readable message. It never carries request headers, so an API key can never leak through
 * an exception message or a stack trace.
 */
public class AsyncJobApiException extends RuntimeException {

    private final String vendor;
    private final int httpStatus;
    private final String errorCode;
    private final String vendorMessage;
    private volatile String details;

    public AsyncJobApiException(String vendor, int httpStatus, String errorCode, String vendorMessage, String message,
                                Throwable cause) {
        super(message, cause);
        this.vendor = vendor;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.vendorMessage = vendorMessage;
    }

    public AsyncJobApiException(String vendor, int httpStatus, String errorCode, String vendorMessage, String message) {
        this(vendor, httpStatus, errorCode, vendorMessage, message, null);
    }

    /** The vendor whose API answered (for example "SateAIs"). */
    public String getVendor() {
        return vendor;
    }

    /** The HTTP status, or 0 when no response arrived (timeout, connection reset). */
    public int getHttpStatus() {
        return httpStatus;
    }

    /** The vendor's machine-readable error code, or null when it sent none. */
    public String getErrorCode() {
        return errorCode;
    }

    /** The vendor's human-readable error message, or null when it sent none. */
    public String getVendorMessage() {
        return vendorMessage;
    }

    /**
     * Further context the vendor sent beside its code and message (for example the {@code details} of Pixxel's
     * error envelope), as text, or null.
     */
    public String getDetails() {
        return details;
    }

    /** Sets the vendor's details once (like {@link #initCause}); returns this exception. */
    public AsyncJobApiException initDetails(String details) {
        if (this.details != null) {
            throw new IllegalStateException("details already set");
        }
        this.details = details;
        return this;
    }

    /** Whether trying the same (idempotent) request later may succeed. */
    public boolean isRetryable() {
        return false;
    }
}
