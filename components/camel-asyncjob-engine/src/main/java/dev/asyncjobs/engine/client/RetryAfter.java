package dev.asyncjobs.engine.client;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110, section 10.2.3) in both of its forms: delta-seconds
 * ({@code 120}) and an HTTP date ({@code Wed, 21 Oct 2026 07:28:00 GMT}). Honoured on 429 and on 503 answers.
 */
public final class RetryAfter {

    /** The longest pause taken from a server's Retry-After; a larger value is capped, not trusted blindly. */
    public static final Duration MAX = Duration.ofHours(1);

    private RetryAfter() {
    }

    /**
     * The pause the header asks for, from now on the given clock; zero for a date in the past, null when the header is
     * missing or unreadable.
     */
    public static Duration parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        Duration pause;
        try {
            pause = Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                pause = Duration.between(clock.instant(), at.toInstant());
                if (pause.isNegative()) {
                    pause = Duration.ZERO;
                }
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
        return pause.compareTo(MAX) > 0 ? MAX : pause;
    }
}
