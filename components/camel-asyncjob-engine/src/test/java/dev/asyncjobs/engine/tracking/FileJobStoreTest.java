package dev.asyncjobs.engine.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.asyncjobs.engine.JobRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileJobStoreTest {

    private static final Instant SINCE = Instant.parse("2025-03-01T10:00:00.123Z");

    @TempDir
    Path dir;

    private final TrackedJob building = new TrackedJob(
            new JobRef("j-1", "building", Map.of("workflowId", "wf-7", "region", "eu")), "RUNNING", "progress=40",
            SINCE);
    private final TrackedJob plain = new TrackedJob(JobRef.of("j-2"), null, null, SINCE.plusSeconds(60));

    @Test
    void roundTripThroughTheFile() {
        Path file = dir.resolve("jobs.json");
        FileJobStore store = new FileJobStore(file);

        store.put(building);
        store.put(plain);

        assertTrue(Files.isRegularFile(file));
        assertEquals(Set.of(building, plain), Set.copyOf(store.loadAll()));
        assertEquals(Set.of(building, plain), Set.copyOf(new FileJobStore(file).loadAll()),
                "a new instance (a restart) reads the same jobs back");
    }

    @Test
    void putReplacesAJobWithTheSameId() {
        Path file = dir.resolve("jobs.json");
        FileJobStore store = new FileJobStore(file);
        store.put(building);

        store.put(building.committed("SUCCEEDED", null));

        List<TrackedJob> reread = List.copyOf(new FileJobStore(file).loadAll());
        assertEquals(1, reread.size());
        assertEquals("SUCCEEDED", reread.get(0).lastStatus());
        assertEquals(building.ref(), reread.get(0).ref());
        assertEquals(SINCE, reread.get(0).trackedSince());
    }

    @Test
    void removeSurvivesARestart() {
        Path file = dir.resolve("jobs.json");
        FileJobStore store = new FileJobStore(file);
        store.put(building);
        store.put(plain);

        store.remove("j-1");
        store.remove("not-there");

        assertEquals(List.of(plain), List.copyOf(store.loadAll()));
        assertEquals(List.of(plain), List.copyOf(new FileJobStore(file).loadAll()));
    }

    @Test
    void aMissingFileIsAnEmptyStoreAndIsOnlyCreatedOnTheFirstWrite() {
        Path file = dir.resolve("state").resolve("tracking").resolve("jobs.json");

        FileJobStore store = new FileJobStore(file);
        assertTrue(store.loadAll().isEmpty());
        store.remove("nothing");
        assertFalse(Files.exists(file), "no write without a change");

        store.put(plain);
        assertTrue(Files.isRegularFile(file), "parent folders are created");
        assertEquals(file.toAbsolutePath(), store.file());
    }

    @Test
    void aCorruptFileGivesAClearErrorNamingIt() throws IOException {
        Path file = dir.resolve("jobs.json");
        Files.writeString(file, "[{\"ref\": {\"jobId\": \"j-1\"}, ");

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new FileJobStore(file));

        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("job tracking file"), e.getMessage());
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws IOException {
        Path file = dir.resolve("jobs.json");
        FileJobStore store = new FileJobStore(file);
        for (int i = 0; i < 20; i++) {
            store.put(new TrackedJob(JobRef.of("j-" + i), "QUEUED", null, SINCE));
        }
        for (int i = 0; i < 20; i += 2) {
            store.remove("j-" + i);
        }

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file.getFileName().toString()),
                    files.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(10, new FileJobStore(file).loadAll().size());
    }

    @Test
    void theFileIsReadableJson() throws IOException {
        Path file = dir.resolve("jobs.json");
        new FileJobStore(file).put(building);

        String json = Files.readString(file);

        assertTrue(json.contains("\"j-1\""), json);
        assertTrue(json.contains("2025-03-01T10:00:00.123Z"), "instants are written as ISO text: " + json);
    }
}
