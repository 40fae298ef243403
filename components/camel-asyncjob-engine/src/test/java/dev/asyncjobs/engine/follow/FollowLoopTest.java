package dev.asyncjobs.engine.follow;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import dev.asyncjobs.engine.spi.FakeAsyncJobApi;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.engine.store.InMemoryJobStore;
import dev.asyncjobs.engine.store.JobRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The follow loop against an in-memory vendor: groups, acks and nacks, 404s, submit deliveries, claims that end. */
class FollowLoopTest {

    private final FakeAsyncJobApi api = new FakeAsyncJobApi();
    private final InMemoryJobStore store = new InMemoryJobStore();
    private final JobTracker tracker = new JobTracker(store, Clock.systemUTC(), "acct");
    private ScheduledExecutorService timer;
    private ExecutorService pool;
    private FollowLoop follower;

    @BeforeEach
    void start() {
        timer = Executors.newSingleThreadScheduledExecutor();
        pool = Executors.newFixedThreadPool(4);
        follower = new FollowLoop(tracker, api, api.pollPolicy(), RequestPacer.unlimited(), timer, pool,
                new FollowLoop.Settings(4, Duration.ofMillis(100), Duration.ofSeconds(30), new NotFoundRule(3, Duration.ofSeconds(2)),
                        Duration.ofSeconds(1), Duration.ofMillis(20)),
                "node-1");
    }

    @AfterEach
    void stop() {
        follower.stop();
        timer.shutdownNow();
        pool.shutdownNow();
    }

    private void submit(String id) {
        api.setStatus(id, "pending");
        tracker.track(JobRef.of(id), FakeAsyncJobApi.snapshot(id, "pending"));
    }

    @Test
    void eachGroupReceivesWhatPassesItsOwnFilter() {
        RecordingGroup all = new RecordingGroup("all", s -> true, false);
        RecordingGroup failures = new RecordingGroup("failures", s -> s.phase() == JobPhase.FAILED, false);
        follower.start();
        follower.subscribe(all);
        follower.subscribe(failures);
        submit("a");
        submit("b");
        api.setStatus("a", "running");
        api.setStatus("b", "running");
        await().until(() -> all.received.size() == 2);
        api.setStatus("a", "done");
        api.setStatus("b", "failed");
        await().until(() -> tracker.size() == 0);

        assertEquals(List.of("a:pending->running", "a:running->done", "b:pending->running", "b:running->failed"),
                all.received.stream().sorted().toList());
        assertEquals(List.of("b:running->failed"), failures.received);
    }

    @Test
    void aNackedTransitionComesAgainMarkedRedeliveredAndTheJobWaitsForEveryGroup() {
        RecordingGroup flaky = new RecordingGroup("flaky", s -> true, false);
        AtomicInteger nacks = new AtomicInteger();
        flaky.ack = d -> !(d.snapshot().terminal() && nacks.getAndIncrement() == 0);
        follower.start();
        follower.subscribe(flaky);
        submit("a");
        api.setStatus("a", "done");
        await().until(() -> tracker.size() == 0);
        assertEquals(List.of("a:pending->done", "a:pending->done (redelivered)"), flaky.received);
    }

    @Test
    void aGroupAskingForTheSubmitGetsItFirstAndOnlyOnce() {
        RecordingGroup events = new RecordingGroup("events", s -> true, true);
        follower.start();
        follower.subscribe(events);
        submit("a");
        await().until(() -> events.received.size() == 1);
        api.setStatus("a", "done");
        await().until(() -> tracker.size() == 0);
        assertEquals(List.of("a:null->pending", "a:pending->done"), events.received);
    }

    @Test
    void oneNotFoundIsNotTheEndButConfirmedOnesAre() {
        RecordingGroup all = new RecordingGroup("all", s -> true, false);
        follower.start();
        follower.subscribe(all);
        submit("blip");
        submit("gone");
        api.forget("blip");
        api.forget("gone");
        await().until(() -> tracker.get("blip").map(JobRecord::notFoundCount).orElse(0) >= 1);
        api.setStatus("blip", "done");
        await().until(() -> tracker.size() == 0);
        assertEquals(List.of("blip:pending->done", "gone:pending->NOT_FOUND"), all.received.stream().sorted().toList());
    }

    @Test
    void aClaimThatAnotherOwnerHeldPastItsLeaseIsTakenOverAndMarkedRedelivered() {
        RecordingGroup all = new RecordingGroup("all", s -> true, false);
        submit("a");
        // another node claimed the job and died: its lease is already over
        tracker.modify("a", r -> r.withSchedule(r.trackedSince(), 0, 0), false);
        store.claimDue("acct", java.time.Instant.now(), 1, "node-dead", java.time.Instant.now().minusMillis(1));
        api.setStatus("a", "done");
        follower.subscribe(all); // before start: a job polled with no group yet would end unseen
        follower.start();
        await().until(() -> tracker.size() == 0);
        assertEquals(List.of("a:pending->done (redelivered)"), all.received);
    }

    @Test
    void aThrowableWhileHandlingAJobReleasesItsClaim() {
        RecordingGroup broken = new RecordingGroup("broken", s -> true, false);
        AtomicInteger errors = new AtomicInteger();
        broken.ack = d -> {
            if (errors.getAndIncrement() == 0) {
                throw new Error("simulated: an Error, not an Exception, while handling the job");
            }
            return true;
        };
        follower.start();
        follower.subscribe(broken);
        submit("a");
        api.setStatus("a", "done");
        await().until(() -> tracker.size() == 0);
        assertTrue(errors.get() >= 2, "the job was handled again after the Error, not left claimed");
    }
}
