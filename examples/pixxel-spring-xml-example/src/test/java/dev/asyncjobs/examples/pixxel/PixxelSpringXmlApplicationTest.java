package dev.asyncjobs.examples.pixxel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the example's main routine (Spring XML routes) against the in-process simulator. */
class PixxelSpringXmlApplicationTest {

    @AfterEach
    void clear() {
        System.clearProperty("pixxel.download-directory");
        System.clearProperty("pixxel.poll-interval");
    }

    @Test
    void createsTheJobFollowsEveryTaskAndDownloadsTheOutput(@TempDir Path outputs) throws Exception {
        System.setProperty("pixxel.download-directory", outputs.toString());

        PixxelSpringXmlApplication.Outcome outcome = PixxelSpringXmlApplication.run(null, Duration.ofMinutes(1));

        assertEquals("completed", outcome.finalStatus());
        // <property name="pollInterval" value="${pixxel.poll-interval}"/> with "100ms", and so on: text became the
        // components' Duration options
        assertEquals(Duration.ofMillis(100), outcome.pollInterval());
        assertEquals(Duration.ofMillis(200), outcome.downloadPollInterval());
        String last = outcome.transitions().get(outcome.transitions().size() - 1);
        assertEquals("running -> completed: data-ingestion completed 100%, atmospheric-correction completed 100%,"
                     + " ndvi-index completed 100%", last);
        assertTrue(outcome.transitions().size() >= 3, "progress steps were emitted too: " + outcome.transitions());
        assertTrue(outcome.transitions().stream().anyMatch(t -> t.startsWith("running -> running")
                && t.contains("atmospheric-correction running")), "a task's run was reported: " + outcome.transitions());

        assertNotNull(outcome.output(), "the output was downloaded");
        Path file = outcome.output().toPath();
        assertEquals(outputs.toRealPath(), file.getParent().toRealPath());
        assertTrue(file.getFileName().toString().endsWith(".zip"), file.toString());
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            assertTrue(zip.getNextEntry().getName().endsWith(".tif"), "the simulator's archive, streamed whole");
        }
    }

    @Test
    void aDurationThatIsNoDurationStopsTheStartNamingTheProperty() {
        System.setProperty("pixxel.poll-interval", "-5m");

        Exception e = assertThrows(Exception.class,
                () -> PixxelSpringXmlApplication.run(null, Duration.ofMinutes(1)));

        String messages = causes(e);
        assertTrue(messages.contains("'pollInterval'") && messages.contains("'-5m'")
                && messages.contains("1m30s"), messages);
    }

    private static String causes(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
