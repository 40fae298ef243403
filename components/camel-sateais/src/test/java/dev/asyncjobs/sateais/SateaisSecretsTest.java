package dev.asyncjobs.sateais;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import org.apache.camel.builder.RouteBuilder;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the key configured on the component (the documented way: a property placeholder or vault reference, never
 * written into an endpoint URI, which Camel itself prints at DEBUG), it appears in no log line of the components or
 * of Camel at any level, whatever goes wrong.
 */
class SateaisSecretsTest extends SateaisTestSupport {

    private static final String WRONG_KEY = "sk_live_wrong_key_that_must_never_be_logged";

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private AbstractAppender capture;
    private final List<LoggerConfig> replaced = new CopyOnWriteArrayList<>();

    private void captureAllLogging() {
        LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
        Configuration config = logContext.getConfiguration();
        capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
                for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t);
                }
                logged.add(line.toString());
            }
        };
        capture.start();
        for (String name : List.of("dev.asyncjobs", "org.apache.camel")) {
            // addLogger keeps an existing config of that name (log4j2-test.xml has one): swap it out, restore it later
            LoggerConfig original = config.getLoggers().get(name);
            if (original != null) {
                replaced.add(original);
                config.removeLogger(name);
            }
            LoggerConfig logger = new LoggerConfig(name, Level.TRACE, false);
            logger.addAppender(capture, Level.TRACE, null);
            config.addLogger(name, logger);
        }
        logContext.updateLoggers();
    }

    @AfterEach
    void restoreLogging() {
        LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
        logContext.getConfiguration().removeLogger("dev.asyncjobs");
        logContext.getConfiguration().removeLogger("org.apache.camel");
        replaced.forEach(original -> logContext.getConfiguration().addLogger(original.getName(), original));
        logContext.updateLoggers();
        if (capture != null) {
            capture.stop();
        }
    }

    private String dump() {
        return "captured log lines:\n" + String.join("\n", logged);
    }

    @Test
    void noKeyInAnyLogLineThroughRejectionsRateLimitsAndFailingRoutes() throws Exception {
        captureAllLogging();
        String watched = simulator.createJob("ship");
        // a second account with a key the API rejects, configured like the first: on a component
        SateaisComponent rejectedAccount = new SateaisComponent();
        rejectedAccount.getConfiguration().setApiKey(WRONG_KEY);
        rejectedAccount.getConfiguration().setBaseUrl(simulator.baseUrl());
        context.addComponent("sateais-rejected", rejectedAccount);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("sateais-rejected:jobs?" + FAST + "&jobId=" + watched).routeId("rejected")
                        .to("log:rejected?showAll=true");
                from("sateais:jobs?" + FAST).routeId("failing")
                        .to("log:transition?showAll=true")
                        .throwException(new IllegalStateException("route failure"));
            }
        });
        context.start();
        simulator.faults().next(1, "POST", ".*").rateLimited(Duration.ofSeconds(1));

        template.send("sateais:detections?detectionType=ship&waitForCompletion=true&waitTimeout=200&firstPollDelay=0&pollInterval=50",
                e -> e.getMessage().setBody(shipRequest()));
        String jobId = template.requestBodyAndHeader("sateais:detections?detectionType=ship", shipRequest(),
                AsyncJobConstants.JOB_TYPE, "ship", dev.asyncjobs.sateais.api.SateaisJob.class).jobId();
        toProcessing();
        // the rejection itself is logged (a bare "401" would also match an id or a port by chance)
        await().untilAsserted(() -> assertTrue(logged.stream()
                .anyMatch(l -> l.contains("rejected the API key") && l.contains("401")), this::dump));
        await().untilAsserted(() -> assertTrue(
                logged.stream().anyMatch(l -> l.contains("route failure") && l.contains(jobId)), this::dump));

        assertTrue(logged.size() > 20, "logging was captured at TRACE");
        for (String line : logged) {
            assertFalse(line.contains(WRONG_KEY), line);
            assertFalse(line.contains(simulator.apiKey()), line);
        }
    }
}
