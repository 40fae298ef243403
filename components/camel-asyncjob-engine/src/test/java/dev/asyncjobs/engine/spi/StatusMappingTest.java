package dev.asyncjobs.engine.spi;

import java.util.ArrayList;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusMappingTest {

    private final StatusMapping mapping = StatusMapping.of("Acme")
            .map("queued", JobPhase.QUEUED)
            .map("Running", JobPhase.RUNNING)
            .map("AWAITING_UPLOAD", JobPhase.WAITING_FOR_USER)
            .map("DONE", JobPhase.SUCCEEDED)
            .map("partial", JobPhase.PARTIALLY_SUCCEEDED)
            .map("failed", JobPhase.FAILED)
            .build();

    @ParameterizedTest
    @CsvSource({
            "queued, QUEUED", "QUEUED, QUEUED", "Queued, QUEUED",
            "running, RUNNING", "RUNNING, RUNNING", "Running, RUNNING",
            "awaiting_upload, WAITING_FOR_USER", "Awaiting_Upload, WAITING_FOR_USER",
            "done, SUCCEEDED", "DONE, SUCCEEDED",
            "PARTIAL, PARTIALLY_SUCCEEDED",
            "Failed, FAILED" })
    void documentedStatusesMapCaseInsensitively(String status, JobPhase expected) {
        assertEquals(expected, mapping.phaseOf(status));
    }

    @Test
    void unknownStatusIsUnknownAndNotTerminal() {
        JobPhase phase = mapping.phaseOf("REFINING");

        assertEquals(JobPhase.UNKNOWN, phase);
        assertFalse(phase.isTerminal(), "an undocumented status must not end tracking");
        assertFalse(phase.hasResult());
    }

    @Test
    void nullStatusIsUnknown() {
        assertEquals(JobPhase.UNKNOWN, mapping.phaseOf(null));
    }

    @Test
    void snapshotKeepsTheVendorStatusVerbatim() {
        JobSnapshot unknown = JobSnapshot.builder("j-1", "Refining", mapping).build();
        JobSnapshot done = JobSnapshot.builder("j-2", "Done", mapping).build();

        assertEquals("Refining", unknown.status());
        assertEquals(JobPhase.UNKNOWN, unknown.phase());
        assertFalse(unknown.terminal());
        assertEquals("Done", done.status());
        assertTrue(done.terminal());
    }

    @Test
    void documentedListsTheStatusesInDeclarationOrder() {
        assertEquals(List.of("queued", "running", "awaiting_upload", "done", "partial", "failed"),
                List.copyOf(mapping.documented().keySet()));
        assertEquals(JobPhase.SUCCEEDED, mapping.documented().get("done"));
    }

    @Test
    void unknownStatusIsLoggedOnce() {
        StatusMapping fresh = StatusMapping.of("Acme").map("done", JobPhase.SUCCEEDED).build();
        LoggerContext context = LoggerContext.getContext(false);
        LoggerConfig root = context.getConfiguration().getRootLogger();
        RecordingAppender appender = new RecordingAppender();
        appender.start();
        root.addAppender(appender, Level.WARN, null);
        context.updateLoggers();
        try {
            fresh.phaseOf("REFINING");
            fresh.phaseOf("REFINING");
            fresh.phaseOf("REFINING");
            fresh.phaseOf("done");
        } finally {
            root.removeAppender(appender.getName());
            context.updateLoggers();
            appender.stop();
        }

        List<LogEvent> warnings = appender.events.stream()
                .filter(e -> e.getLevel() == Level.WARN && StatusMapping.class.getName().equals(e.getLoggerName()))
                .toList();
        assertEquals(1, warnings.size(), "one warning per undocumented status, got " + appender.events);
        String message = warnings.get(0).getMessage().getFormattedMessage();
        assertTrue(message.contains("REFINING") && message.contains("Acme"), message);
    }

    private static final class RecordingAppender extends AbstractAppender {
        final List<LogEvent> events = new ArrayList<>();

        RecordingAppender() {
            super("status-mapping-test", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public synchronized void append(LogEvent event) {
            events.add(event.toImmutable());
        }
    }
}
