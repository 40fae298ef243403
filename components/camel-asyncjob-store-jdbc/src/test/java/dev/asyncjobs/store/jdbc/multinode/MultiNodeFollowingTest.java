package dev.asyncjobs.store.jdbc.multinode;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.store.jdbc.JdbcJobStore;
import dev.asyncjobs.store.jdbc.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.asyncjobs.store.jdbc.multinode.JvmProcesses.awaitLine;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several JVM processes run the same route on one PostgreSQL and one simulator process, as replicas of an integration
 * do: every job is followed to its end with nothing lost, and the only repeated deliveries are those of exchanges in
 * flight on a node killed with kill -9, each marked redelivered; and the nodes, each given the API key's whole request
 * budget, share it through the database and together never exceed it.
 * <p>
 * Quick by default (a few hundred jobs, scaled windows); {@code -Dmultinode.full=true} follows 1,000 jobs per run.
 */
class MultiNodeFollowingTest {

    private static final Logger LOG = LoggerFactory.getLogger(MultiNodeFollowingTest.class);
    private static final boolean FULL = Boolean.getBoolean("multinode.full");

    /**
     * The vendor's per-key budget: SpiderIQ's 100 requests per minute, 30 times faster. Every node is configured with
     * all of it and the nodes share it through the database, so that together they stay within it.
     */
    private static final int BUDGET = 100;
    private static final long WINDOW_MS = 2000;

    private final List<Process> processes = new ArrayList<>();
    private final Path logs = Path.of("target", "multinode");

    @AfterEach
    void stopEverything() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void threeNodesOneKilledLoseNothingAndRepeatOnlyWhatWasInFlight() throws Exception {
        // a route of 1 s: the kill lands inside an exchange even on a loaded machine
        Run run = start("kill", 3, FULL ? 1000 : 150, Duration.ofSeconds(4), Duration.ofSeconds(1));
        Node victim = run.nodes.get(1);

        run.awaitSubmitted();
        awaitDelivered(run, run.jobs.size() * 3 / 10);
        // kill it in the middle of an exchange: its route's side effect done, the delivery not acknowledged yet
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(10)).until(() -> count(
                "SELECT COUNT(*) FROM " + run.prefix + "deliveries d JOIN " + run.prefix + "jobs j"
                        + " ON j.job_id = d.job_id WHERE d.node = '" + victim.name + "' AND j.lease_owner = '"
                        + victim.id + "' AND d.at > clock_timestamp() - INTERVAL '100 milliseconds'") > 0);
        Set<String> inFlight = leasedBy(run, victim.id);
        victim.process.destroyForcibly(); // kill -9: no goodbye, its leases stay until they expire
        victim.process.waitFor(30, TimeUnit.SECONDS);
        Set<String> stillHeld = leasedBy(run, victim.id);
        inFlight.addAll(stillHeld);
        // delivered by the victim (side effect done) and still held by it after its death: not acknowledged
        Set<String> halfDone = new HashSet<>(stillHeld);
        halfDone.retainAll(deliveries(run).byJob.keySet());
        LOG.info("killed {} holding {} jobs", victim.name, inFlight.size());

        awaitAllDelivered(run);
        Deliveries d = deliveries(run);
        run.stopNodes();
        long[] stats = run.simulatorStats();

