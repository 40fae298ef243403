package dev.asyncjobs.engine.follow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.asyncjobs.engine.spi.FakeAsyncJobApi;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.MutableClock;
import dev.asyncjobs.engine.store.InMemoryJobStore;
import dev.asyncjobs.engine.store.JobRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the follow loop's due jobs come from: the account's store while a group subscribes, and the waits' own. */
class DueJobsTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    /** The jobs' clock, an hour behind the wall clock: due times follow it, leases must not. */
    private final MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
    private final FakeAsyncJobApi api = new FakeAsyncJobApi();
    private final InMemoryJobStore store = new InMemoryJobStore();
    private final Subscriptions subscriptions = new Subscriptions();
    private final DueJobs due = new DueJobs(new DueJobs.Source(new Settlement(store, "acct", "node-1", "Fake", clock),
            api, true, null), subscriptions, LEASE);

    private void trackDue(String id, Instant at) {
        store.insert(JobRecord.track("acct", JobRef.of(id), null, clock.instant(), at, null));
    }

    private JobWait waitOn(String id) {
        return new JobWait(JobRef.of(id), null, api, api.pollPolicy(), null, Duration.ofMinutes(1), s -> {
        }, e -> {
        }, Runnable::run);
    }

    private static List<String> ids(List<DueJobs.Claim> claims) {
        return claims.stream().map(c -> c.record().jobId()).toList();
    }

    @Test
    void theAccountsJobsAreClaimedOnlyWhileAGroupSubscribes() {
        trackDue("a", clock.instant());

        assertEquals(List.of(), ids(due.claim(clock.instant(), 4)), "no group: nobody wants the account's jobs");
        assertFalse(due.anyDue(clock.instant()));

        subscriptions.add(new RecordingGroup("g", s -> true, false));
        assertTrue(due.anyDue(clock.instant()));
        assertEquals(List.of("a"), ids(due.claim(clock.instant(), 4)));
        assertTrue(due.claim(clock.instant(), 4).isEmpty(), "claimed: leased until its lease ends");
    }

    @Test
    void aWaitsOwnJobIsClaimedBeforeTheGroupsJobs() {
        subscriptions.add(new RecordingGroup("g", s -> true, false));
        trackDue("shared", clock.instant().minusSeconds(60)); // due for longer
        due.pollOwn(waitOn("waited"), clock.instant());

        List<DueJobs.Claim> first = due.claim(clock.instant(), 1);
        assertEquals(List.of("waited"), ids(first), "a wait is someone's exchange");
        assertFalse(first.get(0).source().shared());
        assertEquals(List.of("shared"), ids(due.claim(clock.instant(), 1)));
    }

    @Test
    void aClaimsLeaseIsRealTimeWhateverTheJobsClock() {
        subscriptions.add(new RecordingGroup("g", s -> true, false));
        trackDue("a", clock.instant());
        Instant before = Instant.now();

        JobRecord claimed = due.claim(clock.instant(), 1).get(0).record();

        assertEquals("node-1", claimed.leaseOwner());
        assertFalse(claimed.leaseUntil().isBefore(before.plus(LEASE)), "the lease ends " + LEASE
                + " of real time after the claim, not of the jobs' clock (an hour behind): " + claimed.leaseUntil());
    }

    @Test
    void theNextDueTimeIsTheEarliestOverTheStoresAndAForgottenWaitLeavesNone() {
        subscriptions.add(new RecordingGroup("g", s -> true, false));
        trackDue("shared", clock.instant().plusSeconds(60));
        JobWait wait = waitOn("waited");
        due.pollOwn(wait, clock.instant().plusSeconds(10));

        assertEquals(clock.instant().plusSeconds(10), due.nextDue().orElseThrow());

        due.forgetOwn(wait);
        assertEquals(clock.instant().plusSeconds(60), due.nextDue().orElseThrow(), "the wait's job left the own store");
        assertTrue(due.claim(clock.instant().plusSeconds(30), 4).isEmpty());
    }

    @Test
    void aWaitAskedSoonerMovesItsOwnJobEarlierNeverLater() {
        JobWait wait = waitOn("waited");
        due.pollOwn(wait, clock.instant().plusSeconds(30));
        due.pollOwn(wait, clock.instant().plusSeconds(5));
        assertEquals(clock.instant().plusSeconds(5), due.nextDue().orElseThrow());

        due.pollOwn(wait, clock.instant().plusSeconds(50));
        assertEquals(clock.instant().plusSeconds(5), due.nextDue().orElseThrow());
    }
}
