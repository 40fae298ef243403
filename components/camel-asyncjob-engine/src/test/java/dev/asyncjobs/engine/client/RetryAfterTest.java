package dev.asyncjobs.engine.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RetryAfterTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-10-21T07:28:00Z"), ZoneOffset.UTC);

    @Test
    void readsBothFormsCapsAndIgnoresGarbage() {
        assertEquals(Duration.ofSeconds(120), RetryAfter.parse(" 120 ", clock));
        assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Wed, 21 Oct 2026 07:29:30 GMT", clock));
        assertEquals(Duration.ZERO, RetryAfter.parse("Wed, 21 Oct 2026 07:00:00 GMT", clock), "a date in the past");
        assertEquals(Duration.ZERO, RetryAfter.parse("-5", clock));
        assertEquals(RetryAfter.MAX, RetryAfter.parse("86400", clock), "a day is capped at an hour");
        assertNull(RetryAfter.parse("soon", clock));
        assertNull(RetryAfter.parse("", clock));
        assertNull(RetryAfter.parse(null, clock));
    }
}
