package dev.asyncjobs.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.engine.store.JobRecord.Cursor;
import dev.asyncjobs.engine.store.SubmitIntent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store's contract on a real PostgreSQL: compare-and-set, leased claims, SKIP LOCKED, intents, groups, values. */
class JdbcJobStoreTest {

    private static final String ACCOUNT = "acct-1";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private JdbcJobStore store;

    @BeforeEach
    void newStore() {
        store = new JdbcJobStore(Postgres.dataSource());
        store.setTablePrefix(Postgres.freshPrefix());
        store.open();
    }

    private static JobRecord job(String id, Instant nextPollAt) {
        return JobRecord.track(ACCOUNT, JobRef.of(id, "spiderSite"), null, T0, nextPollAt, null);
    }

    private JobRecord inserted(String id, Instant nextPollAt) {
        return store.insert(job(id, nextPollAt)).orElseThrow();
    }

    @Test
    void insertStoresVersionOneAndRefusesADuplicate() {
        JobRecord rich = new JobRecord(ACCOUNT, new JobRef("j1", "spiderMaps", Map.of("workflowId", "wf-7")),
                new Cursor("queued", null), Map.of("audit", new Cursor("processing", "42%"), "billing",
                        new Cursor("queued", null)),
                T0, T0.plusSeconds(5), 2, 1, T0.minusSeconds(1), 1, T0.minusSeconds(3), null, null, false,
                T0.plus(Duration.ofDays(7)), new dev.asyncjobs.engine.store.JobTrace(
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", java.util.List.of(
                                new dev.asyncjobs.engine.store.JobTrace.Transition("queued",
                                        dev.asyncjobs.engine.spi.JobPhase.QUEUED, T0, "node-1"))), 0);

        JobRecord stored = store.insert(rich).orElseThrow();

