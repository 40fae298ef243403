package dev.asyncjobs.store.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import dev.asyncjobs.store.jdbc.JdbcRequestBudget.Slot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request budget shared by several nodes through PostgreSQL never lets them exceed it together. */
class JdbcRequestBudgetTest {

    private static final String ACCOUNT = "spideriq-key-hash";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration HOLD = Duration.ofMinutes(2);

    private String prefix;
    private JdbcRequestBudget budget;

    @BeforeEach
    void newBudget() {
        prefix = Postgres.freshPrefix();
        budget = new JdbcRequestBudget(Postgres.dataSource(), prefix, true);
    }

    @Test
    void aSlotIsFreeAgainOneWindowAfterItsAnswer() {
        budget.provision(ACCOUNT, 3);
        List<Slot> taken = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            taken.add(budget.tryTake(ACCOUNT, T0, HOLD, "node-a").orElseThrow());
        }
        assertEquals(3, taken.stream().map(Slot::slot).distinct().count());
        assertTrue(budget.tryTake(ACCOUNT, T0, HOLD, "node-b").isEmpty(), "the budget is spent");
        assertEquals(0, budget.available(ACCOUNT, T0));

        budget.release(taken.get(0), T0.plusSeconds(2), WINDOW);
        assertEquals(Optional.of(T0.plusSeconds(62)), budget.nextFree(ACCOUNT));
        assertTrue(budget.tryTake(ACCOUNT, T0.plusSeconds(61), HOLD, "node-b").isEmpty());
        Slot again = budget.tryTake(ACCOUNT, T0.plusSeconds(62), HOLD, "node-b").orElseThrow();
        assertEquals(taken.get(0).slot(), again.slot());
    }

    @Test
    void aSlotOfADeadNodeFreesItselfAndItsLateReleaseChangesNothing() {
        budget.provision(ACCOUNT, 1);
        Slot dead = budget.tryTake(ACCOUNT, T0, HOLD, "node-a").orElseThrow();
        assertTrue(budget.tryTake(ACCOUNT, T0.plus(HOLD).minusMillis(1), HOLD, "node-b").isEmpty());

        Slot taken = budget.tryTake(ACCOUNT, T0.plus(HOLD), HOLD, "node-b").orElseThrow();
        // node-a's answer finally arrives: it must not hand node-b's slot out again
        budget.release(dead, T0.plus(HOLD), Duration.ZERO);
        assertTrue(budget.tryTake(ACCOUNT, T0.plus(HOLD).plusSeconds(1), HOLD, "node-c").isEmpty());
        assertEquals(Optional.of(taken.takenUntil()), budget.nextFree(ACCOUNT));
    }

    @Test
    void theJobStoreGivesTheBudgetOnItsOwnTables() {
        JdbcJobStore store = new JdbcJobStore(Postgres.dataSource());
        store.setTablePrefix(prefix);
        JdbcRequestBudget shared = store.requestBudget();
        shared.provision(ACCOUNT, 1);
        assertTrue(shared.tryTake(ACCOUNT, T0, HOLD, "node-a").isPresent());
        assertTrue(budget.tryTake(ACCOUNT, T0, HOLD, "node-b").isEmpty(), "one budget, seen from both");
    }

    @Test
    void provisioningFollowsTheConfiguredBudget() {
        budget.provision(ACCOUNT, 5);
        budget.provision(ACCOUNT, 5);
        assertEquals(5, budget.available(ACCOUNT, T0));
        budget.provision(ACCOUNT, 2);
        assertEquals(2, budget.available(ACCOUNT, T0));
        assertEquals(0, budget.available("other", T0));
        assertTrue(budget.tryTake("other", T0, HOLD, "n").isEmpty(), "an account without slots gets none");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> budget.provision(ACCOUNT, 0));
        assertTrue(e.getMessage().contains("maxRequests"), e.getMessage());
    }

    @Test
    void pollsLeaveTheReserveToTheOtherRequests() {
        budget.provision(ACCOUNT, 5);
        List<Slot> polls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            polls.add(budget.tryTake(ACCOUNT, T0, HOLD, "node-a", 2).orElseThrow());
        }
        assertTrue(budget.tryTake(ACCOUNT, T0, HOLD, "node-b", 2).isEmpty(), "only the reserve of 2 is left");
        assertEquals(2, budget.available(ACCOUNT, T0));
        assertEquals(Optional.of(T0.plus(HOLD)), budget.nextFree(ACCOUNT, 2), "a poll's slot frees up when one is"
                + " given back or expires");

        budget.release(polls.get(0), T0.plusSeconds(1), WINDOW);
        assertEquals(Optional.of(T0.plusSeconds(61)), budget.nextFree(ACCOUNT, 2));
        assertTrue(budget.tryTake(ACCOUNT, T0.plusSeconds(2), HOLD, "node-b").isPresent(), "a submit takes the reserve");
        assertTrue(budget.tryTake(ACCOUNT, T0.plusSeconds(2), HOLD, "node-b").isPresent());
        assertEquals(0, budget.available(ACCOUNT, T0.plusSeconds(2)));
    }

    @Test
    void concurrentPollersOfSeveralNodesNeverTakeTheReserve() throws Exception {
        int limit = 10;
        int reserve = 3;
        budget.provision(ACCOUNT, limit);
        int taken = 0;
        for (int t : onNodesAtOnce(6, 1, (node, name) -> {
            int took = 0;
            for (int i = 0; i < limit; i++) {
                took += node.tryTake(ACCOUNT, T0, HOLD, name, reserve).isPresent() ? 1 : 0;
            }
            return took;
        })) {
            taken += t;
        }
        assertTrue(budget.available(ACCOUNT, T0) >= reserve, "the pollers left the reserve free, "
                + budget.available(ACCOUNT, T0) + " slots after " + taken + " polls");
        // a poller skips the slots another one locks meanwhile: what it missed, it takes now
        while (budget.tryTake(ACCOUNT, T0, HOLD, "node-0", reserve).isPresent()) {
            taken++;
        }
        assertEquals(limit - reserve, taken, "the pollers may take all but the reserve");
        assertEquals(reserve, budget.available(ACCOUNT, T0));
    }

    @Test
    void threeConcurrentNodesNeverExceedTheBudgetInAnyWindow() throws Exception {
        int limit = 10;
        Duration window = Duration.ofMillis(500);
        Duration run = Duration.ofMillis(2200);
        budget.provision(ACCOUNT, limit);
        List<Instant> grants = Collections.synchronizedList(new ArrayList<>());
        List<Integer> perNode = onNodesAtOnce(3, 2, (node, name) -> requestLoop(node, name, window, run, grants));

        int most = SlidingWindows.mostInAnyWindow(grants, window);
        assertTrue(most <= limit, "at most " + limit + " requests in any " + window + ", got " + most);
        // the nodes used the budget (4 full windows fit in the run), they did not merely stay under it
        assertTrue(grants.size() >= 3 * limit, "requests granted: " + grants.size() + " per node " + perNode);
        assertTrue(perNode.stream().filter(c -> c > 0).count() >= 2, "the budget was shared: " + perNode);
    }

    /** What one node does with its own view of the budget, named {@code name}; returns a count. */
    @FunctionalInterface
    private interface NodeWork {
        int run(JdbcRequestBudget node, String name) throws Exception;
    }

    /**
     * Runs {@code work} on {@code nodes} nodes at once, each with its own connection pool of {@code poolSize} (as
     * separate processes have), and returns what each returned.
     */
    private List<Integer> onNodesAtOnce(int nodes, int poolSize, NodeWork work) throws Exception {
        List<HikariDataSource> pools = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(nodes);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                HikariDataSource pool = Postgres.pool(Postgres.jdbcUrl(), poolSize);
                pools.add(pool);
                JdbcRequestBudget node = new JdbcRequestBudget(pool, prefix, false);
                String name = "node-" + n;
                calls.add(() -> work.run(node, name));
            }
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : threads.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                results.add(f.get());
            }
            return results;
        } finally {
            threads.shutdownNow();
            pools.forEach(HikariDataSource::close);
        }
    }

    /** One node sending requests as fast as the shared budget lets it, for {@code run}; returns how many it sent. */
    private static int requestLoop(JdbcRequestBudget node, String name, Duration window, Duration run,
                                   List<Instant> grants) {
        Instant end = Instant.now().plus(run);
        int sent = 0;
        while (Instant.now().isBefore(end)) {
            Instant now = Instant.now();
            Optional<Slot> slot = node.tryTake(ACCOUNT, now, window.multipliedBy(4), name);
            if (slot.isPresent()) {
                grants.add(now.truncatedTo(ChronoUnit.MICROS)); // the store's precision
                sent++;
                node.release(slot.get(), Instant.now(), window); // the "request" answered at once
            } else {
                // a node waits until the next slot frees up, as the pacer would
                Instant next = node.nextFree(ACCOUNT).orElse(now.plus(window));
                long nanos = Math.max(Duration.between(Instant.now(), next).toNanos(), 1_000_000);
                LockSupport.parkNanos(Math.min(nanos, window.toNanos()));
            }
        }
        return sent;
    }
}