        Set<String> lost = new HashSet<>(run.jobs);
        lost.removeAll(d.byJob.keySet());
        assertEquals(Set.of(), lost, "jobs never delivered");
        Set<String> repeated = new HashSet<>();
        d.byJob.forEach((job, list) -> {
            if (list.size() > 1) {
                repeated.add(job);
                for (Delivery again : list.subList(1, list.size())) {
                    assertTrue(again.redelivered, "a repeat must be marked redelivered: " + list);
                }
            }
        });
        LOG.info("{} jobs, {} deliveries, {} repeated, {} in flight at the kill, {} marked redelivered",
                run.jobs.size(), d.total, repeated.size(), inFlight.size(), d.redelivered);
        assertTrue(!halfDone.isEmpty(), "the kill landed inside an exchange");
        assertTrue(repeated.containsAll(halfDone), "an exchange half done at the kill is delivered again: "
                + halfDone + ", repeated " + repeated);
        assertTrue(inFlight.containsAll(repeated),
                "only jobs in flight on the killed node may be repeated; repeated " + repeated + ", in flight "
                        + inFlight);
        assertTrue(d.byJob.values().stream().allMatch(l -> l.stream().allMatch(x -> !x.redelivered
                || inFlight.contains(x.jobId))), "only jobs the killed node held are marked redelivered");
        assertBudgetKept(run, stats);
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void twoNodesNeitherKilledDeliverEveryJobExactlyOnce() throws Exception {
        Run run = start("pair", 2, FULL ? 1000 : 100, Duration.ofSeconds(30), Duration.ofMillis(300));

        run.awaitSubmitted();
        awaitAllDelivered(run);
        Deliveries d = deliveries(run);
        run.stopNodes();
        long[] stats = run.simulatorStats();

        assertEquals(run.jobs.size(), d.byJob.size(), "every job delivered");
        assertEquals(run.jobs.size(), d.total, "no job delivered twice");
        assertEquals(0, d.redelivered, "nothing marked redelivered");
        assertTrue(d.nodes.size() == 2, "both nodes took part: " + d.nodes);
        assertBudgetKept(run, stats);
    }

    /**
     * What the simulator counted of the requests of all nodes together: none refused, and no window (the vendor's
     * fixed ones, or any sliding one of the same length) with more than the budget, which every node was given whole.
     */
    private static void assertBudgetKept(Run run, long[] stats) throws Exception {
        int sharers = count("SELECT COUNT(DISTINCT taken_by) FROM " + run.prefix + "budget_slots");
        LOG.info("simulator: {} requests, {} refused, most in a window {}, in a sliding window {} (budget {} per {} ms,"
                + " its rows last taken by {} nodes)", stats[0], stats[1], stats[2], stats[3], BUDGET, WINDOW_MS, sharers);
        assertEquals(0, stats[1], "requests refused with 429");
        assertTrue(stats[2] <= BUDGET, "most requests of all nodes in one window: " + stats[2]);
        assertTrue(stats[3] <= BUDGET, "most requests of all nodes in any sliding window: " + stats[3]);
        assertTrue(sharers >= 2, "the nodes took their requests from the one shared budget: " + sharers);
    }

    // ---------------------------------------------------------------- the run

    private final class Run {
        final String prefix = Postgres.freshPrefix();
        final List<Node> nodes = new ArrayList<>();
        final List<String> jobs = new ArrayList<>();
        final int jobCount;
        Process simulator;
        Writer simulatorIn;
        Path simulatorLog;
        String baseUrl;
        String apiKey;

        Run(int jobCount) {
            this.jobCount = jobCount;
        }

