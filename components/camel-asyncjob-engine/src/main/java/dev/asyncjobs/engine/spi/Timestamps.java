package dev.asyncjobs.engine.spi;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The vendors' ISO 8601 timestamps, read one way everywhere. */
public final class Timestamps {

    private Timestamps() {
    }

    /**
     * An ISO 8601 timestamp with an offset or a Z ({@code 2026-03-12T15:00:00Z}), or without either, read as UTC (some
     * vendors' examples show {@code 2025-10-27T10:00:00}); null for null, blank or unreadable text.
     */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.trim();
        try {
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(trimmed).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
