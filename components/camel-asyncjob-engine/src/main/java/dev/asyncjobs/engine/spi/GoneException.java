package dev.asyncjobs.engine.spi;

/** HTTP 410: the resource existed but is no longer available (an expired result, a failed job's results). */
public class GoneException extends AsyncJobApiException {

    public GoneException(String vendor, String errorCode, String vendorMessage, String message) {
        super(vendor, 410, errorCode, vendorMessage, message);
    }

    public GoneException(String vendor, String errorCode, String vendorMessage, String message, Throwable cause) {
        super(vendor, 410, errorCode, vendorMessage, message, cause);
    }
}
