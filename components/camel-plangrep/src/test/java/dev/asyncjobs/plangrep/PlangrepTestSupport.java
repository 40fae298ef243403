package dev.asyncjobs.plangrep;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.asyncjobs.engine.follow.JobTracker;
import dev.asyncjobs.simulator.SimulatorClock;
import dev.asyncjobs.simulator.plangrep.PlangrepSimulator;
import dev.asyncjobs.testkit.ComponentTestSupport;
import org.apache.camel.Exchange;

/**
 * A Camel context with the plangrep component pointed at a simulator whose clock is frozen
 * ({@link ComponentTestSupport}); the component measures time on a clock of its own, and the test moves both with
 * {@link #advance}.
 */
abstract class PlangrepTestSupport extends ComponentTestSupport<PlangrepSimulator, PlangrepComponent> {

    static final Instant T0 = Instant.parse("2024-11-02T09:00:00Z");
    static final String PROJECT = PlangrepSimulator.DEFAULT_PROJECT_ID;

    /** The component's clock, frozen at {@link #T0} like the simulator's. */
    final SimulatorClock clock = new SimulatorClock(T0, 0);

    PlangrepTestSupport() {
        super("plangrep", PlangrepComponent.class);
    }

    @Override
    protected PlangrepSimulator startSimulator() {
        return startFrozen(simulator());
    }

    /** The simulator of every test of the class: by default Plangrep as documented, webhooks delivered. */
    PlangrepSimulator.Builder simulator() {
        return PlangrepSimulator.builder();
    }

    /** Starts the simulator with its clock frozen at {@link #T0}. */
    static PlangrepSimulator startFrozen(PlangrepSimulator.Builder simulator) {
        return simulator.startTime(T0).speed(0).start();
    }

    @Override
    protected void configure(PlangrepComponent component) {
        component.setClock(clock);
        component.getConfiguration().setProjectId(PROJECT);
    }

    /** The tracker of the test's account: Plangrep's endpoints key it by the API's URL, the host plus /api/open/v1. */
    @Override
    protected JobTracker tracker() {
        return component().getTracker(simulator.apiBaseUrl(), simulator.apiKey());
    }

    /** Whether the consumer has polled the job since the clocks last moved (or let it go, once terminal). */
    boolean polledSinceLastMove(String jobId) {
        var tracker = tracker();
        return tracker.get(jobId).map(dev.asyncjobs.engine.store.JobRecord::nextPollAt).map(at -> at.isAfter(clock.instant())).orElse(!tracker.isTracked(jobId));
    }

    /** Moves the simulator's clock and the component's by the same amount. */
    void advance(Duration d) {
        simulator.clock().advance(d);
        clock.advance(d);
    }

    Exchange send(String uri, Object body, Map<String, Object> headers) {
        return template.send(uri, e -> {
            e.getMessage().setBody(body);
            e.getMessage().setHeaders(new HashMap<>(headers));
        });
    }

    /** Creates a job through the producer; returns its id. */
    String createJob(String externalId) {
        Exchange e = send("plangrep:jobs", null, externalId == null ? Map.of()
                : Map.of(PlangrepConstants.EXTERNAL_ID, externalId));
        if (e.getException() != null) {
            throw new AssertionError(e.getException());
        }
        return e.getMessage().getHeader(PlangrepConstants.JOB_ID, String.class);
    }

    /** A PDF with the given number of pages, as the simulator counts them. */
    static byte[] pdf(int pages) {
        return PlangrepSimulator.pdfWithPages(pages);
    }
}