        /** The nodes submit the jobs themselves (each its share), as replicas running the same routes do. */
        void awaitSubmitted() throws Exception {
            await().atMost(Duration.ofMinutes(FULL ? 10 : 2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> count("SELECT COUNT(*) FROM " + prefix + "submitted") >= jobCount);
            try (Connection c = Postgres.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT job_id FROM " + prefix + "submitted")) {
                while (rs.next()) {
                    jobs.add(rs.getString(1));
                }
            }
            assertEquals(jobCount, new HashSet<>(jobs).size(), "every submit created its own job");
        }

        void stopNodes() throws Exception {
            for (Node n : nodes) {
                if (n.process.isAlive()) {
                    n.stdin.write("STOP\n");
                    n.stdin.flush();
                }
            }
            for (Node n : nodes) {
                assertTrue(n.process.waitFor(60, TimeUnit.SECONDS), n.name + " stops when asked");
            }
        }

        long[] simulatorStats() throws Exception {
            simulatorIn.write("STATS\n");
            simulatorIn.flush();
            String line = awaitLine(simulatorLog, "STATS ", simulator);
            String[] f = line.split(" ");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])};
        }
    }

    private record Node(String name, String id, Process process, Writer stdin) {
    }

    private Run start(String scenario, int nodeCount, int jobCount, Duration lease, Duration route)
            throws Exception {
        Files.createDirectories(logs);
        Run run = new Run(jobCount);
        JdbcJobStore store = new JdbcJobStore(Postgres.dataSource());
        store.setTablePrefix(run.prefix);
        store.open();
        try (Connection c = Postgres.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + run.prefix + "deliveries (id BIGSERIAL PRIMARY KEY, node TEXT NOT NULL,"
                    + " job_id TEXT NOT NULL, status TEXT, redelivered BOOLEAN NOT NULL,"
                    + " at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())");
            st.execute("CREATE TABLE " + run.prefix + "submitted (node TEXT NOT NULL, job_id TEXT PRIMARY KEY)");
        }

        run.simulatorLog = logs.resolve(scenario + "-simulator.log");
        run.simulator = java(SimulatorProcess.class, run.simulatorLog, String.valueOf(BUDGET),
                String.valueOf(WINDOW_MS), "1000", "1500");
        run.simulatorIn = new OutputStreamWriter(run.simulator.getOutputStream(), StandardCharsets.UTF_8);
        run.baseUrl = awaitLine(run.simulatorLog, "BASE_URL ", run.simulator).substring("BASE_URL ".length()).trim();
        run.apiKey = awaitLine(run.simulatorLog, "API_KEY ", run.simulator).substring("API_KEY ".length()).trim();

        // each node is given the key's whole budget: the store shares it between them
        List<Process> started = new ArrayList<>();
        for (int i = 1; i <= nodeCount; i++) {
            String name = "node-" + i;
            int toSubmit = jobCount / nodeCount + (i <= jobCount % nodeCount ? 1 : 0);
            started.add(java(NodeProcess.class, logs.resolve(scenario + "-" + name + ".log"), name,
                    Postgres.jdbcUrl(), run.prefix, run.baseUrl, run.apiKey, String.valueOf(lease.toMillis()),
                    String.valueOf(BUDGET), String.valueOf(WINDOW_MS), String.valueOf(route.toMillis()),
                    String.valueOf(toSubmit)));
        }
        for (int i = 1; i <= nodeCount; i++) {
            Path log = logs.resolve(scenario + "-node-" + i + ".log");
            Process p = started.get(i - 1);
            String id = awaitLine(log, "READY ", p).substring("READY ".length()).trim();
            run.nodes.add(new Node("node-" + i, id, p, new OutputStreamWriter(p.getOutputStream(),
                    StandardCharsets.UTF_8)));
        }

        return run;
    }

    private Process java(Class<?> main, Path log, String... args) throws IOException {
        Process p = JvmProcesses.start(main, log, args);
        processes.add(p);
        return p;
    }


    // ---------------------------------------------------------------- what the nodes delivered

    private record Delivery(String node, String jobId, String status, boolean redelivered) {
    }

    private record Deliveries(Map<String, List<Delivery>> byJob, int total, int redelivered, Set<String> nodes) {
    }

    private static Deliveries deliveries(Run run) throws Exception {
        Map<String, List<Delivery>> byJob = new LinkedHashMap<>();
        int total = 0;
        int redelivered = 0;
        Set<String> nodes = new HashSet<>();
        try (Connection c = Postgres.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT node, job_id, status, redelivered FROM " + run.prefix
                     + "deliveries ORDER BY id")) {
            while (rs.next()) {
                Delivery d = new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4));
                byJob.computeIfAbsent(d.jobId, j -> new ArrayList<>()).add(d);
                total++;
                redelivered += d.redelivered ? 1 : 0;
                nodes.add(d.node);
            }
        }
        return new Deliveries(byJob, total, redelivered, nodes);
    }

    private static int count(String sql) throws Exception {
        try (Connection c = Postgres.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void awaitDelivered(Run run, int atLeast) {
        await().atMost(Duration.ofMinutes(FULL ? 10 : 2)).pollInterval(Duration.ofMillis(200))
                .until(() -> count("SELECT COUNT(DISTINCT job_id) FROM " + run.prefix + "deliveries") >= atLeast);
    }

    private static void awaitAllDelivered(Run run) {
        awaitDelivered(run, run.jobs.size());
    }

    private static Set<String> leasedBy(Run run, String owner) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = Postgres.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT job_id FROM " + run.prefix
                     + "jobs WHERE lease_owner = ?")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
