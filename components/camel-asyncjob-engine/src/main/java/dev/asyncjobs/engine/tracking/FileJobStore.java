package dev.asyncjobs.engine.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Keeps tracked jobs in a JSON file, rewritten atomically (write to a temporary file, then rename) on every change, so
 * a crash mid-write never leaves a half-written file behind. Writes happen only when a job is added, emits a
 * transition, or leaves tracking: not on every poll.
 */
public final class FileJobStore implements LegacyJobStore {

    private static final TypeReference<List<TrackedJob>> LIST = new TypeReference<>() {
    };

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, TrackedJob> jobs = new LinkedHashMap<>();

    /** Opens (or creates on first write) the store at the given file, reading the jobs it already holds. */
    public FileJobStore(Path file) {
        this.file = file.toAbsolutePath();
        if (Files.exists(this.file)) {
            try {
                for (TrackedJob job : mapper.readValue(this.file.toFile(), LIST)) {
                    jobs.put(job.jobId(), job);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the job tracking file " + this.file
                        + "; fix or remove it (it is JSON)", e);
            }
        }
    }

    /** The file this store writes. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized void put(TrackedJob job) {
        jobs.put(job.jobId(), job);
        write();
    }

    @Override
    public synchronized void remove(String jobId) {
        if (jobs.remove(jobId) != null) {
            write();
        }
    }

    @Override
    public synchronized Collection<TrackedJob> loadAll() {
        return List.copyOf(jobs.values());
    }

    private void write() {
        try {
            Path dir = file.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            mapper.writeValue(tmp.toFile(), new ArrayList<>(jobs.values()));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the job tracking file " + file, e);
        }
    }
}
