package dev.asyncjobs.sateais;

import java.time.Duration;
import java.time.Instant;

import dev.asyncjobs.sateais.api.DetectionRequest;
import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import dev.asyncjobs.testkit.ComponentTestSupport;

/**
 * Starts a SateAIs simulator whose clock stands still (tests move it with {@code advance}), and a Camel context whose
 * sateais component points at it ({@link ComponentTestSupport}).
 */
abstract class SateaisTestSupport extends ComponentTestSupport<SateaisSimulator, SateaisComponent> {

    /** A small harbour area (about 2 km²), valid for every detection type. */
    static final String HARBOUR = "POLYGON((4.40 51.90, 4.42 51.90, 4.42 51.91, 4.40 51.91, 4.40 51.90))";
    static final Duration PENDING = Duration.ofMinutes(2);
    static final Duration PROCESSING = Duration.ofMinutes(13);
    /** Consumer options for tests: tick every 20 ms, poll jobs at once and every 50 ms. */
    static final String FAST = "delay=20&initialDelay=0&firstPollDelay=0&pollInterval=50";

    SateaisTestSupport() {
        super("sateais", SateaisComponent.class);
    }

    @Override
    protected SateaisSimulator startSimulator() {
        return SateaisSimulator.builder().startTime(Instant.parse("2026-03-12T15:00:00Z")).speed(0)
                .timing(PENDING, PROCESSING).start();
    }

    static DetectionRequest shipRequest() {
        return DetectionRequest.polygonAtDate(HARBOUR, "2026-03-10", "nearest");
    }

    /** Moves the simulated clock past the pending phase. */
    void toProcessing() {
        simulator.clock().advance(PENDING.plusSeconds(1));
    }

    /** Moves the simulated clock past the processing phase. */
    void toEnd() {
        simulator.clock().advance(PROCESSING.plusSeconds(1));
    }
}
