package dev.asyncjobs.simulator;

import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** Simulated time: start + (real elapsed time x speed) + manual offset; thread-safe. */
public final class SimulatorClock extends Clock {

    private final Instant initialStart;
    private final double initialSpeed;

    // Simulated time at the last re-anchoring, and the real nanoTime of that moment: changing the speed re-anchors
    // so that time already elapsed is never rescaled (simulated time never jumps backwards).
    private Instant anchor;
    private long anchorNanos;
    private double speed;

    /** A clock starting at the real current time and running at real speed. */
    public SimulatorClock() {
        this(null, 1.0);
    }

    /** A clock starting at {@code start} (null = real now) and running {@code speed} times faster than real time. */
    public SimulatorClock(Instant start, double speed) {
        checkSpeed(speed);
        this.initialStart = start;
        this.initialSpeed = speed;
        reset();
    }

    /** The current simulated time. */
    public synchronized Instant now() {
        long elapsedNanos = System.nanoTime() - anchorNanos;
        return anchor.plusNanos((long) (elapsedNanos * speed));
    }

    /** Moves simulated time forward (or backward, for a negative duration) at once. */
    public synchronized void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        reanchor();
        anchor = anchor.plus(duration);
    }

    /** Sets how many simulated seconds pass per real second (0 freezes the clock); time so far is kept. */
    public synchronized void setSpeed(double speed) {
        checkSpeed(speed);
        reanchor();
        this.speed = speed;
    }

    /** How many simulated seconds pass per real second. */
    public synchronized double speed() {
        return speed;
    }

    /** The simulated now, so a component can measure its polls and budgets on the simulator's time. */
    @Override
    public Instant instant() {
        return now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Simulated time has no zone of its own: always UTC. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /** Back to the start time and speed given at construction (a null start means the real time now). */
    public synchronized void reset() {
        this.anchor = initialStart != null ? initialStart : Instant.now();
        this.anchorNanos = System.nanoTime();
        this.speed = initialSpeed;
    }

    private void reanchor() {
        anchor = now();
        anchorNanos = System.nanoTime();
    }

    private static void checkSpeed(double speed) {
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a finite number >= 0, got " + speed);
        }
    }

    @Override
    public String toString() {
        return "SimulatorClock[now=" + now() + ", speed=" + speed() + "]";
    }
}
