package dev.asyncjobs.engine.follow;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.PollPolicy;

/**
 * A producer's wait for the end of a job (waitForCompletion), or of a resource of a job that the vendor prepares
 * asynchronously (a Pixxel download), as a subscription to the account's {@link FollowLoop}: it wants the end, within
 * its own policy's interval, and it ends once, with the end or a failure (a confirmed 404, a rejected key, its
 * timeout, or the loop stopping). Its outcome runs on the completions executor, never on a thread that polls.
 */
final class JobWait {

    private final JobRef ref;
    private final String resource;
    private final AsyncJobApi api;
    private final PollPolicy policy;
    private final Duration timeout;
    private final long deadline;
    private final Consumer<JobSnapshot> onEnd;
    private final Consumer<Throwable> onFailure;
    private final Executor completions;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile String lastStatus;
    /** Whether the loop polls it through its own store: nobody else (no group of this node) polls it. */
    volatile boolean own;
    /** While a group polls it: when its record is looked at next, in case another node ended it (vendor clock). */
    volatile Instant nextLook;
    volatile ScheduledFuture<?> timeoutTask;

    JobWait(JobRef ref, String resource, AsyncJobApi api, PollPolicy policy, JobSnapshot latest, Duration timeout,
            Consumer<JobSnapshot> onEnd, Consumer<Throwable> onFailure, Executor completions) {
        this.ref = ref;
        this.resource = resource;
        this.api = api;
        this.policy = policy;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos(); // a timeout is real time, whatever the jobs' clock
        this.onEnd = onEnd;
        this.onFailure = onFailure;
        this.completions = completions;
        this.lastStatus = latest != null ? latest.status() : null;
    }

    JobRef ref() {
        return ref;
    }

    /** Null for the account's job itself, else the name of the resource waited for. */
    String resource() {
        return resource;
    }

    AsyncJobApi api() {
        return api;
    }

    PollPolicy policy() {
        return policy;
    }

    Duration timeout() {
        return timeout;
    }

    /** How long until the timeout, in real time (zero once passed). */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    String lastStatus() {
        return lastStatus;
    }

    /** The key the loop files it under: the job id, qualified by the resource. */
    String key() {
        return key(resource, ref.jobId());
    }

    static String key(String resource, String jobId) {
        return resource == null ? jobId : resource + '\u0000' + jobId;
    }

    boolean finished() {
        return finished.get();
    }

    /** A status was seen: the end completes the wait, anything else is remembered for a timeout's message. */
    void seen(JobSnapshot snapshot) {
        if (snapshot.terminal()) {
            finish(() -> onEnd.accept(snapshot));
        } else {
            lastStatus = snapshot.status();
        }
    }

    /** Ends the wait with a failure. */
    void fail(Throwable failure) {
        finish(() -> onFailure.accept(failure));
    }

    private void finish(Runnable outcome) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> t = timeoutTask;
        if (t != null) {
            t.cancel(false);
        }
        try {
            completions.execute(outcome);
        } catch (RejectedExecutionException e) {
            outcome.run(); // stopping: complete on this thread rather than never
        }
    }

    @Override
    public String toString() {
        return "wait for " + (resource == null ? "" : resource + " of ") + "job " + ref.jobId();
    }
}
