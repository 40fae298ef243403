package dev.asyncjobs.benchmarks;

import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

import dev.asyncjobs.engine.JobRef;
import dev.asyncjobs.engine.tracking.JobRecord;
import dev.asyncjobs.engine.tracking.JobStore;

/**
 * Issue 8's first figure: the cost of committing one transition (find the record, move a consumer group's cursor,
 * a durable compare-and-set update) with 1,000 to 100,000 jobs tracked, as a ratio against the smallest size. The
 * store is named by {@code bench.store} (a {@link JobStore} class with a no-argument constructor, or one taking the
 * {@link Path} of a fresh file), default the in-memory store.
 */
final class StoreBenchmark {

    static final String ACCOUNT = "bench-account";

    private StoreBenchmark() {
    }

    /** Nanoseconds per transition with {@code jobs} records in a fresh store. */
    static double nanosPerTransition(String storeClass, int jobs, int transitions) throws Exception {
        try (JobStore store = newStore(storeClass)) {
            store.open();
            Instant now = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < jobs; i++) {
                store.insert(JobRecord.track(ACCOUNT, JobRef.of(id(i), "ship"), new JobRecord.Cursor("pending", null),
                        now, now, null));
            }
            Random random = new Random(jobs);
            // warm-up, then the measured transitions
            run(store, jobs, transitions / 4, random);
            long t0 = System.nanoTime();
            run(store, jobs, transitions, random);
            return (System.nanoTime() - t0) / (double) transitions;
        }
    }

    private static void run(JobStore store, int jobs, int transitions, Random random) {
        for (int k = 0; k < transitions; k++) {
            String id = id(random.nextInt(jobs));
            JobRecord r = store.find(ACCOUNT, id).orElseThrow();
            if (store.update(r.withCursor("route-1", new JobRecord.Cursor("processing-" + k, null)), true).isEmpty()) {
                throw new IllegalStateException("a single writer lost a compare-and-set on " + id);
            }
        }
    }

    private static String id(int i) {
        return "job_" + i;
    }

    private static JobStore newStore(String storeClass) throws Exception {
        Class<?> type = Class.forName(storeClass);
        for (Constructor<?> c : type.getConstructors()) {
            if (c.getParameterCount() == 0) {
                return (JobStore) c.newInstance();
            }
            if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Path.class) {
                Path dir = Files.createTempDirectory("bench-store");
                return (JobStore) c.newInstance(dir.resolve("jobs.db"));
            }
        }
        throw new IllegalArgumentException("bench.store=" + storeClass
                + " has neither a no-argument constructor nor one taking a Path");
    }
}
