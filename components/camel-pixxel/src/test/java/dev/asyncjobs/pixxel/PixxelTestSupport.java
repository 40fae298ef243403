package dev.asyncjobs.pixxel;

import java.time.Duration;
import java.time.Instant;

import dev.asyncjobs.simulator.pixxel.PixxelSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Starts a Pixxel simulator whose clock stands still (tests move it with {@code advance}) and a Camel context whose
 * pixxel component points at it. The default workflow runs data-ingestion (2 min), atmospheric-correction (5 min) and
 * ndvi-index (3 min): 10 minutes estimated.
 */
abstract class PixxelTestSupport {

    static final String WF = PixxelSimulator.DEFAULT_WORKFLOW_ID;
    static final String PROJECT = "prj_field_trials";
    /** Consumer options for tests: tick every 20 ms, poll jobs at once and then every 20 to 50 ms. */
    static final String FAST = "delay=20&initialDelay=0&firstPollDelay=0&minPollInterval=20&maxPollInterval=50";

    PixxelSimulator simulator;
    CamelContext context;
    ProducerTemplate template;

    @BeforeEach
    void startSimulatorAndCamel() throws Exception {
        simulator = PixxelSimulator.builder().startTime(Instant.parse("2026-03-12T15:00:00Z")).speed(0).start();
        context = new DefaultCamelContext();
        PixxelComponent component = context.getComponent("pixxel", PixxelComponent.class);
        component.getConfiguration().setApiKey(simulator.apiKey());
        component.getConfiguration().setBaseUrl(simulator.baseUrl());
        component.getConfiguration().setWorkflowId(WF);
        component.getConfiguration().setProjectId(PROJECT);
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

    PixxelComponent component() {
        return context.getComponent("pixxel", PixxelComponent.class);
    }

    /** The tracker of the simulator's account. */
    dev.asyncjobs.engine.tracking.JobTracker tracker() {
        return component().getTracker(simulator.baseUrl(), simulator.apiKey());
    }

    /** Makes the component measure time on the simulator's clock (for tests of the poll schedule). */
    void useSimulatorClock() {
        component().setClock(simulator.clock());
    }

    void advance(Duration d) {
        simulator.clock().advance(d);
    }
}
