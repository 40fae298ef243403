package dev.asyncjobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
        wait.schedule(policy.firstPollDelay(job, latest));
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
                scheduler.schedule(this::requestOnExecutor, next.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                stopped(e);
            }
        }

        private void requestOnExecutor() {
            try {
                completionExecutor.execute(this);
            } catch (RejectedExecutionException e) {
                stopped(e);
            }
        }

        /** The component is stopping: the waiting exchange must still complete (the job stays tracked). */
        private void stopped(RejectedExecutionException e) {
            onFailure.accept(new IllegalStateException(api.vendor() + " stopped while waiting for job " + job.jobId()
                    + " (last status '" + lastStatus + "'); it stays tracked", e));
        }

        @Override
        public void run() {
            Duration delay;
            try {
                JobSnapshot snapshot = api.fetchJob(job);
                failures = 0;
                lastStatus = snapshot.status();
                if (snapshot.terminal()) {
                    completionExecutor.execute(() -> onTerminal.accept(snapshot));
                    return;
                }
                delay = policy.nextPollDelay(job, snapshot);
            } catch (AsyncJobApiException e) {
                if (!e.isRetryable()) {
                    completionExecutor.execute(() -> onFailure.accept(e));
                    return;
                }
                failures++;
                delay = e instanceof RateLimitedException rl && rl.getRetryAfter() != null
                        ? rl.getRetryAfter()
                        : JobTracker.backoff(policy.nextPollDelay(job, null), maxBackoff, failures);
                LOG.debug("{} status request for job {} failed ({}); next try in {}", api.vendor(), job.jobId(),
                        e.getMessage(), delay);
            } catch (RuntimeException e) {
                completionExecutor.execute(() -> onFailure.accept(e));
                return;
            }
            if (!clock.instant().isBefore(deadline)) {
                completionExecutor.execute(
                        () -> onFailure.accept(new JobWaitTimeoutException(api.vendor(), job.jobId(), lastStatus, timeout)));
                return;
            }
            schedule(delay);
        }
    }
}
