package dev.asyncjobs.engine.follow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.AuthenticationException;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.JobWaitTimeoutException;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.engine.follow.DueJobs.Claim;
import dev.asyncjobs.engine.metrics.AsyncJobMetrics;
import dev.asyncjobs.engine.store.JobRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one loop that follows an account's jobs, for everything that subscribes to them in this process: consumer
 * groups ({@link #subscribe}) and producers' waits ({@link #await}). It runs the same four steps for each:
 * <ol>
 * <li><b>claim</b> due jobs with a lease, as many as free request slots and the key's budget allow ({@link DueJobs}:
 * the store's due-time index, no scan): the account's jobs while a group subscribes, and the jobs that only waits of
 * this process want, from a store of its own;</li>
 * <li><b>ask</b> the vendor once per claimed job ({@link StatusCheck}: one rule for 404s, 429s and failures);</li>
 * <li><b>fan out</b> what it said to the groups ({@link Fanout}) and to the waits on the job;</li>
 * <li><b>settle</b>: write the outcome and the next due time in one compare-and-set ({@link Settlement}).</li>
 * </ol>
 * A slot freed by one answer is refilled at once; new jobs, pushes and freed slots wake the loop, which otherwise
 * sleeps until the next due time. The next due time comes from the plan that serves every subscriber: the learned
 * end-only plan while every group wants only ends, the plan that also sees each status before the end when one wants
 * those, and never later than a wait on the job asks for. Leases and the request budget are real time; due times
 * follow the vendor's clock.
 */
public final class FollowLoop implements JobTracker.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(FollowLoop.class);
    /** A due time already past when nothing could be claimed is a lease still held: look again after this. */
    private static final Duration LEASE_RECHECK = Duration.ofMillis(50);

    /**
     * How the loop polls.
     *
     * @param maxConcurrentPolls status requests in flight at most
     * @param maxPollBackoff     the longest delay after failures or while the budget is short
     * @param lease              how long a claim holds if its owner dies (real time)
     * @param notFound           when consecutive 404 answers make a job NOT_FOUND
     * @param authRetryDelay     pause after the key is rejected
     * @param maxSleep           the longest the loop sleeps without looking (bounds the effect of a clock that is not
     *                           the wall clock, as in tests)
     */
    public record Settings(int maxConcurrentPolls, Duration maxPollBackoff, Duration lease, NotFoundRule notFound,
            Duration authRetryDelay, Duration maxSleep) {
    }

    private final JobTracker tracker;
    private final String account;
    private final AsyncJobApi api;
    private final PollPolicy policy;
    private final PollPolicy everyStatusPolicy;
    private final RequestPacer pacer;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final ExecutorService pool;
    private final Settings settings;

    private final Subscriptions subscriptions = new Subscriptions();
    private final DueJobs due;
    private final Waits waits;
    private final Fanout fanout;
    private final StatusCheck check;
    private final SubmitReconciler reconciler;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object schedule = new Object();
    private ScheduledFuture<?> nextRun;
    private long nextRunAtNanos = Long.MAX_VALUE;
    private volatile boolean running;
    private volatile AuthenticationException authFailure;
    private volatile Instant authPausedUntil = Instant.MIN;

    /**
     * @param tracker     the account's jobs
     * @param api         the vendor, over the background view of its client: the loop's requests (status checks,
     *                    result fetches, reconciliation) leave the key's reserve free
     * @param policy      the end-only plan (the consumer's poll policy)
     * @param pacer       the key's request budget
     * @param timer       keeps time for the loop and the waits' timeouts
     * @param pool        runs the status requests and the deliveries ({@code maxConcurrentPolls} threads)
     * @param completions runs waits' outcomes (a producer's route carries on there, never on a polling thread)
     * @param settings    how the loop polls
     * @param owner       this node's name in leases
     * @param metrics     the account's meters
     */
    public FollowLoop(JobTracker tracker, AsyncJobApi api, PollPolicy policy, RequestPacer pacer,
                      ScheduledExecutorService timer, ExecutorService pool, Executor completions, Settings settings,
                      String owner, AsyncJobMetrics metrics) {
        this.tracker = tracker;
        this.account = tracker.account();
        this.api = api;
        this.policy = policy;
        this.everyStatusPolicy = policy.seeingEveryStatus();
        this.pacer = pacer;
        this.clock = tracker.clock();
        this.timer = timer;
        this.pool = pool;
        this.settings = settings;
        Settlement shared = new Settlement(tracker.store(), account, owner, api.vendor(), clock)
                .onLeave(tracker::left);
        this.due = new DueJobs(new DueJobs.Source(shared, api, true, null), subscriptions, settings.lease());
        this.fanout = new Fanout(subscriptions, api, shared);
        this.waits = new Waits(subscriptions, due, tracker, api, timer, completions);
        this.check = new StatusCheck(settings.notFound(), metrics);
        this.reconciler = new SubmitReconciler(tracker, api, subscriptions, owner);
    }

    /** A loop whose waits complete on its pool, without meters (for tests of the loop alone). */
    public FollowLoop(JobTracker tracker, AsyncJobApi api, PollPolicy policy, RequestPacer pacer,
                      ScheduledExecutorService timer, ExecutorService pool, Settings settings, String owner) {
        this(tracker, api, policy, pacer, timer, pool, pool, settings, owner, AsyncJobMetrics.NOOP);
    }

    /** Starts following: decides the first poll of jobs nobody decided yet, and looks for due work. */
    public void start() {
        running = true;
        tracker.listen(this);
        decideUndecided();
        wake();
    }

    /**
     * Stops following: every wait ends now with an exception naming its job (it stays tracked), requests in flight
     * finish and settle, leases of anything else simply expire.
     */
    public void stop() {
        running = false;
        tracker.unlisten(this);
        synchronized (schedule) {
            if (nextRun != null) {
                nextRun.cancel(false);
                nextRun = null;
            }
            nextRunAtNanos = Long.MAX_VALUE;
        }
        stopWaits();
    }

    /** Ends every wait now (the application is stopping): each names its job and its last known status. */
    public void stopWaits() {
        waits.stopAll();
    }

    /** Adds a consumer of a group; the group is registered with the store, so jobs wait for its commits. */
    public void subscribe(Group group) {
        tracker.store().addGroup(account, group.groupName());
        subscriptions.add(group);
        wake();
    }

    /**
     * Removes a consumer; the group stays registered (a stopped route resumes where it stopped). Waits that relied
     * on the groups' polls are polled by the loop itself once no group is left.
     *
     * @return whether anything still subscribes (a group or a wait)
     */
    public boolean unsubscribe(Group group) {
        if (!subscriptions.remove(group)) {
            waits.pollAllOwn();
        }
        return !subscriptions.isEmpty();
    }

    /** Whether nothing subscribes any more. */
    public boolean idle() {
        return subscriptions.isEmpty();
    }

    /**
     * Waits for the end of a job of this account ({@code resource} null), or of a resource of it that the vendor
     * prepares asynchronously, asked about through {@code resourceApi} (a download). Where a group of this process
     * follows the job, the wait costs no request of its own; otherwise the loop polls it with {@code waitPolicy}.
     * Either way a 404, a 429 or a failure is judged as for every subscriber, and {@code onEnd} or {@code onFailure}
     * runs once, on the completions executor.
     *
     * @param latest  what is known already (the submit's answer), or null
     * @param timeout how long to wait at most (real time); then {@code onFailure} gets a
     *                {@link JobWaitTimeoutException}
     */
    public void await(JobRef ref, String resource, AsyncJobApi resourceApi, PollPolicy waitPolicy, JobSnapshot latest,
                      Duration timeout, Consumer<JobSnapshot> onEnd, Consumer<Throwable> onFailure) {
        if (waits.start(ref, resource, resourceApi, waitPolicy, latest, timeout, onEnd, onFailure, running)) {
            wake();
        }
    }

    /** The key was rejected on the last status request (null once a request succeeds again). */
    public AuthenticationException authFailure() {
        return authFailure;
    }

    /** Status requests in flight right now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Waits not finished yet. */
    public int pendingWaits() {
        return subscriptions.allWaits().size();
    }

    /**
     * Reconciles the submits whose answer was lost (intents older than {@code grace}): see {@link SubmitReconciler}.
     *
     * @return how many intents were settled
     */
    public int reconcileSubmits(Duration grace) {
        return reconciler.reconcile(grace, settings.lease());
    }

    /**
     * Times the first poll of jobs another node (or a producer-only process) added to a shared store, whose first
     * poll nobody decided yet. Consumers call it on each sweep.
     */
    public void decideUndecided() {
        for (JobRecord r : tracker.store().undecided(account)) {
            decideFirstPoll(r.jobId());
        }
    }

    @Override
    public void tracked(String jobId) {
        decideFirstPoll(jobId);
        wake();
    }

    @Override
    public boolean announceSubmitted(String jobId) {
        return fanout.announceSubmitted(jobId);
    }

    @Override
    public void submitted(JobRef ref, JobSnapshot answer, boolean added) {
        if (!added) {
            fanout.submitDone(ref.jobId(), false);
            return;
        }
        try {
            pool.execute(() -> {
                try {
                    fanout.deliverSubmitted(ref, answer);
                } finally {
                    fanout.submitDone(ref.jobId(), true);
                    wake();
                }
            });
        } catch (RejectedExecutionException e) {
            fanout.submitDone(ref.jobId(), false);
            LOG.debug("Not delivering the submit of job {} now (stopping); the first poll delivers it", ref.jobId());
        }
    }

    @Override
    public void expedited(String jobId) {
        wake();
    }

    /** Looks for due work now. */
    public void wake() {
        scheduleIn(Duration.ZERO);
    }

    private void scheduleIn(Duration delay) {
        if (!running) {
            return;
        }
        long delayNanos = Math.max(0, Math.min(delay.toNanos(), settings.maxSleep().toNanos()));
        long at = System.nanoTime() + delayNanos;
        synchronized (schedule) {
            if (nextRun != null && !nextRun.isDone() && nextRunAtNanos <= at) {
                return;
            }
            if (nextRun != null) {
                nextRun.cancel(false);
            }
            try {
                nextRun = timer.schedule(this::run, delayNanos, TimeUnit.NANOSECONDS);
                nextRunAtNanos = at;
            } catch (RejectedExecutionException e) {
                running = false;
            }
        }
    }

    /** One look for due work: claims what the free slots and the budget allow, hands each to the pool. */
    private void run() {
        synchronized (schedule) {
            nextRunAtNanos = Long.MAX_VALUE;
            nextRun = null;
        }
        if (!running) {
            return;
        }
        try {
            Instant now = clock.instant();
            waits.lookAtFollowed(now);
            if (authPausedUntil.isAfter(now)) {
                scheduleIn(Duration.between(now, authPausedUntil));
                return;
            }
            Instant realNow = Instant.now();
            Instant paused = pacer.pausedUntil();
            if (paused.isAfter(realNow)) {
                scheduleIn(Duration.between(realNow, paused));
                return;
            }
            int free = settings.maxConcurrentPolls() - inFlight.get();
            if (free <= 0) {
                return; // a finishing request wakes the loop
            }
            int available = pacer.availableForPolls();
            int wanted = Math.min(free, available);
            if (wanted <= 0) {
                if (due.anyDue(now)) {
                    scheduleIn(Duration.ofMillis(20)); // due work waits for the budget
                } else {
                    scheduleNext(now);
                }
                return;
            }
            List<Claim> claimed = due.claim(now, wanted);
            // the budget, not the free slots, left due jobs waiting: the jobs polled now back off
            boolean budgetShort = available < free && claimed.size() == available
                    && due.anyDue(now);
            for (Claim c : claimed) {
                inFlight.incrementAndGet();
                try {
                    pool.execute(() -> process(c, budgetShort));
                } catch (RejectedExecutionException e) {
                    inFlight.decrementAndGet();
                    c.source().settlement().release(c.record(), interval(c), settings.maxPollBackoff());
                }
            }
            if (claimed.size() == wanted && wanted == free) {
                return; // all slots busy: a finishing request wakes the loop
            }
            if (budgetShort) {
                scheduleIn(Duration.ofMillis(20));
            } else {
                scheduleNext(now);
            }
        } catch (Throwable t) {
            LOG.warn("Looking for due {} jobs failed; trying again shortly: {}", api.vendor(), t.toString(), t);
            scheduleIn(Duration.ofSeconds(1));
        }
    }

    private void scheduleNext(Instant now) {
        due.nextDue().ifPresentOrElse(at -> scheduleIn(at.isAfter(now) ? Duration.between(now, at) : LEASE_RECHECK),
                () -> scheduleIn(settings.maxSleep()));
    }

    /** One claimed job, then the next due one on the same thread while the budget allows, without a hop. */
    private void process(Claim claimed, boolean budgetShort) {
        Claim next = claimed;
        boolean shortNow = budgetShort;
        try {
            while (next != null) {
                processOne(next, shortNow);
                next = claimNextInline();
                shortNow = false;
            }
        } finally {
            wake();
        }
    }

    /** One more due job for a slot that just freed, if the budget allows it now; the slot stays counted. */
    private Claim claimNextInline() {
        if (!running) {
            return null;
        }
        Instant now = clock.instant();
        // availableForPolls() is 0 while the key is paused (a 429): one look at the budget covers both
        if (authPausedUntil.isAfter(now) || pacer.availableForPolls() <= 0) {
            return null;
        }
        if (inFlight.incrementAndGet() > settings.maxConcurrentPolls()) {
            inFlight.decrementAndGet();
            return null;
        }
        try {
            List<Claim> one = due.claim(now, 1);
            if (!one.isEmpty()) {
                return one.get(0);
            }
        } catch (RuntimeException e) {
            LOG.debug("Claiming the next due {} job inline failed; the loop looks again", api.vendor(), e);
        }
        inFlight.decrementAndGet();
        return null;
    }

    /** Ask, fan out, settle: one claimed job. Whatever happens, the claim ends now rather than at its lease expiry. */
    private void processOne(Claim c, boolean budgetShort) {
        JobRecord claimed = c.record();
        Settlement where = c.source().settlement();
        try {
            Instant sentAt = clock.instant();
            StatusCheck.Outcome outcome = check.ask(c.source().api(), claimed, sentAt);
            if (outcome instanceof StatusCheck.Unconfirmed404 nf) {
                PollPolicy plan = planFor(c);
                Duration delay = check.notFoundRule().askAgainIn(plan.nextPollDelay(claimed.ref(), null), plan.floor());
                LOG.info("{} answered 404 for job {} ({} of {} needed over {}); it stays followed and is asked again"
                         + " in {}", api.vendor(), claimed.jobId(), nf.count(), check.notFoundRule().confirmations(),
                        check.notFoundRule().window(), delay);
                where.notFoundYet(claimed, nf.count(), nf.since(), sentAt, delay);
            } else if (outcome instanceof StatusCheck.Failed f) {
                failed(c, f.error());
            } else if (outcome instanceof StatusCheck.Seen seen) {
                authFailure = null;
                seen(c, seen.snapshot(), sentAt, budgetShort);
            }
        } catch (Throwable t) {
            LOG.warn("Following {} job {} failed unexpectedly; it stays tracked: {}", api.vendor(), claimed.jobId(),
                    t.toString(), t);
            where.release(claimed, interval(c), settings.maxPollBackoff());
            if (t instanceof VirtualMachineError error) {
                throw error; // the claim is released; the JVM's own trouble is not ours to hide
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void seen(Claim c, JobSnapshot snapshot, Instant sentAt, boolean budgetShort) {
        JobRecord claimed = c.record();
        tracker.polled(claimed.jobId());
        String key = c.source().key(claimed.jobId());
        Collection<JobWait> waiting = subscriptions.waitsOn(key);
        Fanout.Result delivered;
        if (c.source().shared()) {
            try {
                delivered = fanout.deliver(claimed, snapshot);
            } catch (AsyncJobApiException e) {
                failed(c, e); // the result a group asked for could not be fetched: nothing was delivered
                return;
            }
        } else {
            delivered = new Fanout.Result(claimed, false, List.of());
        }
        PollPolicy plan = planFor(c, waiting);
        if (snapshot.terminal() && claimed.baseline() != null && c.source().resource() == null) {
            // a submitted job seen ended: the policy may learn how long it took
            plan.jobEnded(claimed.ref(), snapshot, claimed.lastPolledAt() == null ? null
                    : Duration.between(claimed.trackedSince(), claimed.lastPolledAt()),
                    Duration.between(claimed.trackedSince(), sentAt));
        }
        waits.tell(waiting, snapshot);
        // the job's age at this due time, for a policy that places polls by it (null for a job tracked by id)
        Duration interval = plan.nextPollDelay(claimed.ref(), snapshot, claimed.baseline() == null ? null
                : Duration.between(claimed.trackedSince(),
                        claimed.nextPollAt() != null ? claimed.nextPollAt() : sentAt));
        int stretch = claimed.stretch();
        Duration max = settings.maxPollBackoff();
        if (budgetShort) {
            if (Backoff.of(interval, max, stretch).compareTo(max) < 0) {
                stretch++;
            }
        } else if (stretch > 0) {
            stretch--;
        }
        Duration delay = stretch == 0 || interval.compareTo(max) >= 0 || delivered.nacked()
                ? interval : Backoff.of(interval, max, stretch);
        JobRecord next = tracker.tracing().observed(delivered.next(), snapshot);
        if (c.source().settlement().settle(claimed, next, snapshot, sentAt, delay, stretch,
                Settlement.floorAfter(plan, delivered.nacked(), interval))) {
            // only a written ack ends the attempts: an ack whose write failed is delivered again, as a repeat
            fanout.committed(delivered);
            tracker.tracing().settled(claimed, next);
        }
    }

    private void failed(Claim c, AsyncJobApiException error) {
        Instant now = clock.instant();
        if (error instanceof AuthenticationException auth) {
            boolean first = authFailure == null;
            authFailure = auth;
            authPausedUntil = now.plus(settings.authRetryDelay());
            // once per run of rejections (a success clears it), not once per job: the key is the account's
            if (first) {
                LOG.warn("{} rejected the API key ({}) on the status request of job {}: {}. The account's polls pause"
                         + " for {} at a time, and its consumers' health checks are DOWN, until a request succeeds",
                        api.vendor(), auth.getHttpStatus(), c.record().jobId(),
                        auth.getMessage(), settings.authRetryDelay());
            }
        }
        if (!error.isRetryable()) {
            // a wait ends with what its own request would have ended with; the groups keep following the job
            waits.endAll(subscriptions.waitsOn(c.source().key(c.record().jobId())), error);
        }
        c.source().settlement().failed(c.record(), error, pacer.pausedUntil(), authPausedUntil, interval(c),
                settings.maxPollBackoff());
    }

    private void decideFirstPoll(String jobId) {
        try {
            PollPolicy plan = groupsPlan();
            tracker.modify(jobId, r -> r.nextPollAt() != null ? r
                    : r.withSchedule(r.trackedSince().plus(r.baseline() == null ? plan.firstPollDelay(r.ref())
                            : plan.firstPollDelay(r.ref(), tracker.submittedSnapshot(jobId))), r.failures(),
                            r.stretch()), false);
        } catch (RuntimeException e) {
            LOG.warn("Could not time the first poll of {} job {}; trying again on the next look", api.vendor(), jobId,
                    e);
        }
    }

    /** The groups' plan: the end-only plan unless a group wants every status. */
    private PollPolicy groupsPlan() {
        return subscriptions.wantEveryStatus() ? everyStatusPolicy : policy;
    }

    /** The plan for a claimed job: the groups' (for the account's jobs), and no later than any wait on it asks. */
    private PollPolicy planFor(Claim c) {
        return planFor(c, subscriptions.waitsOn(c.source().key(c.record().jobId())));
    }

    private PollPolicy planFor(Claim c, Collection<JobWait> waits) {
        PollPolicy plan = c.source().shared() ? groupsPlan() : null;
        for (JobWait w : waits) {
            plan = plan == null ? w.policy() : PollPolicy.soonest(plan, w.policy());
        }
        return plan != null ? plan : policy;
    }

    private Duration interval(Claim c) {
        return planFor(c).nextPollDelay(c.record().ref(), null);
    }
}
