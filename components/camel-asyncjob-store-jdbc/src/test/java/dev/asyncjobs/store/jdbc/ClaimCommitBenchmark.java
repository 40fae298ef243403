package dev.asyncjobs.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import com.zaxxer.hikari.HikariDataSource;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.engine.store.JobRecord.Cursor;

/**
 * Claim+commit throughput of the JDBC store with 1, 2 and 3 nodes on one PostgreSQL (not a unit test: a main).
 * <p>
 * Each node has its own connection pool and store and runs what a follower does per job: claim a batch of due jobs
 * (leased, SKIP LOCKED), then commit each with one compare-and-set (a group's position moved, the next poll timed,
 * the lease released). The jobs come due again a little later, so the run is a steady state over a table of
 * {@code jobs} rows. Prints jobs committed per second per node and in total, and the total as a ratio of one node's.
 * <p>
 * Run: {@code mvn -pl components/camel-asyncjob-store-jdbc -am -DskipTests -Dbenchmark=true package exec:java
 * [-Dexec.args="<jobs> <seconds per run> <batch> <rounds>"]}
 * (defaults: 50000 jobs, 10 s, batch 10, 3 rounds; each count of nodes reports its median round). On a real server,
 * nodes are separate machines; here they share the database's host, so the ratio shows contention in the store (none
 * should come from the claims themselves), not what more machines would add.
 */
public final class ClaimCommitBenchmark {

    private static final String ACCOUNT = "bench";

    private ClaimCommitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        Duration run = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String prefix = Postgres.freshPrefix();
        JdbcJobStore setup = new JdbcJobStore(Postgres.dataSource());
        setup.setTablePrefix(prefix);
        setup.open();
        try (Connection c = Postgres.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + prefix + "jobs"
                     + " (account, job_id, job_type, tracked_since, next_poll_at, version)"
                     + " SELECT ?, 'job-' || g, 'spiderSite', now(), now() - g * INTERVAL '1 ms', 1"
                     + " FROM generate_series(1, ?) g")) {
            ps.setString(1, ACCOUNT);
            ps.setInt(2, jobs);
            ps.executeUpdate();
            c.createStatement().execute("ANALYZE " + prefix + "jobs");
        }
        System.out.printf(Locale.ROOT, "%d jobs, %d s per run, claim batch %d, embedded PostgreSQL (fsync off)%n",
                jobs, run.toSeconds(), batch);

        measure(prefix, 1, run.dividedBy(2), batch); // warm-up (JIT, the database's caches), not reported
        // rounds of 1, 2, 3 nodes, interleaved so that a change of the machine's load hits every count alike
        List<List<double[]>> results = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int round = 0; round < rounds; round++) {
            for (int nodes = 1; nodes <= 3; nodes++) {
                results.get(nodes - 1).add(measure(prefix, nodes, run, batch));
            }
        }
        double one = 0;
        for (int nodes = 1; nodes <= 3; nodes++) {
            double[] median = median(results.get(nodes - 1));
            double total = 0;
            StringBuilder each = new StringBuilder();
            for (double n : median) {
                total += n;
                each.append(String.format(Locale.ROOT, " %.0f", n));
            }
            if (nodes == 1) {
                one = total;
            }
            System.out.printf(Locale.ROOT, "%d node(s): %.0f jobs/s in total (per node:%s), %.2fx one node%n",
                    nodes, total, each, total / one);
        }
        System.exit(0);
    }

    /** The round whose total is the median of the rounds'. */
    private static double[] median(List<double[]> rounds) {
        List<double[]> sorted = new ArrayList<>(rounds);
        sorted.sort(java.util.Comparator.comparingDouble(r -> java.util.Arrays.stream(r).sum()));
        return sorted.get(sorted.size() / 2);
    }

    /** Runs {@code nodes} nodes for {@code run}; returns the jobs each committed per second. */
    private static double[] measure(String prefix, int nodes, Duration run, int batch) throws Exception {
        List<HikariDataSource> pools = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(nodes);
        AtomicBoolean stop = new AtomicBoolean();
        List<LongAdder> committed = new ArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int n = 0; n < nodes; n++) {
                HikariDataSource pool = Postgres.pool(Postgres.jdbcUrl(), 2);
                pools.add(pool);
                JdbcJobStore store = new JdbcJobStore(pool);
                store.setTablePrefix(prefix);
                store.open();
                LongAdder count = new LongAdder();
                committed.add(count);
                String owner = "node-" + n;
                running.add(threads.submit(() -> follow(store, owner, batch, stop, count)));
            }
            Thread.sleep(run.toMillis()); // a benchmark's measuring window, not a test's wait
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
            pools.forEach(HikariDataSource::close);
        }
        double[] out = new double[nodes];
        for (int n = 0; n < nodes; n++) {
            out[n] = committed.get(n).sum() / (double) run.toSeconds();
        }
        return out;
    }

    /** What a follower does per job, minus the status request: claim, then commit each claimed job. */
    private static void follow(JdbcJobStore store, String owner, int batch, AtomicBoolean stop, LongAdder count) {
        while (!stop.get()) {
            Instant now = Instant.now();
            List<JobRecord> claimed = store.claimDue(ACCOUNT, now, batch, owner, now.plusSeconds(30));
            for (JobRecord r : claimed) {
                JobRecord next = r.withCursor("audit", new Cursor("processing", null))
                        .withSchedule(now.plusSeconds(5), 0, 0).withLastPolledAt(now).released();
                if (store.update(next, true).isPresent()) {
                    count.increment();
                }
            }
        }
    }
}
