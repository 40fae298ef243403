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
 */
public final class CompletionWaiter {

    private static final Logger LOG = LoggerFactory.getLogger(CompletionWaiter.class);

    private final java.util.Set<Wait> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;
    private final ScheduledExecutorService scheduler;
    private final Executor completionExecutor;
    private final Clock clock;

    public CompletionWaiter(ScheduledExecutorService scheduler, Executor completionExecutor, Clock clock) {
        this.scheduler = scheduler;
        this.completionExecutor = completionExecutor;
        this.clock = clock;
    }

    /**
     * Starts waiting.
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
        Instant deadline = clock.instant().plus(timeout);
        if (latest != null && latest.terminal()) {
            completionExecutor.execute(() -> onTerminal.accept(latest));
            return;
        }
        Wait wait = new Wait(api, policy, job, deadline, timeout, maxBackoff, onTerminal, onFailure);
        wait.lastStatus = latest != null ? latest.status() : null;
        pending.add(wait);
        if (stopped) {
            wait.finishStopped(null);
            return;
        }
        wait.schedule(policy.firstPollDelay(job, latest));
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
        private String lastStatus;
        private int failures;
        private final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        private volatile java.util.concurrent.ScheduledFuture<?> step;

        Wait(AsyncJobApi api, PollPolicy policy, JobRef job, Instant deadline, Duration timeout, Duration maxBackoff,
             Consumer<JobSnapshot> onTerminal, Consumer<Throwable> onFailure) {
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
            Duration untilDeadline = Duration.between(clock.instant(), deadline);
            Duration next = delay.compareTo(untilDeadline) > 0 ? untilDeadline : delay;
            if (next.isNegative()) {
                next = Duration.ZERO;
            }
            try {
                // the scheduler only keeps time; the status request (which may wait for the key's rate limit) runs on
                // the completion executor, so one paused key cannot hold up the other waits
                step = scheduler.schedule(this::requestOnExecutor, next.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                finishStopped(e);
            }
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
            java.util.concurrent.ScheduledFuture<?> s = step;
            if (s != null) {
                s.cancel(false);
            }
            fail(new JobWaitStoppedException(api.vendor(), job.jobId(), lastStatus, e));
        }

        private void succeed(JobSnapshot snapshot) {
            if (finished.compareAndSet(false, true)) {
                pending.remove(this);
                onTerminal.accept(snapshot);
            }
        }

        private void fail(Throwable failure) {
            if (finished.compareAndSet(false, true)) {
                pending.remove(this);
                onFailure.accept(failure);
            }
        }

        @Override
        public void run() {
            Duration delay;
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

        private void completeOnExecutor(Runnable completion) {
            try {
                completionExecutor.execute(completion);
            } catch (RejectedExecutionException e) {
                completion.run(); // stopping: complete on this thread rather than never
            }
        }
    }
}