        assertEquals(rich.withVersion(1), stored);
        assertEquals(Optional.of(stored), store.find(ACCOUNT, "j1"));
        assertTrue(store.insert(job("j1", T0)).isEmpty(), "a second insert of the same job must be refused");
        assertEquals(Optional.of(stored), store.find(ACCOUNT, "j1"), "the refused insert must change nothing");
        assertTrue(store.find(ACCOUNT, "other").isEmpty());
        assertTrue(store.find("acct-2", "j1").isEmpty(), "accounts are separate");
    }

    @Test
    void updateIsCompareAndSetOnTheVersion() {
        JobRecord v1 = inserted("j1", T0);

        JobRecord v2 = store.update(v1.withCursor("g", new Cursor("processing", null)), true).orElseThrow();
        assertEquals(2, v2.version());
        assertEquals(new Cursor("processing", null), v2.cursors().get("g"));

        // a writer holding the version-1 copy loses and changes nothing
        assertTrue(store.update(v1.withCursor("g", new Cursor("completed", null)), true).isEmpty());
        assertEquals(Optional.of(v2), store.find(ACCOUNT, "j1"));

        JobRecord v3 = store.update(v2.withSchedule(T0.plusSeconds(30), 1, 2), false).orElseThrow();
        assertEquals(3, v3.version());
        assertEquals(T0.plusSeconds(30), v3.nextPollAt());
        assertTrue(store.update(job("absent", T0).withVersion(1), true).isEmpty(), "no record, nothing updated");
    }

    @Test
    void ofConcurrentWritersOfOneVersionExactlyOneWins() throws Exception {
        JobRecord v1 = inserted("j1", T0);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String node = "node-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return store.update(v1.withCursor("g", new Cursor(node, null)), true).isPresent();
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> r : results) {
                won += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, won, "exactly one writer of version 1 may win");
            assertEquals(2, store.find(ACCOUNT, "j1").orElseThrow().version());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deleteChecksTheVersion() {
        JobRecord v1 = inserted("j1", T0);
        JobRecord v2 = store.update(v1.withSchedule(T0.plusSeconds(1), 0, 0), true).orElseThrow();

        assertFalse(store.delete(ACCOUNT, "j1", 1), "a stale version must not delete");
        assertTrue(store.find(ACCOUNT, "j1").isPresent());
        assertTrue(store.delete(ACCOUNT, "j1", v2.version()));
        assertTrue(store.find(ACCOUNT, "j1").isEmpty());
        assertFalse(store.delete(ACCOUNT, "j1", v2.version()), "already gone");
    }

    @Test
    void claimTakesDueUnleasedJobsMostOverdueFirstWithALease() {
        inserted("late", T0.minusSeconds(60));
        inserted("later", T0.minusSeconds(120));
        inserted("now", T0);
        inserted("future", T0.plusSeconds(1));
        inserted("undecided", null);
        Instant leaseUntil = T0.plusSeconds(30);

        List<JobRecord> first = store.claimDue(ACCOUNT, T0, 2, "node-a", leaseUntil);

        assertEquals(List.of("later", "late"), first.stream().map(JobRecord::jobId).toList());
        for (JobRecord r : first) {
            assertEquals("node-a", r.leaseOwner());
            assertEquals(leaseUntil, r.leaseUntil());
            assertEquals(2, r.version());
            assertEquals(Optional.of(r), store.find(ACCOUNT, r.jobId()));
        }
        List<JobRecord> second = store.claimDue(ACCOUNT, T0, 10, "node-b", leaseUntil);
        assertEquals(List.of("now"), second.stream().map(JobRecord::jobId).toList(),
                "held claims, future and undecided jobs are not claimable");
        assertTrue(store.claimDue(ACCOUNT, T0, 10, "node-c", leaseUntil).isEmpty());
        assertTrue(store.claimDue(ACCOUNT, T0, 0, "node-c", leaseUntil).isEmpty());
        assertTrue(store.claimDue("acct-2", T0, 10, "node-c", leaseUntil).isEmpty());
    }

    @Test
    void anExpiredLeaseIsTakenOverAndTheOldOwnersCopyIsStale() {
        inserted("j1", T0);
        JobRecord byA = store.claimDue(ACCOUNT, T0, 1, "node-a", T0.plusSeconds(30)).get(0);

        assertTrue(store.claimDue(ACCOUNT, T0.plusSeconds(29), 1, "node-b", T0.plusSeconds(59)).isEmpty(),
                "a lease holds until it expires");
        List<JobRecord> byB = store.claimDue(ACCOUNT, T0.plusSeconds(30), 1, "node-b", T0.plusSeconds(60));
        assertEquals(1, byB.size(), "an expired lease (its owner died) is claimable");
        assertEquals("node-b", byB.get(0).leaseOwner());
        assertFalse(byA.takenOver(), "a first claim takes over nobody");
        assertTrue(byB.get(0).takenOver(), "what node-a was delivering goes out again marked redelivered");

        // node-a comes back from a long pause: its commit is refused, node-b's goes through
        assertTrue(store.update(byA.withCursor("g", new Cursor("completed", null)).released(), true)
                .isEmpty());
        JobRecord committed = store.update(byB.get(0).withCursor("g", new Cursor("completed", null))
                .released(), true).orElseThrow();
        assertEquals(new Cursor("completed", null), committed.cursors().get("g"));
        assertEquals(null, committed.leaseOwner());
        assertFalse(committed.takenOver(), "a released claim is no longer a takeover");
    }

    @Test
    void aReleasedJobIsClaimableAgainWhenDue() {
        inserted("j1", T0);
        JobRecord claimed = store.claimDue(ACCOUNT, T0, 1, "node-a", T0.plusSeconds(30)).get(0);
        JobRecord released = store.update(claimed.withSchedule(T0.plusSeconds(10), 0, 0).released(), true)
                .orElseThrow();

        assertTrue(store.claimDue(ACCOUNT, T0.plusSeconds(9), 1, "node-b", T0.plusSeconds(40)).isEmpty());
        List<JobRecord> again = store.claimDue(ACCOUNT, T0.plusSeconds(10), 1, "node-b", T0.plusSeconds(40));
        assertEquals(List.of(released.version() + 1), again.stream().map(JobRecord::version).toList());
        assertFalse(again.get(0).takenOver(), "a released job is claimed afresh, not taken over");
    }

    @Test
    void twoConcurrentClaimersNeverGetTheSameJob() throws Exception {
        int jobs = 2000;
        try (Connection c = Postgres.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + store.getTablePrefix() + "jobs"
                     + " (account, job_id, tracked_since, next_poll_at, version)"
                     + " SELECT ?, 'job-' || g, now(), TIMESTAMPTZ '2026-01-01 09:00:00Z' + g * INTERVAL '1 ms', 1"
                     + " FROM generate_series(1, ?) g")) {
            ps.setString(1, ACCOUNT);
            ps.setInt(2, jobs);
            ps.executeUpdate();
        }
        // two nodes, each with its own pool and store on the same tables
        try (HikariDataSource poolA = Postgres.pool(Postgres.jdbcUrl(), 4);
             HikariDataSource poolB = Postgres.pool(Postgres.jdbcUrl(), 4)) {
            JdbcJobStore nodeA = nodeStore(poolA);
            JdbcJobStore nodeB = nodeStore(poolB);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<List<String>>> claimers = List.of(claimer(nodeA, "a1"), claimer(nodeA, "a2"),
                        claimer(nodeB, "b1"), claimer(nodeB, "b2"));
                List<String> all = new ArrayList<>();
                List<Integer> perClaimer = new ArrayList<>();
                for (Future<List<String>> f : pool.invokeAll(claimers, 60, TimeUnit.SECONDS)) {
                    List<String> got = f.get();
                    perClaimer.add(got.size());
                    all.addAll(got);
                }
                assertEquals(jobs, new HashSet<>(all).size(), "every due job is claimed");
                assertEquals(jobs, all.size(), "no job is claimed twice: " + perClaimer);
                assertTrue(perClaimer.stream().filter(n -> n > 0).count() >= 2,
                        "the claimers shared the work: " + perClaimer);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private JdbcJobStore nodeStore(HikariDataSource pool) {
        JdbcJobStore s = new JdbcJobStore(pool);
        s.setTablePrefix(store.getTablePrefix());
        s.open();
        return s;
    }

    private static Callable<List<String>> claimer(JdbcJobStore s, String owner) {
        return () -> {
            List<String> got = new ArrayList<>();
            while (true) {
                List<JobRecord> batch = s.claimDue(ACCOUNT, T0, 7, owner, T0.plusSeconds(600));
                if (batch.isEmpty()) {
                    return got;
                }
                assertTrue(batch.size() <= 7, "a claim never exceeds its batch");
                batch.forEach(r -> got.add(r.jobId()));
            }
        };
    }

    @Test
    void aClaimSkipsARowAnotherTransactionHoldsInsteadOfWaiting() throws Exception {
        inserted("busy", T0.minusSeconds(10));
        inserted("free", T0.minusSeconds(5));
        try (Connection other = Postgres.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("SELECT * FROM " + store.getTablePrefix() + "jobs"
                    + " WHERE account = ? AND job_id = 'busy' FOR UPDATE")) {
                lock.setString(1, ACCOUNT);
                lock.executeQuery().close();
            }
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<List<JobRecord>> claim = pool.submit(
                        () -> store.claimDue(ACCOUNT, T0, 10, "node-a", T0.plusSeconds(30)));
                // a claim that waited for the lock would time out here
                List<JobRecord> got = claim.get(10, TimeUnit.SECONDS);
                assertEquals(List.of("free"), got.stream().map(JobRecord::jobId).toList());
            } finally {
                other.rollback();
                pool.shutdownNow();
            }
        }
        assertEquals(List.of("busy"), store.claimDue(ACCOUNT, T0, 10, "node-b", T0.plusSeconds(30)).stream()
                .map(JobRecord::jobId).toList(), "once the other transaction is over, the row is claimable");
    }

    @Test
    void nextDueIsTheEarliestUnleasedJobOrTheEndOfAHeldLease() {
        assertEquals(Optional.empty(), store.nextDue(ACCOUNT));
        inserted("undecided", null);
        assertEquals(Optional.empty(), store.nextDue(ACCOUNT), "an undecided job is not due");
        inserted("a", T0.plusSeconds(20));
        inserted("b", T0.plusSeconds(10));
        assertEquals(Optional.of(T0.plusSeconds(10)), store.nextDue(ACCOUNT));

        store.claimDue(ACCOUNT, T0.plusSeconds(10), 1, "node-a", T0.plusSeconds(15));
        assertEquals(Optional.of(T0.plusSeconds(15)), store.nextDue(ACCOUNT),
                "a held claim can be taken over when its lease ends");
        // b's lease ended: it is the most overdue, taken over first; a is next
        assertEquals("b", store.claimDue(ACCOUNT, T0.plusSeconds(20), 1, "node-b", T0.plusSeconds(50)).get(0).jobId());
        assertEquals(Optional.of(T0.plusSeconds(20)), store.nextDue(ACCOUNT));
    }

    @Test
    void undecidedListAndCount() {
        inserted("a", null);
        inserted("b", T0);
        inserted("c", null);
        store.insert(JobRecord.track("acct-2", JobRef.of("z"), null, T0, null, null));

        assertEquals(Set.of("a", "c"), ids(store.undecided(ACCOUNT)));
        assertEquals(Set.of("a", "b", "c"), ids(store.list(ACCOUNT)));
        assertEquals(3, store.count(ACCOUNT));
        assertEquals(1, store.count("acct-2"));
        assertEquals(0, store.count("acct-3"));
    }

    private static Set<String> ids(List<JobRecord> records) {
        Set<String> out = new HashSet<>();
        records.forEach(r -> out.add(r.jobId()));
        return out;
    }

    @Test
    void intentsAreKeptOldestFirstUntilDeleted() {
        SubmitIntent second = new SubmitIntent(ACCOUNT, "i2", "spideriq", "spiderSite", Map.of(),
                "{\"url\":\"https://b\"}", T0.plusSeconds(1), "node-a", 1);
        SubmitIntent first = new SubmitIntent(ACCOUNT, "i1", "spideriq", "spiderMaps", Map.of("workflowId", "w"),
                "{\"query\":\"x\"}", T0, "node-b", 1);
        store.saveIntent(second);
        store.saveIntent(first);
        store.saveIntent(new SubmitIntent("acct-2", "i9", "spideriq", "spiderSite", Map.of(), "{}", T0, "n", 1));

        assertEquals(List.of(first, second), store.intents(ACCOUNT));
        SubmitIntent resaved = second.withVersion(2);
        store.saveIntent(resaved);
        assertEquals(List.of(first, resaved), store.intents(ACCOUNT));

        store.deleteIntent(ACCOUNT, "i1");
        store.deleteIntent(ACCOUNT, "absent");
        assertEquals(List.of(resaved), store.intents(ACCOUNT));
        assertEquals(1, store.intents("acct-2").size());
    }

    @Test
    void groupsAreASetPerAccount() {
        store.addGroup(ACCOUNT, "audit");
        store.addGroup(ACCOUNT, "audit");
        store.addGroup(ACCOUNT, "billing");
        store.addGroup("acct-2", "other");

        assertEquals(Set.of("audit", "billing"), store.groups(ACCOUNT));
        store.removeGroup(ACCOUNT, "audit");
        store.removeGroup(ACCOUNT, "absent");
        assertEquals(Set.of("billing"), store.groups(ACCOUNT));
        assertEquals(Set.of(), store.groups("acct-3"));
    }

    @Test
    void valuesAreReplacedAndSharedByEveryStoreOnTheTables() {
        assertTrue(store.loadValue(ACCOUNT, "durations").isEmpty());
        store.saveValue(ACCOUNT, "durations", new byte[] {1, 2, 3});
        store.saveValue(ACCOUNT, "durations", new byte[] {4, 5});

        JdbcJobStore otherNode = new JdbcJobStore(Postgres.dataSource());
        otherNode.setTablePrefix(store.getTablePrefix());
        assertArrayEquals(new byte[] {4, 5}, otherNode.loadValue(ACCOUNT, "durations").orElseThrow());
        assertTrue(otherNode.loadValue("acct-2", "durations").isEmpty());
    }

    @Test
    void instantsKeepMicroseconds() {
        Instant precise = Instant.parse("2026-01-01T10:00:00.123456789Z");
        JobRecord stored = store.insert(job("j1", precise)).orElseThrow();
        assertEquals(precise.truncatedTo(ChronoUnit.MICROS), stored.nextPollAt());
        assertNotNull(stored.trackedSince());
    }

    @Test
    void theClaimQueryIsServedByTheDueIndexAtAMillionJobsScale() throws Exception {
        String jobs = store.getTablePrefix() + "jobs";
        try (Connection c = Postgres.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + jobs
                    + " (account, job_id, tracked_since, next_poll_at, version)"
                    + " SELECT 'acct-' || (g % 20), 'job-' || g, now(), now() + g * INTERVAL '1 s', 1"
                    + " FROM generate_series(1, 100000) g")) {
                ps.executeUpdate();
            }
            c.createStatement().execute("ANALYZE " + jobs);
            String claimPlan = plan(c, "EXPLAIN UPDATE " + jobs + " SET lease_owner = 'n', version = version + 1"
                    + " WHERE account = 'acct-1' AND job_id = ANY(ARRAY(SELECT job_id FROM " + jobs
                    + " WHERE account = 'acct-1' AND next_poll_at <= now() + INTERVAL '1 hour'"
                    + " AND (lease_owner IS NULL OR lease_until IS NULL OR lease_until <= now())"
                    + " ORDER BY next_poll_at LIMIT 10 FOR UPDATE SKIP LOCKED))");
            assertTrue(claimPlan.contains(store.getTablePrefix() + "jobs_due_idx"), claimPlan);
            assertFalse(claimPlan.contains("Seq Scan"), claimPlan);
            String updatePlan = plan(c, "EXPLAIN UPDATE " + jobs + " SET failures = 1, version = version + 1"
                    + " WHERE account = 'acct-1' AND job_id = 'job-21' AND version = 1");
            assertTrue(updatePlan.contains("pkey"), "a compare-and-set touches one row by its key: " + updatePlan);
            assertFalse(updatePlan.contains("Seq Scan"), updatePlan);
        }
    }

    private static String plan(Connection c, String explain) throws Exception {
        StringBuilder out = new StringBuilder();
        try (ResultSet rs = c.createStatement().executeQuery(explain)) {
            while (rs.next()) {
                out.append(rs.getString(1)).append('\n');
            }
        }
        return out.toString();
    }
}
