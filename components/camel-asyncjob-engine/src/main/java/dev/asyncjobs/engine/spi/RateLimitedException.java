package dev.asyncjobs.engine.spi;

import java.time.Duration;

/** HTTP 429: the API key is over its request budget. Polling for that key pauses; nothing is dropped. */
public class RateLimitedException extends TransientApiException {

    public RateLimitedException(String vendor, String errorCode, String vendorMessage, String message,
                                Duration retryAfter) {
        super(vendor, 429, errorCode, vendorMessage, message, null, retryAfter);
    }
}
