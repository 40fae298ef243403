package dev.asyncjobs.engine.client;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.AuthenticationException;
import dev.asyncjobs.engine.spi.GoneException;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.spi.NotFoundException;
import dev.asyncjobs.engine.spi.RateLimitedException;
import dev.asyncjobs.engine.spi.TransientApiException;

/**
 * Turns an error answer (status 400 and above) into the engine's exceptions, with the vendor's own
 * {@link ErrorDecoder} reading the body, the API key redacted from anything the server echoed, and the server's
 * Retry-After (on 429 and 503) handed to the key's {@link RequestPacer}.
 */
final class ApiErrors {

    private final String vendor;
    private final String authorization;
    private final ErrorDecoder decoder;
    private final ObjectMapper mapper;
    private final RequestPacer pacer;
    private final Clock clock;

    ApiErrors(String vendor, String authorization, ErrorDecoder decoder, ObjectMapper mapper, RequestPacer pacer,
              Clock clock) {
        this.vendor = vendor;
        this.authorization = authorization;
        this.decoder = decoder;
        this.mapper = mapper;
        this.pacer = pacer;
        this.clock = clock;
    }

    /**
     * Maps an error answer: 429 {@link RateLimitedException}, 401/403 {@link AuthenticationException}, 404
     * {@link NotFoundException}, 410 {@link GoneException}, other 4xx {@link InvalidRequestException}, 5xx
     * {@link TransientApiException} (with the Retry-After of a 503).
     *
     * @param what         the request, for the message ("SateAIs GET /api/v1/jobs/...")
     * @param vendorOrigin whether the answer came from the vendor's API (not object storage)
     */
    AsyncJobApiException toException(String what, ApiResponse response, boolean vendorOrigin) {
        int status = response.status();
        JsonNode json = null;
        try {
            if (response.body().length > 0) {
                json = mapper.readTree(response.body());
            }
        } catch (IOException e) {
            // not JSON (a proxy's HTML page, S3's XML): no code or message to decode
        }
        ErrorDecoder.DecodedError decoded = vendorOrigin && decoder != null
                ? decoder.decode(status, json) : new ErrorDecoder.DecodedError(null, null);
        String code = redact(decoded.code());
        String message = redact(decoded.message());
        String details = redact(decoded.details());
        String text = what + " answered " + status + (code != null ? " " + code : "")
                + (message != null ? ": " + message : "")
                + (details != null ? " (details: " + abbreviate(details, 300) + ")" : "");
        if (!vendorOrigin) {
            // errors of object storage or other hosts say nothing about the API key or the job
            return status >= 500
                    ? new TransientApiException(vendor, status, code, message, text, null)
                    : new AsyncJobApiException(vendor, status, code, message, text);
        }
        AsyncJobApiException error = switch (status) {
            case 429 -> {
                Duration retryAfter = RetryAfter.parse(response.header("Retry-After"), clock);
                pacer.onRateLimited(retryAfter);
                yield new RateLimitedException(vendor, code, message, text + retryAfterText(retryAfter), retryAfter);
            }
            case 503 -> {
                Duration retryAfter = RetryAfter.parse(response.header("Retry-After"), clock);
                pacer.onUnavailable(retryAfter);
                yield new TransientApiException(vendor, status, code, message, text + retryAfterText(retryAfter), null,
                        retryAfter);
            }
            case 401, 403 -> new AuthenticationException(vendor, status, code, message,
                    text + "; check the apiKey option (its value is not shown)");
            case 404 -> new NotFoundException(vendor, code, message, text);
            case 410 -> new GoneException(vendor, code, message, text);
            default -> status >= 500
                    ? new TransientApiException(vendor, status, code, message, text, null)
                    : new InvalidRequestException(vendor, status, code, message, text, null);
        };
        return details != null ? error.initDetails(details) : error;
    }

    /** Removes the API key from text a server sent back (some echo it in their 401 bodies). */
    String redact(String text) {
        if (text == null || authorization == null) {
            return text;
        }
        String redacted = text.replace(authorization, "***");
        String credential = authorization.substring(authorization.lastIndexOf(' ') + 1);
        return credential.length() >= 6 ? redacted.replace(credential, "***") : redacted;
    }

    private static String retryAfterText(Duration retryAfter) {
        return retryAfter != null ? " (retry after " + retryAfter.toSeconds() + " s)" : "";
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
