package dev.asyncjobs.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatorClockTest {

    private static final Instant START = Instant.parse("2026-03-12T15:00:00Z");

    @Test
    void frozenClockMovesOnlyWhenAdvanced() {
        SimulatorClock clock = new SimulatorClock(START, 0);
        assertEquals(START, clock.now());
        clock.advance(Duration.ofMinutes(15));
        assertEquals(START.plus(Duration.ofMinutes(15)), clock.now());
    }

    @Test
    void speedScalesRealElapsedTime() {
        SimulatorClock clock = new SimulatorClock(START, 3600); // one simulated hour per real second
        await().atMost(Duration.ofSeconds(5)).until(() -> !clock.now().isBefore(START.plus(Duration.ofMinutes(30))));
        assertTrue(clock.now().isBefore(START.plus(Duration.ofDays(1))));
    }

    @Test
    void changingSpeedKeepsTimeAlreadyElapsed() {
        SimulatorClock clock = new SimulatorClock(START, 100_000);
        await().atMost(Duration.ofSeconds(5)).until(() -> clock.now().isAfter(START.plus(Duration.ofMinutes(5))));
        Instant beforeFreeze = clock.now();
        clock.setSpeed(0);
        Instant frozen = clock.now();
        assertFalse(frozen.isBefore(beforeFreeze), "never jumps back");
        assertEquals(frozen, clock.now());
        assertEquals(0, clock.speed());
    }

    @Test
    void resetReturnsToStartAndSpeed() {
        SimulatorClock clock = new SimulatorClock(START, 0);
        clock.advance(Duration.ofDays(40));
        clock.setSpeed(50);
        clock.reset();
        assertEquals(START, clock.now());
        assertEquals(0, clock.speed());
    }

    @Test
    void defaultClockFollowsRealTime() {
        SimulatorClock clock = new SimulatorClock();
        assertTrue(Duration.between(Instant.now(), clock.now()).abs().compareTo(Duration.ofSeconds(5)) < 0);
    }

    @Test
    void rejectsNegativeSpeed() {
        assertThrows(IllegalArgumentException.class, () -> new SimulatorClock(START, -1));
        assertThrows(IllegalArgumentException.class, () -> new SimulatorClock().setSpeed(Double.NaN));
    }
}
