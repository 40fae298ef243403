package dev.asyncjobs.examples.sateais;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.asyncjobs.engine.store.MvStoreJobStore;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README command 1, as a test: the example runs against the in-process simulator and ends with a GeoJSON file. */
class ShipDetectionApplicationTest {

    @TempDir
    Path workDir;

    @AfterEach
    void clearProperties() {
        System.clearProperty("example.work-dir");
        System.clearProperty("sateais.api-key");
        System.clearProperty("sateais.base-url");
    }

    @Test
    void endsWithTheErrorWhenTheSubmitFails() throws Exception {
        System.setProperty("example.work-dir", workDir.toString());
        System.setProperty("sateais.api-key", "sk_live_example_key");
        // nothing listens there: the submit fails at once (and no real API is called)
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        System.setProperty("sateais.base-url", "http://127.0.0.1:" + closedPort);

        long start = System.nanoTime();
        IllegalStateException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> ShipDetectionApplication.main(new String[0]));

        assertTrue(error.getMessage().contains("could not be submitted"), error.getMessage());
        assertTrue(java.time.Duration.ofNanos(System.nanoTime() - start).toSeconds() < 60, "it ended, not idled");
        assertTrue(!error.getMessage().contains("sk_live_example_key"), "the key is never shown");
    }

    @Test
    void detectsShipsAndWritesTheResultThenExits() throws Exception {
        System.setProperty("example.work-dir", workDir.toString());

        ShipDetectionApplication.main(new String[0]);

        List<Path> results;
        try (Stream<Path> files = Files.list(workDir.resolve("results"))) {
            results = files.toList();
        }
        assertEquals(1, results.size());
        String geojson = Files.readString(results.get(0));
        assertTrue(geojson.contains("\"FeatureCollection\""), geojson);
        String jobId = results.get(0).getFileName().toString().replace(".geojson", "");
        try (MvStoreJobStore store = new MvStoreJobStore(workDir.resolve("sateais-jobs.db"))) {
            store.open(); // the application stopped and released the file
            assertEquals(0, store.totalCount(), "the finished job " + jobId + " left the tracking file");
        }
    }
}
