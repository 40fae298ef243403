package dev.asyncjobs.engine.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.JobRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link JobStore} promises, for any implementation to extend: the in-memory and MVStore stores here, the
 * JDBC store in its own module (through this module's test-jar).
 * <p>
 * A subclass gives a fresh, empty store ({@link #createStore()}); a store shared by several nodes also gives a second
 * handle on the same data ({@link #otherNode(JobStore)}), so the compare-and-set and claim tests run across nodes.
 */
public abstract class JobStoreContractTest {

    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    protected static final String ACCOUNT = "acct-1";
    protected static final String OTHER_ACCOUNT = "acct-2";

    protected JobStore store;
    private final List<JobStore> opened = new ArrayList<>();

    /** A new, empty store, not opened yet. */
    protected abstract JobStore createStore() throws Exception;

    /**
     * Another handle on the same data, as a second node would have, not opened yet; stores of one process return
     * {@code store} itself.
     */
    protected JobStore otherNode(JobStore store) throws Exception {
        return store;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
        store.open();
        opened.add(store);
    }

    @AfterEach
    void closeStores() {
        for (JobStore s : opened) {
            s.close();
        }
    }

    protected JobStore node2() throws Exception {
        JobStore other = otherNode(store);
        if (other != store) {
            other.open();
            opened.add(other);
        }
        return other;
    }

    protected static JobRecord record(String account, String jobId, Instant nextPollAt) {
        return JobRecord.track(account, new JobRef(jobId, "type-a", Map.of("workflow", "wf-1")),
                new JobRecord.Cursor("PENDING", null), T0, nextPollAt, null);
    }

    protected static JobRecord record(String jobId, Instant nextPollAt) {
        return record(ACCOUNT, jobId, nextPollAt);
    }

    private static List<String> ids(List<JobRecord> records) {
        return records.stream().map(JobRecord::jobId).toList();
    }

    // --- insert, find, update, delete ---

    @Test
    void insertedRecordIsFoundAtVersionOneWithAllItsFields() {
        JobRecord r = record("job-1", T0.plusSeconds(5))
                .withCursor("group-a", new JobRecord.Cursor("RUNNING", "50%"))
                .withNotFound(1, T0.plusSeconds(1))
                .withLastPolledAt(T0.plusSeconds(2))
                .withRetainUntil(T0.plusSeconds(3600));

        JobRecord stored = store.insert(r).orElseThrow();

        assertEquals(1, stored.version());
        assertEquals(r.withVersion(1), stored);
        assertEquals(Optional.of(stored), store.find(ACCOUNT, "job-1"));
        assertEquals(Optional.empty(), store.find(OTHER_ACCOUNT, "job-1"), "records are keyed by account too");
        assertEquals(Optional.empty(), store.find(ACCOUNT, "job-2"));
    }

    @Test
    void aJobsTraceIsKeptThroughWritesAndClaimsAndSeenByTheOtherNode() throws Exception {
        String traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        JobTrace submitted = JobTrace.start(traceParent, "PENDING", dev.asyncjobs.engine.spi.JobPhase.QUEUED, T0, "node-a");
        JobRecord v1 = store.insert(record("job-1", T0).withTrace(submitted)).orElseThrow();
        assertEquals(submitted, v1.trace());

        JobTrace running = submitted.observed("RUNNING", dev.asyncjobs.engine.spi.JobPhase.RUNNING,
                T0.plusSeconds(30).plusNanos(123_456_789), "node-a");
        JobRecord v2 = store.update(v1.withTrace(running), false).orElseThrow();
        JobRecord claimed = node2().claimDue(ACCOUNT, T0.plusSeconds(60), 1, "node-b", T0.plusSeconds(90)).get(0);

        assertEquals(running, v2.trace());
        assertEquals(running, claimed.trace(), "a claim by another node carries the trace on");
        assertEquals(Optional.of(claimed), node2().find(ACCOUNT, "job-1"));
        assertEquals(null, store.insert(record("job-2", T0)).orElseThrow().trace(), "an untraced job has none");
    }

    @Test
    void insertOfAnExistingJobChangesNothing() {
        JobRecord first = store.insert(record("job-1", T0)).orElseThrow();

        Optional<JobRecord> again = store.insert(record("job-1", T0.plusSeconds(99)));

        assertEquals(Optional.empty(), again);
        assertEquals(Optional.of(first), store.find(ACCOUNT, "job-1"));
        assertEquals(1, store.count(ACCOUNT));
    }

    @Test
    void sameJobIdInTwoAccountsIsTwoRecords() {
        store.insert(record(ACCOUNT, "job-1", T0)).orElseThrow();
        store.insert(record(OTHER_ACCOUNT, "job-1", T0)).orElseThrow();

        assertEquals(1, store.count(ACCOUNT));
        assertEquals(1, store.count(OTHER_ACCOUNT));
        assertEquals(List.of("job-1"), ids(store.list(OTHER_ACCOUNT)));
    }

    @Test
    void updateSucceedsOnceForAVersionAndAStaleCopyChangesNothing() throws Exception {
        JobRecord v1 = store.insert(record("job-1", T0)).orElseThrow();

        JobRecord v2 = store.update(v1.withCursor("g", new JobRecord.Cursor("RUNNING", null)), true).orElseThrow();
        Optional<JobRecord> stale = node2().update(v1.withSchedule(T0.plusSeconds(60), 3, 1), false);

        assertEquals(2, v2.version());
        assertEquals(Optional.empty(), stale, "a writer holding version 1 must not overwrite version 2");
        JobRecord now = store.find(ACCOUNT, "job-1").orElseThrow();
        assertEquals(v2, now);
        assertEquals(new JobRecord.Cursor("RUNNING", null), now.position("g"));
        assertEquals(T0, now.nextPollAt());
    }

    @Test
    void updateOfAMissingRecordChangesNothing() {
        JobRecord never = record("job-1", T0).withVersion(1);

        assertEquals(Optional.empty(), store.update(never, true));
        assertEquals(Optional.empty(), store.find(ACCOUNT, "job-1"));
    }

    @Test
    void nonDurableUpdateIsVisibleLikeADurableOne() {
        JobRecord v1 = store.insert(record("job-1", T0)).orElseThrow();

        JobRecord v2 = store.update(v1.withSchedule(T0.plusSeconds(30), 2, 1), false).orElseThrow();

        assertEquals(Optional.of(v2), store.find(ACCOUNT, "job-1"));
        assertEquals(2, v2.failures());
        assertEquals(1, v2.stretch());
    }

    @Test
    void deleteNeedsTheCurrentVersion() {
        JobRecord v1 = store.insert(record("job-1", T0)).orElseThrow();
        JobRecord v2 = store.update(v1.withSchedule(T0.plusSeconds(1), 0, 0), false).orElseThrow();

        assertFalse(store.delete(ACCOUNT, "job-1", v1.version()), "a stale version must not delete");
        assertTrue(store.find(ACCOUNT, "job-1").isPresent());

        assertTrue(store.delete(ACCOUNT, "job-1", v2.version()));
        assertEquals(Optional.empty(), store.find(ACCOUNT, "job-1"));
        assertEquals(0, store.count(ACCOUNT));
        assertFalse(store.delete(ACCOUNT, "job-1", v2.version()), "deleting twice reports false");
        assertEquals(List.of(), store.claimDue(ACCOUNT, T0.plusSeconds(10), 10, "n1", T0.plusSeconds(40)),
                "a deleted record is no longer due");
    }

    // --- claiming due jobs ---

    @Test
    void claimDueTakesOnlyDueRecordsMostOverdueFirst() {
        store.insert(record("later", T0.plusSeconds(60)));
        store.insert(record("due-2", T0.minusSeconds(5)));
        store.insert(record("due-1", T0.minusSeconds(30)));
        store.insert(record("due-now", T0));
        store.insert(record("undecided", null));
        store.insert(record(OTHER_ACCOUNT, "other", T0.minusSeconds(60)));

        List<JobRecord> claimed = store.claimDue(ACCOUNT, T0, 10, "node-1", T0.plusSeconds(30));

        assertEquals(List.of("due-1", "due-2", "due-now"), ids(claimed));
        for (JobRecord r : claimed) {
            assertEquals("node-1", r.leaseOwner());
            assertEquals(T0.plusSeconds(30), r.leaseUntil());
            assertEquals(2, r.version(), "a claim is a write: the version moves");
            assertEquals(Optional.of(r), store.find(ACCOUNT, r.jobId()));
        }
    }

    @Test
    void claimDueTakesAtMostMax() {
        for (int i = 0; i < 5; i++) {
            store.insert(record("job-" + i, T0.minusSeconds(10 - i)));
        }

        List<JobRecord> first = store.claimDue(ACCOUNT, T0, 2, "n1", T0.plusSeconds(30));
        List<JobRecord> second = store.claimDue(ACCOUNT, T0, 2, "n1", T0.plusSeconds(30));
        List<JobRecord> none = store.claimDue(ACCOUNT, T0, 0, "n1", T0.plusSeconds(30));

        assertEquals(List.of("job-0", "job-1"), ids(first));
        assertEquals(List.of("job-2", "job-3"), ids(second), "claimed records are skipped by the next claim");
        assertEquals(List.of(), none);
    }

    @Test
    void aLeasedRecordIsSkippedUntilItsLeaseExpires() throws Exception {
        store.insert(record("job-1", T0));
        store.claimDue(ACCOUNT, T0, 10, "node-1", T0.plusSeconds(30));

        assertEquals(List.of(), node2().claimDue(ACCOUNT, T0.plusSeconds(29), 10, "node-2", T0.plusSeconds(59)));

        List<JobRecord> taken = node2().claimDue(ACCOUNT, T0.plusSeconds(30), 10, "node-2", T0.plusSeconds(60));
        assertEquals(List.of("job-1"), ids(taken), "a lease that expired is taken over");
        assertEquals("node-2", taken.get(0).leaseOwner());
        assertEquals(3, taken.get(0).version());
        assertTrue(taken.get(0).takenOver(), "its deliveries are marked redelivered: node-1 may have been mid-way");
    }

    @Test
    void aReleasedRecordIsClaimableAgainAtItsNewDueTime() {
        store.insert(record("job-1", T0));
        JobRecord claimed = store.claimDue(ACCOUNT, T0, 1, "n1", T0.plusSeconds(30)).get(0);

        JobRecord released = store.update(claimed.released().withSchedule(T0.plusSeconds(5), 0, 0), false)
                .orElseThrow();

        assertEquals(List.of(), store.claimDue(ACCOUNT, T0.plusSeconds(4), 1, "n1", T0.plusSeconds(34)));
        assertFalse(claimed.takenOver(), "a first claim takes nothing over");
        assertEquals(List.of(released.claimedBy("n1", T0.plusSeconds(35)).withVersion(released.version() + 1)),
                store.claimDue(ACCOUNT, T0.plusSeconds(5), 1, "n1", T0.plusSeconds(35)));
    }

    @Test
    void aClaimerWhoseLeaseWasTakenOverCannotCommitItsStaleCopy() throws Exception {
        store.insert(record("job-1", T0));
        JobRecord mine = store.claimDue(ACCOUNT, T0, 1, "node-1", T0.plusSeconds(30)).get(0);
        node2().claimDue(ACCOUNT, T0.plusSeconds(31), 1, "node-2", T0.plusSeconds(61));

        Optional<JobRecord> late = store.update(mine.withCursor("g", new JobRecord.Cursor("DONE", null)), true);

        assertEquals(Optional.empty(), late);
        assertEquals("node-2", store.find(ACCOUNT, "job-1").orElseThrow().leaseOwner());
    }

    @Test
    void twoClaimersNeverGetTheSameRecord() throws Exception {
        int jobs = 300;
        for (int i = 0; i < jobs; i++) {
            store.insert(record(String.format("job-%03d", i), T0.minusMillis(i)));
        }
        assertRacingClaimersTakeEachOnce("claimer-", jobs, "record", (node, owner) -> {
            List<JobRecord> batch = node.claimDue(ACCOUNT, T0, 7, owner, T0.plusSeconds(60));
            for (JobRecord r : batch) {
                assertEquals(owner, r.leaseOwner());
            }
            return ids(batch);
        });
    }

    /** One claim of a batch by one claimer: the ids it got, none when nothing is left to claim. */
    @FunctionalInterface
    private interface BatchClaim {
        List<String> claim(JobStore node, String owner) throws Exception;
    }

    /**
     * Four claimers, two on {@code store} and two on {@link #node2()}, started together, each claiming batches until
     * it gets none; then every one of {@code expected} ids was claimed, none twice. Each claimer's owner is
     * {@code ownerPrefix} and its number.
     */
    private void assertRacingClaimersTakeEachOnce(String ownerPrefix, int expected, String what,
            BatchClaim claimBatch) throws Exception {
        JobStore[] nodes = {store, node2(), store, node2()};
        ExecutorService pool = Executors.newFixedThreadPool(nodes.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int n = 0; n < nodes.length; n++) {
                JobStore node = nodes[n];
                String owner = ownerPrefix + n;
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> mine = new ArrayList<>();
                    while (true) {
                        List<String> batch = claimBatch.claim(node, owner);
                        if (batch.isEmpty()) {
                            return mine;
                        }
                        mine.addAll(batch);
                    }
                }));
            }
            start.countDown();
            Set<String> all = new HashSet<>();
            int total = 0;
            for (Future<List<String>> f : results) {
                List<String> got = f.get(60, TimeUnit.SECONDS);
                total += got.size();
                all.addAll(got);
            }
            assertEquals(expected, all.size(), "every " + what + " is claimed");
            assertEquals(expected, total, "no " + what + " is claimed twice");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nextDueIsTheEarliestUnleasedDueTime() {
        assertEquals(Optional.empty(), store.nextDue(ACCOUNT));
        store.insert(record("undecided", null));
        assertEquals(Optional.empty(), store.nextDue(ACCOUNT), "an undecided record has no due time");

        store.insert(record("b", T0.plusSeconds(20)));
        store.insert(record("a", T0.plusSeconds(10)));
        store.insert(record(OTHER_ACCOUNT, "x", T0));

        assertEquals(Optional.of(T0.plusSeconds(10)), store.nextDue(ACCOUNT));
    }

    @Test
    void dueTimesWithinOneMillisecondKeepTheirOrder() {
        // microseconds apart (what every store keeps): a store that groups due times must still compare them exactly
        Instant early = T0.plusNanos(200_000);
        Instant late = T0.plusNanos(700_000);
        store.insert(record("late", late));
        store.insert(record("early", early));

        assertEquals(Optional.of(early), store.nextDue(ACCOUNT));
        assertEquals(List.of("early"), ids(store.claimDue(ACCOUNT, early.plusNanos(1_000), 10, "n1",
                T0.plusSeconds(30))), "a job due later within the same millisecond is not due yet");
        assertEquals(Optional.of(late), store.nextDue(ACCOUNT));
    }

    @Test
    void aLeasedRecordDoesNotHideALaterUnleasedOne() {
        store.insert(record("a", T0));
        store.insert(record("b", T0.plusSeconds(10)));
        store.claimDue(ACCOUNT, T0, 1, "n1", T0.plusSeconds(60));

        Optional<Instant> next = store.nextDue(ACCOUNT);

        assertEquals(Optional.of(T0.plusSeconds(10)), next, "b is due before a's lease ends");
    }

    @Test
    void nextDueOfOnlyLeasedRecordsIsNotBeforeTheirLeaseEnds() {
        store.insert(record("a", T0));
        store.claimDue(ACCOUNT, T0, 1, "n1", T0.plusSeconds(60));

        Optional<Instant> next = store.nextDue(ACCOUNT);

        // the interface allows "none" (wait for the holder) or the lease's end (take it over then)
        assertTrue(next.isEmpty() || !next.get().isBefore(T0.plusSeconds(60)),
                "a held claim is not due again before its lease ends: " + next);
    }

    @Test
    void undecidedListsOnlyRecordsWithoutAFirstPoll() {
        JobRecord u = store.insert(record("undecided", null)).orElseThrow();
        store.insert(record("decided", T0));
        store.insert(record(OTHER_ACCOUNT, "other-undecided", null));

        assertEquals(List.of(u), store.undecided(ACCOUNT));

        store.update(u.withSchedule(T0.plusSeconds(3), 0, 0), false).orElseThrow();
        assertEquals(List.of(), store.undecided(ACCOUNT));
        assertEquals(Optional.of(T0), store.nextDue(ACCOUNT));
        assertEquals(List.of("decided", "undecided"),
                ids(store.claimDue(ACCOUNT, T0.plusSeconds(3), 10, "n1", T0.plusSeconds(33))));
    }

    @Test
    void listAndCountAreAboutOneAccount() {
        store.insert(record("a", T0));
        store.insert(record("b", null));
        store.insert(record(OTHER_ACCOUNT, "c", T0));

        assertEquals(Set.of("a", "b"), Set.copyOf(ids(store.list(ACCOUNT))));
        assertEquals(2, store.count(ACCOUNT));
        assertEquals(0, store.count("nobody"));
        assertEquals(List.of(), store.list("nobody"));
    }

    // --- intents, groups, values ---

    protected static SubmitIntent intent(String account, String id, Instant createdAt) {
        return new SubmitIntent(account, id, "sateais", "ship-detection", Map.of("workflow", "wf-9"),
                "{\"aoi\":\"POLYGON((0 0,1 0,1 1,0 0))\"}", createdAt, "node-1", 0);
    }

    @Test
    void intentsAreListedOldestFirstUntilDeleted() {
        SubmitIntent late = intent(ACCOUNT, "i-late", T0.plusSeconds(5));
        SubmitIntent early = intent(ACCOUNT, "i-early", T0);
        store.saveIntent(late);
        store.saveIntent(early);
        store.saveIntent(intent(OTHER_ACCOUNT, "i-other", T0));

        assertEquals(List.of(early, late), store.intents(ACCOUNT));

        store.deleteIntent(ACCOUNT, "i-early");
        store.deleteIntent(ACCOUNT, "never-saved");
        assertEquals(List.of(late), store.intents(ACCOUNT));
        assertEquals(List.of("i-other"), store.intents(OTHER_ACCOUNT).stream().map(SubmitIntent::intentId).toList());
        assertEquals(List.of(), store.intents("nobody"));
    }

    @Test
    void aRoundIsRunByOneClaimerUntilItsLeaseExpires() throws Exception {
        Instant until = T0.plusSeconds(300);
        JobStore node2 = node2();

        assertTrue(store.claimRound(ACCOUNT, "adoption", "node-1", T0, until));
        assertFalse(node2.claimRound(ACCOUNT, "adoption", "node-2", T0.plusSeconds(1), until.plusSeconds(1)),
                "another node does not run the round node-1 holds");
        assertTrue(store.claimRound(ACCOUNT, "adoption", "node-1", until, until.plusSeconds(300)),
                "its holder claims the next round");
        assertTrue(node2.claimRound(OTHER_ACCOUNT, "adoption", "node-2", T0, until), "each account's rounds apart");
        // node-1 dies: once its lease expires another node takes the rounds over
        assertTrue(node2.claimRound(ACCOUNT, "adoption", "node-2", until.plusSeconds(300), until.plusSeconds(600)));
        assertFalse(store.claimRound(ACCOUNT, "adoption", "node-1", until.plusSeconds(301), until.plusSeconds(601)));
    }

    @Test
    void anIntentClaimedToReconcileIsHeldByItsClaimerUntilItsLeaseExpires() throws Exception {
        store.saveIntent(intent(ACCOUNT, "i-young", T0.plusSeconds(50)));
        store.saveIntent(intent(ACCOUNT, "i-old", T0));
        store.saveIntent(intent(ACCOUNT, "i-older", T0.minusSeconds(1)));
        store.saveIntent(intent(OTHER_ACCOUNT, "i-other", T0));
        Instant now = T0.plusSeconds(60);
        Instant lease = now.plusSeconds(30);
        JobStore node2 = node2();

        List<SubmitIntent> first = store.claimIntents(ACCOUNT, T0.plusSeconds(10), now, 100, "node-1", lease);
        assertEquals(List.of("i-older", "i-old"), first.stream().map(SubmitIntent::intentId).toList(),
                "the intents old enough, oldest first, with all their fields");
        assertEquals(intent(ACCOUNT, "i-old", T0), first.get(1));
        assertEquals(List.of(), node2.claimIntents(ACCOUNT, T0.plusSeconds(10), now, 100, "node-2", lease),
                "another node does not reconcile what node-1 reconciles");
        assertEquals(List.of(), store.claimIntents(ACCOUNT, T0.plusSeconds(10), now, 100, "node-1", lease),
                "nor does node-1 twice at once");
        assertEquals(List.of("i-young"), node2.claimIntents(ACCOUNT, now, now, 100, "node-2", lease).stream()
                .map(SubmitIntent::intentId).toList(), "a claim skips the held intents, not the free ones");
        assertEquals(3, store.intents(ACCOUNT).size(), "a claim removes nothing");

        // node-1 dies mid-reconcile: once its lease expires another node takes the intents over
        assertEquals(List.of(), node2.claimIntents(ACCOUNT, now, lease.minusMillis(1), 100, "node-2", lease.plusSeconds(30)));
        List<SubmitIntent> takenOver = node2.claimIntents(ACCOUNT, now, lease, 100, "node-2", lease.plusSeconds(30));
        assertEquals(List.of("i-older", "i-old", "i-young"),
                takenOver.stream().map(SubmitIntent::intentId).toList());

        // node-2 could not settle i-young (the vendor was down): released, anyone's next reconcile takes it up
        store.releaseIntent(ACCOUNT, "i-young", "node-1");
        assertEquals(List.of(), store.claimIntents(ACCOUNT, now, lease, 100, "node-1", lease.plusSeconds(30)),
                "only the holder releases its claim");
        node2.releaseIntent(ACCOUNT, "i-young", "node-2");
        assertEquals(List.of("i-young"), store.claimIntents(ACCOUNT, now, lease, 100, "node-1", lease.plusSeconds(30))
                .stream().map(SubmitIntent::intentId).toList());

        store.deleteIntent(ACCOUNT, "i-old");
        assertEquals(List.of("i-older", "i-young"), store.claimIntents(ACCOUNT, now, lease.plusSeconds(30),
                100, "node-1", lease.plusSeconds(60)).stream().map(SubmitIntent::intentId).toList());
        assertEquals(List.of("i-other"), store.claimIntents(OTHER_ACCOUNT, now, now, 100, "node-1", lease).stream()
                .map(SubmitIntent::intentId).toList(), "each account's intents are claimed apart");
    }

    @Test
    void twoReconcilersNeverClaimTheSameIntent() throws Exception {
        int count = 60;
        for (int i = 0; i < count; i++) {
            store.saveIntent(intent(ACCOUNT, String.format("i-%02d", i), T0.minusMillis(i)));
        }
        assertRacingClaimersTakeEachOnce("reconciler-", count, "intent", (node, owner) -> {
            List<SubmitIntent> batch = node.claimIntents(ACCOUNT, T0, T0, 7, owner, T0.plusSeconds(60));
            assertTrue(batch.size() <= 7, "at most max per claim: " + batch.size());
            return batch.stream().map(SubmitIntent::intentId).toList();
        });
    }

    @Test
    void groupsAreAddedOnceAndRemoved() {
        store.addGroup(ACCOUNT, "route-a");
        store.addGroup(ACCOUNT, "route-b");
        store.addGroup(ACCOUNT, "route-a");
        store.addGroup(OTHER_ACCOUNT, "route-c");

        assertEquals(Set.of("route-a", "route-b"), store.groups(ACCOUNT));

        store.removeGroup(ACCOUNT, "route-a");
        store.removeGroup(ACCOUNT, "never-added");
        assertEquals(Set.of("route-b"), store.groups(ACCOUNT));
        assertEquals(Set.of("route-c"), store.groups(OTHER_ACCOUNT));
        assertEquals(Set.of(), store.groups("nobody"));
    }

    @Test
    void valuesAreReplacedAndKeptApartFromTheCallersArray() {
        byte[] first = "p50=12s".getBytes(StandardCharsets.UTF_8);
        store.saveValue(ACCOUNT, "durations", first);
        first[0] = 'X';

        assertArrayEquals("p50=12s".getBytes(StandardCharsets.UTF_8),
                store.loadValue(ACCOUNT, "durations").orElseThrow());

        store.saveValue(ACCOUNT, "durations", "p50=20s".getBytes(StandardCharsets.UTF_8));
        byte[] loaded = store.loadValue(ACCOUNT, "durations").orElseThrow();
        loaded[0] = 'X';
        assertArrayEquals("p50=20s".getBytes(StandardCharsets.UTF_8),
                store.loadValue(ACCOUNT, "durations").orElseThrow());
        assertEquals(Optional.empty(), store.loadValue(ACCOUNT, "other"));
        assertEquals(Optional.empty(), store.loadValue(OTHER_ACCOUNT, "durations"));
    }

    @Test
    void openAndCloseAreIdempotent() {
        store.insert(record("job-1", T0));

        store.open();

        assertEquals(1, store.count(ACCOUNT));
        assertEquals(Optional.of(T0), store.nextDue(ACCOUNT));
        store.close();
        store.close();
    }
}
