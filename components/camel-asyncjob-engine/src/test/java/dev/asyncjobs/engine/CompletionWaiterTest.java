package dev.asyncjobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompletionWaiterTest {

    private static final StatusMapping STATUSES = StatusMapping.of("Fake")
            .map("QUEUED", JobPhase.QUEUED)
            .map("RUNNING", JobPhase.RUNNING)
            .map("SUCCEEDED", JobPhase.SUCCEEDED)
            .map("FAILED", JobPhase.FAILED)
            .build();
    private static final String JOB_ID = "j-1";
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(40);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService completion = Executors.newSingleThreadExecutor(r -> new Thread(r, "route-continuation"));
    private final CompletionWaiter waiter = new CompletionWaiter(scheduler, completion, Clock.systemUTC());
    private final PollPolicy fastPolicy = PollPolicy.fixed(Map.of(), Duration.ofMillis(5), Duration.ofMillis(5),
            Duration.ZERO);
    private final JobRef job = JobRef.of("j-1", "building");

    /** The outcome of one wait: the terminal snapshot, or the failure. */
    private final CompletableFuture<JobSnapshot> outcome = new CompletableFuture<>();

    @AfterEach
    void stop() throws InterruptedException {
        scheduler.shutdownNow();
        completion.shutdownNow();
        assertTrue(scheduler.awaitTermination(5, TimeUnit.SECONDS));
        assertTrue(completion.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void completesWhenTheJobReachesATerminalStatus() throws Exception {
        FakeAsyncJobApi api = vendor()
                .then(JOB_ID, "QUEUED")
                .then(JOB_ID, "RUNNING")
                .then(JOB_ID, "RUNNING")
                .then(JOB_ID, "SUCCEEDED");

        start(api, null, LONG);

        JobSnapshot done = outcome.get(10, TimeUnit.SECONDS);
        assertEquals("SUCCEEDED", done.status());
        assertEquals(JobPhase.SUCCEEDED, done.phase());
        assertEquals("j-1", done.jobId());
        assertEquals(4, api.statusRequests(), "one status request per step, none after the end");
    }

    @Test
    void theOutcomeIsHandedToTheCompletionExecutor() throws Exception {
        FakeAsyncJobApi api = vendor().then(JOB_ID, "SUCCEEDED");
        CompletableFuture<String> thread = new CompletableFuture<>();

        waiter.await(api, fastPolicy, job, null, LONG, MAX_BACKOFF,
                s -> thread.complete(Thread.currentThread().getName()), thread::completeExceptionally);

        assertEquals("route-continuation", thread.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anAlreadyTerminalSnapshotCompletesWithoutPolling() throws Exception {
        FakeAsyncJobApi api = vendor().then(JOB_ID, "RUNNING");
        JobSnapshot submitted = snapshot("FAILED");

        start(api, submitted, LONG);

        assertSame(submitted, outcome.get(10, TimeUnit.SECONDS));
        assertEquals(0, api.statusRequests());
    }

    @Test
    void survivesTransientErrors() throws Exception {
        FakeAsyncJobApi api = vendor()
                .then(JOB_ID, "RUNNING")
                .thenThrow(JOB_ID, () -> new TransientApiException("Fake", 503, null, null, "unavailable", null))
                .thenThrow(JOB_ID,
                        () -> new RateLimitedException("Fake", null, null, "slow down", Duration.ofMillis(20)))
                .thenThrow(JOB_ID, () -> new RateLimitedException("Fake", null, null, "slow down", null))
                .thenThrow(JOB_ID, () -> new TransientApiException("Fake", 0, "TIMEOUT", null, "timed out", null))
                .then(JOB_ID, "SUCCEEDED");

        start(api, snapshot("QUEUED"), LONG);

        assertEquals("SUCCEEDED", outcome.get(10, TimeUnit.SECONDS).status());
        assertEquals(6, api.statusRequests());
    }

    @Test
    void failsWithATimeoutNamingTheLastStatus() {
        FakeAsyncJobApi api = vendor().then(JOB_ID, "RUNNING");

        start(api, snapshot("QUEUED"), Duration.ofMillis(150));

        JobWaitTimeoutException e = assertFailure(JobWaitTimeoutException.class);
        assertEquals("j-1", e.getJobId());
        assertEquals("RUNNING", e.getLastStatus(), "the status of the latest poll, not the submit's");
        assertEquals("Fake", e.getVendor());
        assertEquals("WAIT_TIMEOUT", e.getErrorCode());
        assertTrue(e.getMessage().contains("j-1") && e.getMessage().contains("RUNNING"), e.getMessage());
        assertTrue(api.statusRequests() >= 1);
    }

    @Test
    void timesOutWhilePollsKeepFailing() {
        FakeAsyncJobApi api = vendor()
                .thenThrow(JOB_ID, () -> new TransientApiException("Fake", 500, null, null, "boom", null));

        start(api, snapshot("QUEUED"), Duration.ofMillis(150));

        JobWaitTimeoutException e = assertFailure(JobWaitTimeoutException.class);
        assertEquals("QUEUED", e.getLastStatus(), "the last status known is the submit's");
    }

    @Test
    void aLongRetryAfterDoesNotDelayTheTimeout() {
        FakeAsyncJobApi api = vendor()
                .thenThrow(JOB_ID,
                        () -> new RateLimitedException("Fake", null, null, "slow down", Duration.ofHours(1)));

        start(api, null, Duration.ofMillis(150));

        assertFailure(JobWaitTimeoutException.class);
    }

    @Test
    void failsAtOnceOnANonRetryableError() {
        AuthenticationException denied = new AuthenticationException("Fake", 401, "INVALID_KEY", null, "denied");
        FakeAsyncJobApi api = vendor()
                .then(JOB_ID, "RUNNING")
                .thenThrow(JOB_ID, () -> denied)
                .then(JOB_ID, "SUCCEEDED");

        start(api, null, LONG);

        assertSame(denied, assertFailure(AuthenticationException.class));
        assertEquals(2, api.statusRequests());
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> api.statusRequests() == 2);
    }

    @Test
    void failsAtOnceWhenTheJobIsNotFound() {
        FakeAsyncJobApi api = vendor()
                .thenThrow(JOB_ID, () -> new NotFoundException("Fake", null, "no such job", "404"));

        start(api, null, LONG);

        assertFailure(NotFoundException.class);
        assertEquals(1, api.statusRequests());
    }

    @Test
    void failsOnAnUnexpectedException() {
        FakeAsyncJobApi api = vendor().thenThrow(JOB_ID, () -> new IllegalStateException("adapter bug"));

        start(api, null, LONG);

        assertEquals("adapter bug", assertFailure(IllegalStateException.class).getMessage());
    }

    @Test
    void waitsForTheFirstPollDelay() {
        FakeAsyncJobApi api = vendor().then(JOB_ID, "SUCCEEDED");
        PollPolicy slowStart = PollPolicy.fixed(Map.of("building", Duration.ofHours(1)), Duration.ofMillis(5),
                Duration.ofMillis(5), Duration.ZERO);

        start(api, slowStart, null, LONG);

        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> api.statusRequests() == 0);
        assertFalse(outcome.isDone());
    }

    @Test
    void aJobFollowedInThisProcessCostsNoRequestAndEndsWithWhatTheFollowerSaw() throws Exception {
        FakeAsyncJobApi api = vendor().then(JOB_ID, "RUNNING");
        AtomicInteger looked = new AtomicInteger();
        CompletionWaiter.FollowedBy follower = followed(looked, () -> false);
        waiter.await(api, fastPolicy, job, snapshot("QUEUED"), LONG, MAX_BACKOFF, "account-1", follower,
                outcome::complete, outcome::completeExceptionally);
        await().until(() -> looked.get() >= 5);
        waiter.observed("account-1", "j-1", snapshot("RUNNING"));
        waiter.observed("account-2", "j-1", snapshot("SUCCEEDED")); // another account's job of the same id
        await().until(() -> looked.get() >= 10);
        assertFalse(outcome.isDone(), "only this account's terminal status ends the wait");

        waiter.observed("account-1", "j-1", snapshot("SUCCEEDED"));

        assertEquals("SUCCEEDED", outcome.get(10, TimeUnit.SECONDS).status());
        assertEquals(0, api.statusRequests(),
                "the follower's answers were enough: no status request of the wait's own");
        assertEquals(0, waiter.pending());
    }

    @Test
    void aFollowedJobWhoseRecordSaysItEndedIsAskedForOnce() throws Exception {
        FakeAsyncJobApi api = vendor().then(JOB_ID, "SUCCEEDED");
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicInteger looked = new AtomicInteger();
        CompletionWaiter.FollowedBy otherNode = followed(looked, ended::get);
        waiter.await(api, fastPolicy, job, snapshot("QUEUED"), LONG, MAX_BACKOFF, "account-1", otherNode,
                outcome::complete, outcome::completeExceptionally);
        await().until(() -> looked.get() >= 5);
        assertEquals(0, api.statusRequests(), "no request while the record says the job runs");

        ended.set(true); // another node's follower saw the end: this node learns it from the record

        assertEquals("SUCCEEDED", outcome.get(10, TimeUnit.SECONDS).status());
        assertEquals(1, api.statusRequests(), "one request, to read the terminal answer");
    }

    @Test
    void aFollowedJobConfirmedGoneFailsTheWaitAsItsOwnRequestWould() {
        FakeAsyncJobApi api = vendor().then(JOB_ID, "RUNNING");
        waiter.await(api, fastPolicy, job, snapshot("QUEUED"), LONG, MAX_BACKOFF, "account-1",
                followed(new AtomicInteger(), () -> false), outcome::complete, outcome::completeExceptionally);

        waiter.observed("account-1", "j-1", JobSnapshot.notFound("j-1", "NOT_FOUND", "no such job"));

        NotFoundException gone = assertFailure(NotFoundException.class);
        assertTrue(gone.getMessage().contains("j-1"), gone.getMessage());
        assertEquals(0, api.statusRequests());
    }

    @Test
    void waitsAreTimedOnTheComponentsClockNotInRealTime() throws Exception {
        MutableClock simulated = new MutableClock();
        CompletionWaiter onSimulatedTime = new CompletionWaiter(scheduler, completion, simulated);
        FakeAsyncJobApi api = vendor().then(JOB_ID, "RUNNING").then(JOB_ID, "SUCCEEDED");
        PollPolicy hourly = PollPolicy.fixed(Map.of(), Duration.ZERO, Duration.ofHours(1), Duration.ZERO);
        onSimulatedTime.await(api, hourly, job, null, Duration.ofDays(1), MAX_BACKOFF, outcome::complete,
                outcome::completeExceptionally);
        await().until(() -> api.statusRequests() == 1); // the first poll, due at once

        simulated.advance(Duration.ofHours(1)); // an hour of the component's time: a simulator at speed, a test

        assertEquals("SUCCEEDED", outcome.get(10, TimeUnit.SECONDS).status());
        assertEquals(2, api.statusRequests());
    }

    /** A follower that polls the job, counting how often the wait looked, with what its record says of the end. */
    private static CompletionWaiter.FollowedBy followed(AtomicInteger looked, java.util.function.BooleanSupplier ended) {
        return new CompletionWaiter.FollowedBy() {
            @Override
            public boolean following() {
                looked.incrementAndGet();
                return true;
            }

            @Override
            public boolean mayHaveEnded() {
                return ended.getAsBoolean();
            }
        };
    }

    private void start(FakeAsyncJobApi api, JobSnapshot latest, Duration timeout) {
        start(api, fastPolicy, latest, timeout);
    }

    private void start(FakeAsyncJobApi api, PollPolicy policy, JobSnapshot latest, Duration timeout) {
        waiter.await(api, policy, job, latest, timeout, MAX_BACKOFF, outcome::complete, outcome::completeExceptionally);
    }

    private <T extends Throwable> T assertFailure(Class<T> type) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> outcome.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(type, e.getCause());
    }

    /** A vendor whose status answers for the job are scripted; the last answer repeats. */
    private static FakeAsyncJobApi vendor() {
        return new FakeAsyncJobApi(STATUSES);
    }

    private static JobSnapshot snapshot(String status) {
        return JobSnapshot.builder("j-1", status, STATUSES).build();
    }
}
