package dev.asyncjobs.engine.follow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.AuthenticationException;
import dev.asyncjobs.engine.spi.FakeAsyncJobApi;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.JobWaitStoppedException;
import dev.asyncjobs.engine.spi.JobWaitTimeoutException;
import dev.asyncjobs.engine.spi.MutableClock;
import dev.asyncjobs.engine.spi.NotFoundException;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.spi.RateLimitedException;
import dev.asyncjobs.engine.spi.StatusMapping;
import dev.asyncjobs.engine.spi.TransientApiException;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.engine.metrics.AsyncJobMetrics;
import dev.asyncjobs.engine.store.InMemoryJobStore;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.engine.store.JobRecord.Cursor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Producers' waits as subscriptions of the account's follow loop: the same judge of every answer as for consumer
 * groups (a 404 is confirmed by the same rule, 429s and failures back off), no request of their own where a group
 * polls the job, a timeout in real time, and the outcome on the completions executor.
 */
class JobWaitTest {

    private static final StatusMapping STATUSES = StatusMapping.of("Fake")
            .map("QUEUED", JobPhase.QUEUED)
            .map("RUNNING", JobPhase.RUNNING)
            .map("SUCCEEDED", JobPhase.SUCCEEDED)
            .map("FAILED", JobPhase.FAILED)
            .build();
    private static final String JOB_ID = "j-1";
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final PollPolicy FAST = PollPolicy.fixed(Map.of(), Duration.ofMillis(5), Duration.ofMillis(5),
            Duration.ZERO);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ExecutorService completions = Executors.newSingleThreadExecutor(
            r -> new Thread(r, "route-continuation"));
    private final InMemoryJobStore store = new InMemoryJobStore();
    private final JobRef job = JobRef.of(JOB_ID, "building");
    private final CompletableFuture<JobSnapshot> outcome = new CompletableFuture<>();
    private FakeAsyncJobApi api = new FakeAsyncJobApi(STATUSES);
    private JobTracker tracker;
    private FollowLoop loop;

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
        }
        timer.shutdownNow();
        pool.shutdownNow();
        completions.shutdownNow();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    }

    private void startLoop(Clock clock, NotFoundRule notFound) {
        createLoop(clock, notFound);
        loop.start();
    }

    private void createLoop(Clock clock, NotFoundRule notFound) {
        tracker = new JobTracker(store, clock, "acct");
        loop = new FollowLoop(tracker, api, FAST, RequestPacer.unlimited(), timer, pool, completions,
                new FollowLoop.Settings(2, Duration.ofMillis(40), Duration.ofSeconds(30), notFound,
                        Duration.ofSeconds(1), Duration.ofMillis(10)), "node-1", AsyncJobMetrics.NOOP);
    }

    private void waitFor(JobSnapshot latest, Duration timeout) {
        loop.await(job, null, null, FAST, latest, timeout, outcome::complete, outcome::completeExceptionally);
    }

    @Test
    void completesWhenTheJobEndsWithOneRequestPerStep() throws Exception {
        api.then(JOB_ID, "QUEUED").then(JOB_ID, "RUNNING").then(JOB_ID, "RUNNING").then(JOB_ID, "SUCCEEDED");
        startLoop(Clock.systemUTC(), new NotFoundRule(3, Duration.ofSeconds(2)));

        waitFor(null, LONG);

        JobSnapshot done = outcome.get(10, TimeUnit.SECONDS);
        assertEquals("SUCCEEDED", done.status());
        assertEquals(4, api.statusRequests(), "one status request per step, none after the end");
        await().until(() -> loop.pendingWaits() == 0);
    }

    @Test
    void theOutcomeRunsOnTheCompletionsExecutor() throws Exception {
        api.then(JOB_ID, "SUCCEEDED");
        startLoop(Clock.systemUTC(), new NotFoundRule(3, Duration.ofSeconds(2)));
        CompletableFuture<String> thread = new CompletableFuture<>();

        loop.await(job, null, null, FAST, null, LONG, s -> thread.complete(Thread.currentThread().getName()),
                thread::completeExceptionally);

        assertEquals("route-continuation", thread.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anAlreadyTerminalAnswerCompletesWithoutARequest() throws Exception {
        startLoop(Clock.systemUTC(), new NotFoundRule(3, Duration.ofSeconds(2)));
        JobSnapshot submitted = snapshot("FAILED");

        waitFor(submitted, LONG);

        assertSame(submitted, outcome.get(10, TimeUnit.SECONDS));
        assertEquals(0, api.statusRequests());
    }

    @Test
    void transientErrorsAnd429sAreWaitedThrough() throws Exception {
        api.then(JOB_ID, "RUNNING")
                .thenThrow(JOB_ID, () -> new TransientApiException("Fake", 503, null, null, "unavailable", null))
                .thenThrow(JOB_ID, () -> new RateLimitedException("Fake", null, null, "slow down", null))
                .thenThrow(JOB_ID, () -> new IllegalStateException("a bug in the vendor's mapping"))
                .then(JOB_ID, "SUCCEEDED");
        startLoop(Clock.systemUTC(), new NotFoundRule(3, Duration.ofSeconds(2)));

        waitFor(snapshot("QUEUED"), LONG);

        assertEquals("SUCCEEDED", outcome.get(10, TimeUnit.SECONDS).status());
        assertEquals(5, api.statusRequests());
    }

    @Test
    void oneNotFoundIsNotTheEndOfTheJob() throws Exception {
        api.then(JOB_ID, "RUNNING")
                .thenThrow(JOB_ID, () -> new NotFoundException("Fake", null, "no such job", "404"))
                .then(JOB_ID, "SUCCEEDED");
        startLoop(Clock.systemUTC(), new NotFoundRule(3, Duration.ofMillis(50)));

        waitFor(null, LONG);

        assertEquals("SUCCEEDED", outcome.get(10, TimeUnit.SECONDS).status());
    }

    @Test
    void aConfirmedNotFoundFailsTheWaitNamingTheJob() {
        api.thenThrow(JOB_ID, () -> new NotFoundException("Fake", null, "no such job", "404"));
        startLoop(Clock.systemUTC(), new NotFoundRule(3, Duration.ofMillis(30)));

        waitFor(snapshot("QUEUED"), LONG);

        NotFoundException gone = assertFailure(NotFoundException.class);
        assertTrue(gone.getMessage().contains(JOB_ID), gone.getMessage());
        assertTrue(api.statusRequests() >= 3, "confirmed by three answers: " + api.statusRequests());
    }

    @Test
    void aRejectedKeyFailsTheWait() {
        AuthenticationException denied = new AuthenticationException("Fake", 401, "INVALID_KEY", null, "denied");
        api.then(JOB_ID, "RUNNING").thenThrow(JOB_ID, () -> denied).then(JOB_ID, "SUCCEEDED");
        startLoop(Clock.systemUTC(), new NotFoundRule(3, Duration.ofSeconds(2)));

        waitFor(null, LONG);

        assertSame(denied, assertFailure(AuthenticationException.class));
        assertEquals(2, api.statusRequests());
    }

    @Test
    void theTimeoutNamesTheLastStatus() {
        api.then(JOB_ID, "RUNNING");
        startLoop(Clock.systemUTC(), new NotFoundRule(3, Duration.ofSeconds(2)));

        waitFor(snapshot("QUEUED"), Duration.ofMillis(300));

        JobWaitTimeoutException e = assertFailure(JobWaitTimeoutException.class);
        assertEquals(JOB_ID, e.getJobId());
        assertEquals("RUNNING", e.getLastStatus(), "the status of the latest poll, not the submit's");
        assertEquals(0, loop.pendingWaits());
    }

    @Test
    void theTimeoutIsRealTimeEvenWhenTheJobsClockStandsStill() {
        api.then(JOB_ID, "RUNNING");
        startLoop(new MutableClock(), new NotFoundRule(3, Duration.ofSeconds(2)));

        waitFor(snapshot("QUEUED"), Duration.ofMillis(300));

        assertEquals("QUEUED", assertFailure(JobWaitTimeoutException.class).getLastStatus());
    }

    @Test
    void pollsFollowTheJobsClock() throws Exception {
        api.then(JOB_ID, "RUNNING").then(JOB_ID, "SUCCEEDED");
        MutableClock simulated = new MutableClock();
        startLoop(simulated, new NotFoundRule(3, Duration.ofSeconds(2)));
        PollPolicy hourly = PollPolicy.fixed(Map.of(), Duration.ZERO, Duration.ofHours(1), Duration.ZERO);

        loop.await(job, null, null, hourly, null, LONG, outcome::complete, outcome::completeExceptionally);
        await().until(() -> api.statusRequests() == 1); // the first poll, due at once
        simulated.advance(Duration.ofHours(1)); // an hour of the jobs' clock: a simulator at speed, a test

        assertEquals("SUCCEEDED", outcome.get(10, TimeUnit.SECONDS).status());
        assertEquals(2, api.statusRequests());
    }

    @Test
    void aJobAGroupFollowsCostsTheWaitNoRequestOfItsOwn() throws Exception {
        api.then(JOB_ID, "RUNNING").then(JOB_ID, "SUCCEEDED");
        startLoop(Clock.systemUTC(), new NotFoundRule(3, Duration.ofSeconds(2)));
        RecordingGroup group = new RecordingGroup("g", s -> true, false);
        loop.subscribe(group);
        tracker.track(job, snapshot("QUEUED"));

        waitFor(snapshot("QUEUED"), LONG);

        assertEquals("SUCCEEDED", outcome.get(10, TimeUnit.SECONDS).status());
        await().until(() -> group.received.size() == 2);
        assertEquals(2, api.statusRequests(), "the group's two polls ended the wait too: " + group.received);
    }

    @Test
    void aJobAnotherNodeFollowsIsAskedForOnceItsRecordShowsTheEnd() throws Exception {
        api.then(JOB_ID, "SUCCEEDED");
        createLoop(Clock.systemUTC(), new NotFoundRule(3, Duration.ofSeconds(2)));
        tracker.track(job, snapshot("QUEUED"));
        // another node holds the job's claim: this node's group cannot poll it
        Instant now = Instant.now();
        JobRecord undecided = store.find("acct", JOB_ID).orElseThrow();
        store.update(undecided.withSchedule(now, 0, 0), false);
        assertEquals(1, store.claimDue("acct", now, now, 1, "node-2", now.plus(Duration.ofMinutes(5))).size());
        loop.start();
        loop.subscribe(new RecordingGroup("g", s -> true, false));

        waitFor(snapshot("QUEUED"), LONG);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> api.statusRequests() == 0);
        assertFalse(outcome.isDone());

        // node 2 saw the end and committed it: this node learns it from the record and asks once
        JobRecord held = store.find("acct", JOB_ID).orElseThrow();
        store.update(held.withCursor("g", new Cursor("SUCCEEDED", null)), true);

        assertEquals("SUCCEEDED", outcome.get(10, TimeUnit.SECONDS).status());
        assertEquals(1, api.statusRequests(), "one request, to read the terminal answer");
    }

    @Test
    void stoppingTheLoopEndsEveryWaitNamingItsJob() {
        api.then(JOB_ID, "RUNNING");
        startLoop(Clock.systemUTC(), new NotFoundRule(3, Duration.ofSeconds(2)));
        waitFor(snapshot("QUEUED"), LONG);

        loop.stop();

        JobWaitStoppedException e = assertFailure(JobWaitStoppedException.class);
        assertEquals(JOB_ID, e.getJobId());
    }

    private <T extends Throwable> T assertFailure(Class<T> type) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> outcome.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(type, e.getCause());
    }

    private static JobSnapshot snapshot(String status) {
        return JobSnapshot.builder(JOB_ID, status, STATUSES).build();
    }
}
