package dev.asyncjobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.asyncjobs.engine.tracking.JobTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for jobs to reach a terminal status without holding a thread per job: each wait is a chain of steps timed by
 * a shared scheduler, one status request per step, spaced by the poll policy (and by backoff after transient errors).
 * The requests and the outcome run on {@code completionExecutor}, so neither a rate-limit pause nor a slow route
 * continuation delays other waits.
 * <p>
 * A job that a consumer of the same account follows in this process costs no request of its own: the wait is told
 * each status the follower sees ({@link #observed}) and completes on the terminal one. While followed it only checks
 * the job's record at its own interval, and asks the vendor once when the record says the job may have ended (another
 * node's follower saw it end, or it left tracking).
 */
public final class CompletionWaiter {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionWaiter.class);

    private final java.util.Set<Wait> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The waits by account and job id, for {@link #observed}. */
    private final java.util.Map<String, java.util.Set<Wait>> byJob = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean stopped;
    private final ScheduledExecutorService scheduler;
    private final Executor completionExecutor;
    private final Clock clock;
    /**
     * Whether the clock is the system's: then a step sleeps exactly until it is due. Any other clock (a simulator's,
     * a test's) may run faster or slower than real time, so steps look at it every {@link #LOOK_EVERY} instead.
     */
    private final boolean realTime;
    private static final Duration LOOK_EVERY = Duration.ofMillis(100);

    public CompletionWaiter(ScheduledExecutorService scheduler, Executor completionExecutor, Clock clock) {
        this.scheduler = scheduler;
        this.completionExecutor = completionExecutor;
        this.clock = clock;
        this.realTime = clock.getClass() == Clock.systemUTC().getClass();
    }

    /** Who else polls a waited job: a follower in this process, whose answers the wait is told of. */
    public interface FollowedBy {

        /** Nobody: the wait polls on its own. */
        FollowedBy NOBODY = new FollowedBy() {
            @Override
            public boolean following() {
                return false;
            }

            @Override
            public boolean mayHaveEnded() {
                return true;
            }
        };

        /** Whether a follower polls the job now, so the wait sends no status request of its own. */
        boolean following();

        /** Whether the job's record says it may have ended (or it left tracking): the wait then asks the vendor once. */
        boolean mayHaveEnded();
    }

    /**
     * Starts waiting, polling on its own.
     *
     * @param api        the vendor
     * @param policy     when to poll
     * @param job        the job
     * @param latest     what is known so far (the submit's answer), or null
     * @param timeout    how long to wait at most
     * @param maxBackoff the longest pause after repeated transient errors
     * @param onTerminal called with the terminal snapshot
     * @param onFailure  called with a {@link JobWaitTimeoutException} or a non-retryable API error
     */
    public void await(AsyncJobApi api, PollPolicy policy, JobRef job, JobSnapshot latest, Duration timeout,
                      Duration maxBackoff, Consumer<JobSnapshot> onTerminal, Consumer<Throwable> onFailure) {
        await(api, policy, job, latest, timeout, maxBackoff, null, FollowedBy.NOBODY, onTerminal, onFailure);
    }

    /**
     * Starts waiting on a job of an account that a follower may poll.
     *
     * @param account    the account the job belongs to, as passed to {@link #observed}
     * @param followedBy whether a follower polls the job now
     * @see #await(AsyncJobApi, PollPolicy, JobRef, JobSnapshot, Duration, Duration, Consumer, Consumer)
     */
    public void await(AsyncJobApi api, PollPolicy policy, JobRef job, JobSnapshot latest, Duration timeout,
                      Duration maxBackoff, String account, FollowedBy followedBy, Consumer<JobSnapshot> onTerminal,
                      Consumer<Throwable> onFailure) {
        Instant deadline = clock.instant().plus(timeout);
        if (latest != null && latest.terminal()) {
            completionExecutor.execute(() -> onTerminal.accept(latest));
            return;
        }
        Wait wait = new Wait(api, policy, job, deadline, timeout, maxBackoff, onTerminal, onFailure,
                account != null ? account + '\u0000' + job.jobId() : null, followedBy);
        wait.lastStatus = latest != null ? latest.status() : null;
        pending.add(wait);
        if (wait.key != null) {
            byJob.computeIfAbsent(wait.key, k -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(wait);
        }
        if (stopped) {
            wait.finishStopped(null);
            return;
        }
        wait.schedule(policy.firstPollDelay(job, latest));
    }

    /**
     * A follower saw a status of an account's job: waits on it learn it, and a terminal one completes them, with no
     * request of their own.
     */
    public void observed(String account, String jobId, JobSnapshot snapshot) {
        java.util.Set<Wait> waits = byJob.get(account + '\u0000' + jobId);
        if (waits == null) {
            return;
        }
        for (Wait wait : List.copyOf(waits)) {
            if (snapshot.phase() == JobPhase.NOT_FOUND) {
                // confirmed gone (the follower asked several times): what the wait's own request would have ended with
                wait.cancelStep();
                wait.completeOnExecutor(() -> wait.fail(new NotFoundException(wait.api.vendor(), snapshot.errorCode(),
                        snapshot.errorMessage(), wait.api.vendor() + " no longer knows job " + jobId + " (last status "
                                + wait.lastStatus + ")")));
                continue;
            }
            wait.lastStatus = snapshot.status();
            if (snapshot.terminal()) {
                wait.cancelStep();
                wait.completeOnExecutor(() -> wait.succeed(snapshot));
            }
        }
    }

    /** Waits not finished yet. */
    public int pending() {
        return pending.size();
    }

    /**
     * Ends every wait now: each waiting exchange completes with an exception that names its job and its last known
     * status, so the caller can follow it later (the job stays tracked). Called when the component stops.
     */
    public void stop() {
        stopped = true;
        for (Wait wait : List.copyOf(pending)) {
            wait.finishStopped(null);
        }
    }

    private final class Wait implements Runnable {
        private final AsyncJobApi api;
        private final PollPolicy policy;
        private final JobRef job;
        private final Instant deadline;
        private final Duration timeout;
        private final Duration maxBackoff;
        private final Consumer<JobSnapshot> onTerminal;
        private final Consumer<Throwable> onFailure;
        private final String key;
        private final FollowedBy followedBy;
        private volatile String lastStatus;
        private int failures;
        private final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        private volatile java.util.concurrent.ScheduledFuture<?> step;
        /** When the next step is due, on the component's clock. */
        private volatile Instant dueAt;

        Wait(AsyncJobApi api, PollPolicy policy, JobRef job, Instant deadline, Duration timeout, Duration maxBackoff,
             Consumer<JobSnapshot> onTerminal, Consumer<Throwable> onFailure, String key, FollowedBy followedBy) {
            this.key = key;
            this.followedBy = followedBy;
            this.api = api;
            this.policy = policy;
            this.job = job;
            this.deadline = deadline;
            this.timeout = timeout;
            this.maxBackoff = maxBackoff;
            this.onTerminal = onTerminal;
            this.onFailure = onFailure;
        }

        void schedule(Duration delay) {
            Instant now = clock.instant();
            Duration untilDeadline = Duration.between(now, deadline);
            Duration next = delay.compareTo(untilDeadline) > 0 ? untilDeadline : delay;
            if (next.isNegative()) {
                next = Duration.ZERO;
            }
            dueAt = now.plus(next);
            arm(next);
        }

        /** Sleeps until the step is due, or looks at the clock again sooner when it is not the system's. */
        private void arm(Duration untilDue) {
            Duration sleep = realTime || untilDue.compareTo(LOOK_EVERY) < 0 ? untilDue : LOOK_EVERY;
            try {
                // the scheduler only keeps time; the status request (which may wait for the key's rate limit) runs on
                // the completion executor, so one paused key cannot hold up the other waits
                step = scheduler.schedule(this::tick, sleep.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                finishStopped(e);
            }
        }

        private void tick() {
            if (finished.get()) {
                return;
            }
            Instant now = clock.instant();
            if (now.isBefore(dueAt)) {
                arm(Duration.between(now, dueAt));
                return;
            }
            requestOnExecutor();
        }

        private void requestOnExecutor() {
            try {
                completionExecutor.execute(this);
            } catch (RejectedExecutionException e) {
                finishStopped(e);
            }
        }

        /** The component is stopping: the waiting exchange must still complete (the job stays tracked). */
        void finishStopped(RejectedExecutionException e) {
            cancelStep();
            fail(new JobWaitStoppedException(api.vendor(), job.jobId(), lastStatus, e));
        }

        void cancelStep() {
            java.util.concurrent.ScheduledFuture<?> s = step;
            if (s != null) {
                s.cancel(false);
            }
        }

        private void succeed(JobSnapshot snapshot) {
            if (finished.compareAndSet(false, true)) {
                forget();
                onTerminal.accept(snapshot);
            }
        }

        private void fail(Throwable failure) {
            if (finished.compareAndSet(false, true)) {
                forget();
                onFailure.accept(failure);
            }
        }

        private void forget() {
            pending.remove(this);
            if (key != null) {
                byJob.computeIfPresent(key, (k, waits) -> {
                    waits.remove(this);
                    return waits.isEmpty() ? null : waits;
                });
            }
        }

        @Override
        public void run() {
            if (finished.get()) {
                return;
            }
            Duration delay;
            if (followedBy.following() && !followedBy.mayHaveEnded()) {
                // the account's follower polls it and tells us what it sees: no request of our own
                if (!clock.instant().isBefore(deadline)) {
                    completeOnExecutor(() -> fail(new JobWaitTimeoutException(api.vendor(), job.jobId(), lastStatus, timeout)));
                } else if (!finished.get()) {
                    schedule(policy.nextPollDelay(job, null));
                }
                return;
            }
            try {
                JobSnapshot snapshot = api.fetchJob(job);
                failures = 0;
                lastStatus = snapshot.status();
                if (snapshot.terminal()) {
                    completeOnExecutor(() -> succeed(snapshot));
                    return;
                }
                delay = policy.nextPollDelay(job, snapshot);
            } catch (AsyncJobApiException e) {
                if (!e.isRetryable()) {
                    completeOnExecutor(() -> fail(e));
                    return;
                }
                failures++;
                delay = e instanceof TransientApiException t && t.getRetryAfter() != null
                        ? t.getRetryAfter()
                        : JobTracker.backoff(policy.nextPollDelay(job, null), maxBackoff, failures);
                LOG.debug("{} status request for job {} failed ({}); next try in {}", api.vendor(), job.jobId(),
                        e.getMessage(), delay);
            } catch (RuntimeException e) {
                completeOnExecutor(() -> fail(e));
                return;
            }
            if (!clock.instant().isBefore(deadline)) {
                completeOnExecutor(() -> fail(new JobWaitTimeoutException(api.vendor(), job.jobId(), lastStatus, timeout)));
                return;
            }
            if (finished.get()) {
                return; // ended by stop() meanwhile
            }
            schedule(delay);
        }

        void completeOnExecutor(Runnable completion) {
            try {
                completionExecutor.execute(completion);
            } catch (RejectedExecutionException e) {
                completion.run(); // stopping: complete on this thread rather than never
            }
        }
    }
}
