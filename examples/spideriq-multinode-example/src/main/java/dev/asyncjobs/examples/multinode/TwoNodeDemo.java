package dev.asyncjobs.examples.multinode;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.asyncjobs.simulator.FixedWindowRateLimiter;
import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts two nodes ({@link NodeApplication}, each a JVM of its own) on one database and one SpiderIQ, kills one with
 * kill -9 while it is in the middle of an exchange, and shows the other finishing every job, the interrupted one
 * delivered again marked redelivered. Both nodes are given SpiderIQ's whole budget of 100 requests per minute and share
 * it through the database: the simulator counts that both together never sent more in any minute.
 * <p>
 * The database is an embedded PostgreSQL (started here, no Docker) unless {@code -Dexample.jdbc-url=jdbc:postgresql:...}
 * (with {@code example.db-user} and {@code example.db-password}) names a real one. SpiderIQ is the in-process simulator.
 * Exits 0 when every submitted job finished within the budget, 1 otherwise.
 */
public final class TwoNodeDemo {

    private static final Pattern SUBMITTED = Pattern.compile("(node-\\d) SUBMITTED (\\S+)");
    private static final Pattern FINISHED = Pattern.compile("(node-\\d) FINISHED (\\S+) (\\S+) redelivered=(\\S+)");

    private final Set<String> submitted = ConcurrentHashMap.newKeySet();
    private final Map<String, String> finishedBy = new ConcurrentHashMap<>();
    private final Set<String> redelivered = ConcurrentHashMap.newKeySet();
    private final Set<String> inFlightOnNode1 = ConcurrentHashMap.newKeySet();
    private volatile boolean node1Killed;

    private TwoNodeDemo() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(new TwoNodeDemo().run());
    }

    private int run() throws Exception {
        int jobsPerNode = Integer.getInteger("example.jobs-per-node", 10);
        String jdbcUrl = System.getProperty("example.jdbc-url");
        EmbeddedPostgres postgres = null;
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            postgres = EmbeddedPostgres.builder().start();
            jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
            System.out.println("No example.jdbc-url given: started an embedded PostgreSQL at " + jdbcUrl);
        }
        // jobs take 2 s queued and 4 s processing here, instead of SpiderIQ's minutes
        SpiderIqSimulator spideriq = SpiderIqSimulator.builder()
                .timing(Duration.ofSeconds(2), Duration.ofSeconds(4)).start();
        System.out.println("SpiderIQ simulator at " + spideriq.baseUrl());
        List<Process> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= 2; i++) {
                nodes.add(startNode("node-" + i, jdbcUrl, spideriq, jobsPerNode));
            }
            Process node1 = nodes.get(0);
            Process node2 = nodes.get(1);
            int total = 2 * jobsPerNode;

            // kill node-1 (kill -9: no goodbye) as soon as it is in the middle of an exchange
            if (!waitFor(Duration.ofMinutes(2), () -> submitted.size() >= total && !inFlightOnNode1.isEmpty())) {
                System.out.println("node-1 never started an exchange; stopping");
                return 1;
            }
            node1.destroyForcibly();
            node1.waitFor(30, TimeUnit.SECONDS);
            node1Killed = true;
            System.out.println(">>> killed node-1 (kill -9) in the middle of job " + inFlightOnNode1
                    + "; node-2 takes its jobs over when their leases expire (leaseDuration=10s)");

            // done when every job was delivered and acknowledged: none is left in the store
            String url = jdbcUrl;
            boolean all = waitFor(Duration.ofMinutes(3), () -> finishedBy.keySet().containsAll(submitted)
                    && stillFollowed(url) == 0);
            node2.destroy(); // SIGTERM: Camel Main shuts down gracefully
            node2.waitFor(60, TimeUnit.SECONDS);

            long byNode1 = finishedBy.values().stream().filter("node-1"::equals).count();
            System.out.println();
            System.out.println(all ? "All " + total + " jobs finished" : "Jobs not finished: "
                    + submitted.stream().filter(j -> !finishedBy.containsKey(j)).toList());
            System.out.println("  the last delivery of each job: " + byNode1 + " by node-1 (killed), "
                    + (finishedBy.size() - byNode1) + " by node-2");
            System.out.println("  delivered again after the kill, marked CamelAsyncJobRedelivered=true: " + redelivered);
            // what SpiderIQ (the simulator) counted of the requests of both nodes together
            FixedWindowRateLimiter budget = spideriq.rateLimiter();
            int limit = SpiderIqSimulator.DEFAULT_RATE_LIMIT;
            int most = Math.max(budget.maxRequestsInAnyWindow(), budget.maxRequestsInAnySlidingWindow());
            boolean kept = budget.refused() == 0 && most <= limit;
            System.out.println((kept ? "Both nodes together stayed within " : "Both nodes together EXCEEDED ")
                    + limit + " requests per minute: " + budget.requests() + " requests, at most " + most
                    + " in any minute, " + budget.refused() + " refused");
            return all && kept ? 0 : 1;
        } finally {
            nodes.forEach(Process::destroyForcibly);
            spideriq.close();
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private Process startNode(String name, String jdbcUrl, SpiderIqSimulator spideriq, int jobsPerNode)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dexample.node=" + name,
                "-Dexample.jdbc-url=" + jdbcUrl,
                "-Dexample.base-url=" + spideriq.baseUrl(),
                "-Dexample.api-key=" + spideriq.apiKey(),
                "-Dexample.jobs-per-node=" + jobsPerNode));
        for (String p : List.of("example.db-user", "example.db-password")) {
            if (System.getProperty(p) != null) {
                command.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        command.addAll(List.of("-cp", classpath(), NodeApplication.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> follow(name, process), name + "-output");
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    /** Prints a node's output with its name, and notes what it submitted and finished. */
    private void follow(String name, Process process) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                System.out.println("[" + name + "] " + line);
                Matcher s = SUBMITTED.matcher(line);
                if (s.find()) {
                    submitted.add(s.group(2));
                }
                Matcher f = FINISHED.matcher(line);
                if (f.find()) {
                    if (name.equals("node-1") && !node1Killed) {
                        inFlightOnNode1.add(f.group(2));
                    }
                    if (Boolean.parseBoolean(f.group(4))) {
                        redelivered.add(f.group(2));
                    }
                    finishedBy.put(f.group(2), f.group(1));
                }
            }
        } catch (IOException e) {
            // the node was killed
        }
    }

    /** The classpath this demo runs with, for the nodes (also under mvn exec:java, which uses a class loader). */
    private static String classpath() {
        List<String> entries = new ArrayList<>();
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            for (URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // not a file: not for the nodes
                }
            }
        }
        return entries.isEmpty() ? System.getProperty("java.class.path") : String.join(File.pathSeparator, entries);
    }

    /** How many of the submitted jobs the store still follows. */
    private int stillFollowed(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, System.getProperty("example.db-user", "postgres"),
                System.getProperty("example.db-password", ""));
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM asyncjob_jobs WHERE job_id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", submitted.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            System.out.println("Cannot read the store: " + e.getMessage());
            return -1;
        }
    }

    private static boolean waitFor(Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }
}
