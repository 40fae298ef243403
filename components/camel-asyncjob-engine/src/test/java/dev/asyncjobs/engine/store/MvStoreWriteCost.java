package dev.asyncjobs.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import dev.asyncjobs.engine.spi.JobRef;

/**
 * Measures what one write costs in {@link MvStoreJobStore} with few and with many followed jobs, to show it does not
 * grow with the number of jobs (the "write cost per transition is flat from 1,000 to 100,000"). Not a unit
 * test: timings depend on the disk and the machine's load; run it on a quiet machine.
 * <p>
 * Usage: {@code MvStoreWriteCost [dir] [sizes...]} (defaults: a temporary directory, 1000 100000). For each size it
 * seeds a store with that many jobs, then times
 * <ul>
 * <li>durable updates, as a transition commits a group's cursor ({@code update(record, true)}: commit and disk sync);
 * </li>
 * <li>schedule-only updates ({@code update(record, false)}: no sync);</li>
 * <li>durable updates from 8 threads at once, as writes per second (one disk sync covers the waiting writers).</li>
 * </ul>
 * and prints the median and mean microseconds per write, and the ratio of the largest size to the smallest.
 */
public final class MvStoreWriteCost {

    private static final String ACCOUNT = "3f9a8c7d2b1e4f60";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int DURABLE_OPS = 1_000;
    private static final int SCHEDULE_OPS = 20_000;
    private static final int THREADS = 8;

    private MvStoreWriteCost() {
    }

    /** Median and mean microseconds of one durable and one schedule-only write, at one size. */
    public record Result(int jobs, double durableMedianUs, double durableMeanUs, double scheduleMedianUs,
            double scheduleMeanUs, double concurrentDurablePerSecond, long fileBytes) {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("mvstore-write-cost");
        int[] sizes = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] { 1_000, 100_000 };
        List<Result> results = new ArrayList<>();
        for (int n : sizes) {
            Result r = measure(dir.resolve("jobs-" + n + ".mv.db"), n);
            results.add(r);
            System.out.printf("%,d jobs: durable write median %.0f us (mean %.0f), schedule write median %.1f us"
                              + " (mean %.1f), durable writes from %d threads %.0f/s; file while open %,d bytes%n",
                    r.jobs(), r.durableMedianUs(), r.durableMeanUs(), r.scheduleMedianUs(), r.scheduleMeanUs(),
                    THREADS, r.concurrentDurablePerSecond(), r.fileBytes());
        }
        Result small = results.get(0);
        Result large = results.get(results.size() - 1);
        System.out.printf("ratio %,d / %,d jobs: durable %.2f, schedule %.2f (medians)%n", large.jobs(), small.jobs(),
                large.durableMedianUs() / small.durableMedianUs(),
                large.scheduleMedianUs() / small.scheduleMedianUs());
        if (args.length == 0) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Seeds a store file with {@code jobs} jobs and times writes to random ones. */
    public static Result measure(Path file, int jobs) throws IOException {
        Files.deleteIfExists(file);
        List<JobRecord> seed = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            seed.add(JobRecord.track(ACCOUNT, new JobRef(String.format("job-%08d", i), "ship-detection",
                    java.util.Map.of("workflow", "wf-1")), new JobRecord.Cursor("PENDING", null), T0,
                    T0.plusSeconds(i % 3600), null));
        }
        MvStoreJobStore.seed(file, seed);
        seed = null;
        MvStoreJobStore store = new MvStoreJobStore(file);
        store.open();
        try {
            Random random = new Random(7);
            timeWrites(store, random, 100, true); // warm up
            long[] durable = timeWrites(store, random, DURABLE_OPS, true);
            timeWrites(store, random, 1_000, false);
            long[] schedule = timeWrites(store, random, SCHEDULE_OPS, false);
            double concurrent = concurrentDurable(store);
            return new Result(jobs, median(durable), mean(durable), median(schedule), mean(schedule), concurrent,
                    Files.size(file));
        } finally {
            store.close();
        }
    }

    private static long[] timeWrites(MvStoreJobStore store, Random random, int ops, boolean durable) {
        int jobs = store.count(ACCOUNT);
        long[] nanos = new long[ops];
        for (int i = 0; i < ops; i++) {
            String id = String.format("job-%08d", random.nextInt(jobs));
            JobRecord r = store.find(ACCOUNT, id).orElseThrow();
            JobRecord next = durable
                    ? r.withCursor("route-1", new JobRecord.Cursor("RUNNING", i + "%"))
                    : r.withSchedule(r.nextPollAt().plusSeconds(3), 0, 0).withLastPolledAt(T0.plusSeconds(i));
            long t = System.nanoTime();
            store.update(next, durable).orElseThrow();
            nanos[i] = System.nanoTime() - t;
        }
        return nanos;
    }

    /** Durable writes per second from {@link #THREADS} threads, each updating its own random jobs. */
    private static double concurrentDurable(MvStoreJobStore store) {
        int perThread = DURABLE_OPS / THREADS * 2;
        Thread[] threads = new Thread[THREADS];
        long t = System.nanoTime();
        for (int i = 0; i < THREADS; i++) {
            Random random = new Random(100 + i);
            threads[i] = new Thread(() -> {
                for (int k = 0; k < perThread; k++) {
                    // a CAS may lose to another thread on the same job: retry with the fresh copy
                    while (true) {
                        String id = String.format("job-%08d", random.nextInt(store.count(ACCOUNT)));
                        JobRecord r = store.find(ACCOUNT, id).orElseThrow();
                        if (store.update(r.withCursor("route-2", new JobRecord.Cursor("RUNNING", k + "%")), true)
                                .isPresent()) {
                            break;
                        }
                    }
                }
            });
            threads[i].start();
        }
        for (Thread th : threads) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return perThread * (double) THREADS / ((System.nanoTime() - t) / 1e9);
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1_000.0;
    }

    private static double mean(long[] nanos) {
        return Arrays.stream(nanos).average().orElse(0) / 1_000.0;
    }
}
