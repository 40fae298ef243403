package dev.asyncjobs.plangrep;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.asyncjobs.simulator.SimulatorClock;
import dev.asyncjobs.simulator.plangrep.PlangrepSimulator;
import dev.asyncjobs.testkit.Stop;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;

/**
 * A Camel context with the plangrep component pointed at a simulator whose clock is frozen; the test moves the
 * simulator's clock and the component's together with {@link #advance}.
 */
abstract class PlangrepTestSupport {

    static final Instant T0 = Instant.parse("2024-11-02T09:00:00Z");
    static final String PROJECT = PlangrepSimulator.DEFAULT_PROJECT_ID;

    PlangrepSimulator sim;
    SimulatorClock clock;
    CamelContext context;
    PlangrepComponent component;
    ProducerTemplate template;

    /** Starts the simulator and a context (not started: add routes, then call {@link #startContext()}). */
    void setUp(PlangrepSimulator.Builder simulator) {
        sim = simulator.startTime(T0).speed(0).start();
        clock = new SimulatorClock(T0, 0);
        context = new DefaultCamelContext();
        component = new PlangrepComponent();
        component.setClock(clock);
        component.getConfiguration().setApiKey(sim.apiKey());
        component.getConfiguration().setBaseUrl(sim.baseUrl()); // the bare host: the component adds /api/open/v1
        component.getConfiguration().setProjectId(PROJECT);
        context.addComponent("plangrep", component);
    }

    void startContext() {
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void tearDown() {
        Stop.camelAndSimulator(context, sim);
    }

    /** The tracker of the test's account (every plangrep endpoint here shares its key and base URL). */
    dev.asyncjobs.engine.tracking.JobTracker tracker() {
        return context.getEndpoint("plangrep:jobs", PlangrepEndpoint.class).getTracker();
    }

    /** Whether the consumer has polled the job since the clocks last moved (or let it go, once terminal). */
    boolean polledSinceLastMove(String jobId) {
        var tracker = tracker();
        return tracker.nextPollAt(jobId).map(at -> at.isAfter(clock.instant())).orElse(!tracker.isTracked(jobId));
    }

    /** Moves the simulator's clock and the component's by the same amount. */
    void advance(Duration d) {
        sim.clock().advance(d);
        clock.advance(d);
    }

    Exchange send(String uri, Object body, Map<String, Object> headers) {
        return template.send(uri, e -> {
            e.getMessage().setBody(body);
            e.getMessage().setHeaders(new java.util.HashMap<>(headers));
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

    /** A PDF with the given number of /Type /Page objects. */
    static byte[] pdf(int pages) {
        StringBuilder b = new StringBuilder("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
        b.append("2 0 obj << /Type /Pages /Count ").append(pages).append(" >> endobj\n");
        for (int i = 0; i < pages; i++) {
            b.append(3 + i).append(" 0 obj << /Type /Page /Parent 2 0 R >> endobj\n");
        }
        return b.append("%%EOF\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
