package dev.asyncjobs.engine.spi;

/**
 * HTTP 401 or 403: the API key is missing, wrong, or not allowed to see the resource. Retrying will not help until
 * the configuration changes, so consumers stop polling for a while and report DOWN in their health check.
 */
public class AuthenticationException extends AsyncJobApiException {

    public AuthenticationException(String vendor, int httpStatus, String errorCode, String vendorMessage,
                                   String message) {
        super(vendor, httpStatus, errorCode, vendorMessage, message);
    }
}
