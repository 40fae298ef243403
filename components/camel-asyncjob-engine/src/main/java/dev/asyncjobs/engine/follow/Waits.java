package dev.asyncjobs.engine.follow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.JobWaitStoppedException;
import dev.asyncjobs.engine.spi.JobWaitTimeoutException;
import dev.asyncjobs.engine.spi.NotFoundException;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.store.JobRecord;

/**
 * The producers' waits on an account's follow loop: each has a timeout (real time), is told what the loop's status
 * requests see, and ends once. A wait whose job a group of this process follows costs no request of its own; any
 * other (or one whose job's record says it may have ended) is polled from the loop's own store ({@link DueJobs}).
 */
final class Waits {

    private final Subscriptions subscriptions;
    private final DueJobs due;
    private final JobTracker tracker;
    private final AsyncJobApi api;
    private final ScheduledExecutorService timer;
    private final Executor completions;
    private final Clock clock;

    Waits(Subscriptions subscriptions, DueJobs due, JobTracker tracker, AsyncJobApi api,
          ScheduledExecutorService timer, Executor completions) {
        this.subscriptions = subscriptions;
        this.due = due;
        this.tracker = tracker;
        this.api = api;
        this.timer = timer;
        this.completions = completions;
        this.clock = tracker.clock();
    }

    /**
     * Starts a wait (see {@link FollowLoop#await}); it ends at once when {@code latest} is the end, or when the loop
     * is not {@code running}.
     *
     * @return whether the wait was added (the loop should look for due work)
     */
    boolean start(JobRef ref, String resource, AsyncJobApi resourceApi, PollPolicy waitPolicy, JobSnapshot latest,
                  Duration timeout, Consumer<JobSnapshot> onEnd, Consumer<Throwable> onFailure, boolean running) {
        JobWait wait = new JobWait(ref, resource, resource == null ? api : resourceApi, waitPolicy, latest, timeout,
                onEnd, onFailure, completions);
        if (latest != null && latest.terminal()) {
            wait.seen(latest);
            return false;
        }
        if (!running) {
            wait.fail(new JobWaitStoppedException(api.vendor(), ref.jobId(), wait.lastStatus(), null));
            return false;
        }
        subscriptions.add(wait);
        try {
            wait.timeoutTask = timer.schedule(() -> end(wait, new JobWaitTimeoutException(api.vendor(),
                    ref.jobId(), wait.lastStatus(), timeout)), wait.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            end(wait, new JobWaitStoppedException(api.vendor(), ref.jobId(), wait.lastStatus(), e));
            return false;
        }
        Instant now = clock.instant();
        if (resource == null && subscriptions.anyGroup() && tracker.isTracked(ref.jobId())) {
            // a group polls it: the wait is told what the group's polls see, and looks at the record now and then in
            // case another node's poll saw the end
            wait.nextLook = now.plus(waitPolicy.nextPollDelay(ref, null));
        } else {
            pollOwn(wait, now.plus(waitPolicy.firstPollDelay(ref, latest)));
        }
        return true;
    }

    /** Ends every wait now (the application is stopping): each names its job and its last known status. */
    void stopAll() {
        for (JobWait w : subscriptions.allWaits()) {
            end(w, new JobWaitStoppedException(api.vendor(), w.ref().jobId(), w.lastStatus(), null));
        }
    }

    /** No group is left to poll for the waits that relied on one: the loop polls their jobs itself from now on. */
    void pollAllOwn() {
        for (JobWait w : subscriptions.allWaits()) {
            if (!w.own) {
                pollOwn(w, clock.instant());
            }
        }
    }

    /** What a status request showed, told to the waits on the job: the end, or NOT_FOUND, ends them. */
    void tell(Collection<JobWait> waits, JobSnapshot snapshot) {
        for (JobWait w : waits) {
            if (snapshot.phase() == JobPhase.NOT_FOUND) {
                end(w, new NotFoundException(api.vendor(), snapshot.errorCode(), snapshot.errorMessage(),
                        api.vendor() + " no longer knows job " + w.ref().jobId() + " (last status " + w.lastStatus()
                        + ")"));
            } else if (snapshot.terminal()) {
                forget(w); // before the outcome runs, so whoever it wakes finds the wait gone
                w.seen(snapshot);
            } else {
                w.seen(snapshot);
            }
        }
    }

    /** Ends each wait with the failure. */
    void endAll(Collection<JobWait> waits, Throwable failure) {
        for (JobWait w : waits) {
            end(w, failure);
        }
    }

    /**
     * Waits whose job a group follows are told what the group's polls see; another node may poll it, though, so each
     * looks at the job's record at its own interval: once the record says the job may have ended (a terminal position,
     * or gone), the loop asks the vendor itself.
     */
    void lookAtFollowed(Instant now) {
        for (JobWait w : subscriptions.allWaits()) {
            Instant look = w.nextLook;
            if (w.own || look == null || look.isAfter(now)) {
                continue;
            }
            Optional<JobRecord> record = tracker.get(w.ref().jobId());
            boolean mayHaveEnded = record.map(r -> r.cursors().values().stream().anyMatch(
                    cur -> cur.status() != null && api.statusMapping().phaseOf(cur.status()).isTerminal()))
                    .orElse(true);
            if (mayHaveEnded || !subscriptions.anyGroup()) {
                pollOwn(w, now);
            } else {
                w.nextLook = now.plus(w.policy().nextPollDelay(w.ref(), null));
            }
        }
    }

    private void end(JobWait wait, Throwable failure) {
        forget(wait);
        wait.fail(failure);
    }

    /** A wait ended: it leaves the subscriptions, and a job that only it wanted leaves the loop's own store. */
    private void forget(JobWait wait) {
        subscriptions.remove(wait);
        if (wait.own && subscriptions.waitsOn(wait.key()).isEmpty()) {
            due.forgetOwn(wait);
        }
    }

    /** The wait is polled by the loop itself, from its own store, first at {@code at}. */
    private void pollOwn(JobWait wait, Instant at) {
        wait.own = true;
        due.pollOwn(wait, at);
    }
}
