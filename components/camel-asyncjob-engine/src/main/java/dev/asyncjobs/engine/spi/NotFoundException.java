package dev.asyncjobs.engine.spi;

/** HTTP 404: the API does not know the job (or the resource asked for). */
public class NotFoundException extends AsyncJobApiException {

    public NotFoundException(String vendor, String errorCode, String vendorMessage, String message) {
        super(vendor, 404, errorCode, vendorMessage, message);
    }
}
