package dev.asyncjobs.sateais;

import java.time.Duration;
import java.time.Instant;

import dev.asyncjobs.engine.tracking.JobTracker;
import dev.asyncjobs.sateais.api.DetectionRequest;
import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Starts a SateAIs simulator whose clock stands still (tests move it with {@code advance}), and a Camel context whose
 * sateais component points at it.
 */
abstract class SateaisTestSupport {

    /** A small harbour area (about 2 km²), valid for every detection type. */
    static final String HARBOUR = "POLYGON((4.40 51.90, 4.42 51.90, 4.42 51.91, 4.40 51.91, 4.40 51.90))";
    static final Duration PENDING = Duration.ofMinutes(2);
    static final Duration PROCESSING = Duration.ofMinutes(13);
    /** Consumer options for tests: tick every 20 ms, poll jobs at once and every 50 ms. */
    static final String FAST = "delay=20&initialDelay=0&firstPollDelay=0&pollInterval=50";

    SateaisSimulator simulator;
    CamelContext context;
    ProducerTemplate template;

    @BeforeEach
    void startSimulatorAndCamel() throws Exception {
        simulator = SateaisSimulator.builder().startTime(Instant.parse("2026-03-12T15:00:00Z")).speed(0)
                .timing(PENDING, PROCESSING).start();
        context = new DefaultCamelContext();
        SateaisComponent component = context.getComponent("sateais", SateaisComponent.class);
        component.getConfiguration().setApiKey(simulator.apiKey());
        component.getConfiguration().setBaseUrl(simulator.baseUrl());
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopCamelAndSimulator() throws Exception {
        if (context != null) {
            context.stop();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    SateaisComponent component() {
        return context.getComponent("sateais", SateaisComponent.class);
    }

    /** The tracker of the simulator's account. */
    JobTracker tracker() {
        return component().getTracker(simulator.baseUrl(), simulator.apiKey());
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
