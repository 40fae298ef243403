package dev.asyncjobs.benchmarks;

import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.engine.store.JobStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * S8, issue 8's first figure, as a JMH benchmark: the cost of committing one transition (find the record, move a
 * consumer group's cursor, a durable compare-and-set update) with {@link #jobs} records tracked. {@link BenchmarkMain}
 * runs it for 1,000, 10,000 and 100,000 jobs and reports each as a ratio against the smallest. The store is
 * {@link #store}: a {@link JobStore} class with a no-argument constructor, or one taking the {@link Path} of a fresh
 * file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreTransitionBenchmark {

    static final String ACCOUNT = "bench-account";

    @Param({ "1000", "10000", "100000" })
    public int jobs;

    @Param("dev.asyncjobs.engine.store.InMemoryJobStore")
    public String store;

    private JobStore jobStore;
    private SplittableRandom random;
    private long transitions;

    @Setup(Level.Trial)
    public void fill() throws Exception {
        jobStore = newStore(store);
        jobStore.open();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < jobs; i++) {
            jobStore.insert(JobRecord.track(ACCOUNT, JobRef.of(id(i), "ship"), new JobRecord.Cursor("pending", null),
                    now, now, null));
        }
        random = new SplittableRandom(jobs);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        jobStore.close();
    }

    /** One transition of a job picked at random: the cursor moves, written durably. */
    @Benchmark
    public JobRecord transition() {
        String id = id(random.nextInt(jobs));
        JobRecord r = jobStore.find(ACCOUNT, id).orElseThrow();
        return jobStore.update(r.withCursor("route-1", new JobRecord.Cursor("processing-" + transitions++, null)), true)
                .orElseThrow(() -> new IllegalStateException("a single writer lost a compare-and-set on " + id));
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
