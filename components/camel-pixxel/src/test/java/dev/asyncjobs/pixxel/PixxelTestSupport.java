package dev.asyncjobs.pixxel;

import java.time.Duration;
import java.time.Instant;

import dev.asyncjobs.simulator.pixxel.PixxelSimulator;
import dev.asyncjobs.testkit.ComponentTestSupport;

/**
 * Starts a Pixxel simulator whose clock stands still (tests move it with {@code advance}) and a Camel context whose
 * pixxel component points at it ({@link ComponentTestSupport}). The default workflow runs data-ingestion (2 min),
 * atmospheric-correction (5 min) and ndvi-index (3 min): 10 minutes estimated.
 */
abstract class PixxelTestSupport extends ComponentTestSupport<PixxelSimulator, PixxelComponent> {

    static final String WF = PixxelSimulator.DEFAULT_WORKFLOW_ID;
    static final String PROJECT = "prj_field_trials";
    /** Consumer options for tests: tick every 20 ms, poll jobs at once and then every 50 ms. */
    static final String FAST = "delay=20&initialDelay=0&firstPollDelay=0&pollInterval=50";

    PixxelTestSupport() {
        super("pixxel", PixxelComponent.class);
    }

    @Override
    protected PixxelSimulator startSimulator() {
        return PixxelSimulator.builder().startTime(Instant.parse("2026-03-12T15:00:00Z")).speed(0).start();
    }

    @Override
    protected void configure(PixxelComponent component) {
        component.getConfiguration().setWorkflowId(WF);
        component.getConfiguration().setProjectId(PROJECT);
    }

    /** Makes the component measure time on the simulator's clock (for tests of the poll schedule). */
    void useSimulatorClock() {
        component().setClock(simulator.clock());
    }

    void advance(Duration d) {
        simulator.clock().advance(d);
    }
}
