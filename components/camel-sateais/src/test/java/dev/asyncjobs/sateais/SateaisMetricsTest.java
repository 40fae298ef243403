package dev.asyncjobs.sateais;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.camel.AsyncJobEndpoint;
import dev.asyncjobs.simulator.camel.SimulatorSupport;
import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import dev.asyncjobs.testkit.Stop;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads every meter after one job's life on the simulator, with a MeterRegistry bound in the Camel registry. */
class SateaisMetricsTest {

    private SateaisSimulator simulator;
    private CamelContext context;

    @AfterEach
    void stop() {
        Stop.camelAndSimulator(context, simulator);
        LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
        if (logContext.getConfiguration().getLoggers().containsKey(MICROMETER_LOGGER)) {
            logContext.getConfiguration().removeLogger(MICROMETER_LOGGER);
            logContext.updateLoggers();
        }
    }

    private static final String MICROMETER_LOGGER = "io.micrometer";

    @Test
    void everyMeterAfterAJobsLife() throws Exception {
        simulator = SateaisSimulator.builder().startTime(Instant.parse("2026-03-12T15:00:00Z")).speed(0)
                .timing(Duration.ofMinutes(2), Duration.ofMinutes(13)).start();
        MeterRegistry meters = new SimpleMeterRegistry();
        context = new DefaultCamelContext();
        context.getRegistry().bind("meters", meters);
        SimulatorSupport.connect(context, simulator);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("sateais:jobs?delay=20&initialDelay=0&firstPollDelay=0&pollInterval=60000").routeId("transitions")
                        .to("mock:transitions");
            }
        });
        context.start();
        String account = AsyncJobComponent.accountId(simulator.baseUrl(), simulator.apiKey());

        for (int i = 0; i < 2; i++) {
            Exchange submitted = context.createProducerTemplate().send("sateais:detections?detectionType=ship",
                    e -> e.getMessage().setBody(SateaisTestSupport.shipRequest()));
            assertNull(submitted.getException());
        }
        await().until(() -> gauge(meters, "QUEUED") == 2.0);

        NotifyBuilder done = new NotifyBuilder(context).fromRoute("transitions")
                .filter(e -> "SUCCEEDED".equals(e.getMessage().getHeader(SateaisConstants.PHASE, String.class)))
                .whenDone(2).create();
        simulator.clock().advance(Duration.ofMinutes(16));
        assertTrue(done.matches(10, TimeUnit.SECONDS), "both jobs succeeded");
        await().until(() -> gauge(meters, "QUEUED") == 0.0 && gauge(meters, "RUNNING") == 0.0);

        // every meter carries the vendor and the opaque account, never the key
        for (Meter meter : meters.getMeters()) {
            assertEquals("sateais", meter.getId().getTag("vendor"), meter.getId().toString());
            assertEquals(account, meter.getId().getTag("account"), meter.getId().toString());
            for (Tag tag : meter.getId().getTags()) {
                assertFalse(tag.getValue().contains(simulator.apiKey()), "the key is never a tag: " + meter.getId());
            }
        }
        assertEquals(2, meters.get("asyncjob.requests").tag("method", "POST").tag("outcome", "success").timer().count());
        assertTrue(meters.get("asyncjob.requests").tag("method", "GET").tag("outcome", "success").timer().count() >= 2);
        assertTrue(meters.get("asyncjob.requests").tag("method", "GET").timer().totalTime(TimeUnit.NANOSECONDS) > 0,
                "latency recorded");
        assertTrue(meters.get("asyncjob.rate.wait").timer().count() >= 4, "every request passed the budget");
        assertTrue(meters.get("asyncjob.status.requests").tag("outcome", "success").counter().count() >= 2);
        assertEquals(2, meters.get("asyncjob.transitions").tag("phase", "SUCCEEDED").counter().count());
        assertEquals(2, meters.get("asyncjob.detection.lag").tag("phase", "SUCCEEDED").timer().count());
        // measured from the vendor's completed_at (15 simulated minutes after the submit) to the exchange, on the
        // component's clock (the simulator's, moved to 16 minutes): one minute each
        double lagSeconds = meters.get("asyncjob.detection.lag").tag("phase", "SUCCEEDED").timer().max(TimeUnit.SECONDS);
        assertTrue(lagSeconds >= 59 && lagSeconds <= 61, "lag " + lagSeconds + " s");
        assertEquals(0.0, gauge(meters, "SUCCEEDED"), "a finished job is no longer tracked");

        // the submit-intent code counts submits whose answer never arrived
        assertEquals(0, meters.get("asyncjob.submits.unconfirmed").counter().count());
        context.getEndpoint("sateais:detections", AsyncJobEndpoint.class).getMetrics().submitUnconfirmed();
        assertEquals(1, meters.get("asyncjob.submits.unconfirmed").counter().count());
    }

    @Test
    void aRejectedStatusRequestIsCountedByItsOutcome() throws Exception {
        simulator = SateaisSimulator.builder().speed(0).start();
        MeterRegistry meters = new SimpleMeterRegistry();
        context = new DefaultCamelContext();
        context.getRegistry().bind("meters", meters);
        SimulatorSupport.connect(context, simulator).getConfiguration().setApiKey("sk_live_not_the_right_one");
        context.start();
        context.createProducerTemplate().send("sateais:status?operation=getJob",
                e -> e.getMessage().setHeader(SateaisConstants.JOB_ID, "job-1"));
        assertEquals(1, meters.get("asyncjob.status.requests").tag("outcome", "unauthorized").counter().count());
        assertEquals(1, meters.get("asyncjob.requests").tag("outcome", "unauthorized").timer().count());
    }

    /**
     * Several endpoints of one account (a consumer per route, producers) share its meters: Micrometer gets the tracked
     * jobs gauge once, so it never logs "This Gauge has been already registered" (at WARN the first time in a JVM, at
     * DEBUG after that: both are captured), and the one gauge counts the jobs of every endpoint.
     */
    @Test
    void theTrackedJobsGaugeIsRegisteredOncePerAccount() throws Exception {
        List<String> micrometerLog = captureMicrometerLog();
        simulator = SateaisSimulator.builder().speed(0).start();
        MeterRegistry meters = new SimpleMeterRegistry();
        context = new DefaultCamelContext();
        context.getRegistry().bind("meters", meters);
        SimulatorSupport.connect(context, simulator);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("sateais:jobs?delay=20&initialDelay=0").routeId("audit").to("mock:audit");
                from("sateais:jobs?delay=20&initialDelay=0&terminalOnly=true").routeId("results").to("mock:results");
                from("direct:detect").to("sateais:detections?detectionType=ship");
            }
        });
        context.start();
        context.createProducerTemplate().sendBody("direct:detect", SateaisTestSupport.shipRequest());
        context.createProducerTemplate().sendBody("sateais:other?detectionType=ship", SateaisTestSupport.shipRequest());

        await().until(() -> gauge(meters, "QUEUED") == 2.0);
        assertEquals(JobPhase.values().length, meters.find("asyncjob.jobs.tracked").gauges().size(),
                "one gauge per phase");
        assertTrue(micrometerLog.stream().noneMatch(line -> line.contains("already registered")),
                "Micrometer logged: " + micrometerLog);
    }

    /** Micrometer's own log lines, at every level. */
    private static List<String> captureMicrometerLog() {
        List<String> lines = new CopyOnWriteArrayList<>();
        AbstractAppender capture = new AbstractAppender("micrometer-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
        LoggerConfig logger = new LoggerConfig(MICROMETER_LOGGER, Level.TRACE, false);
        logger.addAppender(capture, Level.TRACE, null);
        logContext.getConfiguration().addLogger(MICROMETER_LOGGER, logger);
        logContext.updateLoggers();
        return lines;
    }

    private static double gauge(MeterRegistry meters, String phase) {
        return meters.get("asyncjob.jobs.tracked").tag("phase", phase).gauge().value();
    }
}
