package dev.asyncjobs.examples.plangrep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlangrepYamlApplicationTest {

    @TempDir
    Path outbox;

    @Test
    void createsUploadsFollowsByWebhookAndSavesTheResult() throws Exception {
        System.setProperty("example.outbox", outbox.toString());
        System.setProperty("example.simulator-speed", "20");
        try {
            Path written = PlangrepYamlApplication.run();
            assertEquals(outbox.toAbsolutePath(), written);
        } finally {
            System.clearProperty("example.outbox");
            System.clearProperty("example.simulator-speed");
        }
        List<Path> results;
        try (Stream<Path> files = Files.list(outbox)) {
            results = files.toList();
        }
        assertEquals(1, results.size(), results.toString());
        assertTrue(results.get(0).getFileName().toString().matches("job_[0-9a-z]{26}\\.json"), results.toString());
        String result = Files.readString(results.get(0));
        assertTrue(result.contains("\"schemaVersion\":\"v1\""), result);
        assertTrue(result.contains("\"fileName\":\"sample-plan.pdf\""), result);
        assertTrue(result.contains("\"pageCount\":2"), "the two pages of the shipped PDF were processed: " + result);
    }
}
