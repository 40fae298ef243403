package dev.asyncjobs.store.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.engine.client.SharedRequestBudget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's pacers of two nodes, each configured with the key's whole budget, share it through PostgreSQL: together
 * they never send more than the budget in any window, and together they use it.
 */
class SharedBudgetPacersTest {

    private static final String ACCOUNT = "3f1c0a9be2d47a51c6e8d0b2";
    private final List<HikariDataSource> pools = new ArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }

    /** One node: its own connection pool and store on the shared tables, and the component's pacer for the key. */
    private RequestPacer node(String prefix, String name, int limit, Duration window) {
        HikariDataSource pool = Postgres.pool(Postgres.jdbcUrl(), 4);
        pools.add(pool);
        JdbcJobStore store = new JdbcJobStore(pool);
        store.setTablePrefix(prefix);
        SharedRequestBudget shared = store.requestBudget(ACCOUNT, limit, window, window.multipliedBy(5), name)
                .orElseThrow();
        return new RequestPacer(limit, window, Clock.systemUTC()).sharedBudget(shared).maxWait(Duration.ofSeconds(30));
    }

    @Test
    void twoNodesTogetherNeverExceedTheBudgetInAnyWindow() throws Exception {
        int limit = 8;
        Duration window = Duration.ofMillis(400);
        Duration run = Duration.ofMillis(2500);
        String prefix = Postgres.freshPrefix();
        RequestPacer[] nodes = {node(prefix, "node-a", limit, window), node(prefix, "node-b", limit, window)};
        List<Instant> arrivals = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> senders = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                RequestPacer pacer = nodes[t % 2];
                senders.add(() -> send(pacer, run, arrivals));
            }
            int[] perNode = new int[2];
            List<Future<Integer>> done = threads.invokeAll(senders, 60, TimeUnit.SECONDS);
            for (int t = 0; t < done.size(); t++) {
                perNode[t % 2] += done.get(t).get();
            }

            int most = SlidingWindows.mostInAnyWindow(arrivals, window);
            assertTrue(most <= limit, "at most " + limit + " requests of both nodes in any " + window + ", got " + most);
            assertEquals(limit, most, "the nodes together used the whole budget in some window");
            assertTrue(perNode[0] > 0 && perNode[1] > 0, "both nodes sent: " + perNode[0] + ", " + perNode[1]);
            // each node alone would have sent up to the whole budget per window: together they sent no more than one
            // node would have
            assertTrue(arrivals.size() >= 2 * limit, "requests sent: " + arrivals.size());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aNodeThatDiesHoldingSlotsHoldsThemOnlyUntilTheirHoldEnds() throws Exception {
        Duration window = Duration.ofMillis(200);
        String prefix = Postgres.freshPrefix();
        RequestPacer dying = node(prefix, "node-dying", 2, window);
        RequestPacer survivor = node(prefix, "node-survivor", 2, window);
        Instant before = Instant.now();
        dying.begin();
        dying.begin(); // its answers never arrive: the node dies
        assertEquals(0, survivor.availableNow());

        survivor.begin().close();
        Instant sent = Instant.now();
        // the hold the store was given: five windows from the take
        assertTrue(!sent.isBefore(before.plus(window.multipliedBy(5))), "took a dead node's slot at " + sent
                + ", less than its hold after " + before);
        assertTrue(sent.isBefore(before.plusSeconds(10)), "and took it");
    }

    /** One sending thread: each request's "arrival" at the vendor is between its slot's take and its answer. */
    private static int send(RequestPacer pacer, Duration run, List<Instant> arrivals) throws InterruptedException {
        long end = System.nanoTime() + run.toNanos();
        int sent = 0;
        while (System.nanoTime() < end) {
            try (RequestPacer.Permit permit = pacer.begin()) {
                // network latency there and back, with jitter: the vendor counts the request in the middle
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(1, 15)));
                arrivals.add(Instant.now());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(1, 15)));
                sent++;
            }
        }
        return sent;
    }
}
