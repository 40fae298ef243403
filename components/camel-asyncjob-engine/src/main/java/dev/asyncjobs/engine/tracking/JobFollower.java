package dev.asyncjobs.engine.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.asyncjobs.engine.AsyncJobApi;
import dev.asyncjobs.engine.AsyncJobApiException;
import dev.asyncjobs.engine.AuthenticationException;
import dev.asyncjobs.engine.JobRef;
import dev.asyncjobs.engine.JobSnapshot;
import dev.asyncjobs.engine.NotFoundException;
import dev.asyncjobs.engine.PollPolicy;
import dev.asyncjobs.engine.RateLimitedException;
import dev.asyncjobs.engine.SubmitReconciliation;
import dev.asyncjobs.engine.TransientApiException;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.engine.tracking.JobRecord.Cursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one account's jobs on behalf of its consumer groups, the way a message broker serves consumer groups: each
 * due job is claimed with a lease, its status requested once, and each transition handed to every group whose
 * position it passes as a {@link Delivery}. The group runs its route and answers once, ack or nack; all bookkeeping
 * (cursors, schedule, lease, forgetting) happens behind that answer, in {@link #settle}, as one compare-and-set.
 * <p>
 * Scheduling: due jobs come from the store's due-time index (no scan), status requests run continuously up to
 * {@code maxConcurrentPolls} at a time (no batch waits for its slowest request), each job's next poll is timed from its
 * previous due time, and anything that makes work due (a new job, a push, a freed slot) wakes the loop at once.
 * A claim always ends: it is released on any throwable, and it expires after its lease anyway.
 */
public final class JobFollower {

    private static final Logger LOG = LoggerFactory.getLogger(JobFollower.class);

    /** A consumer group's subscription: its options and how it runs one delivery. */
    public interface Group {

        /** The group's name: every group receives every transition that passes its own options. */
        String groupName();

        /** Whether a change of the detail fingerprint (progress) with the same status is a transition. */
        boolean emitOnProgress();

        /** Whether the group receives the submit's own answer as its first transition. */
        boolean emitSubmitted();

        /** Whether deliveries of a job with a result carry the result. */
        boolean wantsResult();

        /** Whether the group wants this transition (its filters); one it does not want is skipped, not retried. */
        boolean accepts(JobSnapshot snapshot);

        /**
         * Runs the route for one delivery.
         *
         * @return true (ack) to commit the group's position, false (nack) to have the same transition delivered again
         */
        boolean deliver(Delivery delivery);
    }

    /**
     * One transition handed to one group.
     *
     * @param ref            the job
     * @param snapshot       what the status request said
     * @param previousStatus the group's committed status before it (null for the first)
     * @param result         the job's result when the group asked for it and the job has one, else null
     * @param resultError    why the result could not be fetched (non-retryable), else null
     * @param attempt        1 for the first delivery of this transition to this group
     * @param redelivered    whether it may have been delivered before (a nack, or a claim taken over from another
     *                       owner whose lease expired): idempotent routes check this
     */
    public record Delivery(JobRef ref, JobSnapshot snapshot, String previousStatus, Object result,
            AsyncJobApiException resultError, int attempt, boolean redelivered) {
    }

    /**
     * How the follower polls.
     *
     * @param maxConcurrentPolls    status requests in flight at most
     * @param maxPollBackoff        the longest delay after failures or while the budget is short
     * @param lease                 how long a claim holds if its owner dies
     * @param notFoundConfirmations consecutive 404 answers that make a job NOT_FOUND ...
     * @param notFoundWindow        ... spread over at least this long
     * @param authRetryDelay        pause after the key is rejected
     * @param maxSleep              the longest the loop sleeps without looking (bounds the effect of a clock that is
     *                              not the wall clock, as in tests)
     */
    public record Settings(int maxConcurrentPolls, Duration maxPollBackoff, Duration lease, int notFoundConfirmations,
            Duration notFoundWindow, Duration authRetryDelay, Duration maxSleep) {
    }

    private final JobTracker tracker;
    private final JobStore store;
    private final String account;
    private final AsyncJobApi api;
    private final PollPolicy policy;
    private final RequestPacer pacer;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final ExecutorService pool;
    private final Settings settings;
    private final String owner;

    private final Map<String, List<Group>> groups = new ConcurrentHashMap<>();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    /** Jobs whose submit answer is being delivered to the groups that asked for it. */
    private final Set<String> submitDeliveries = ConcurrentHashMap.newKeySet();
    /** Jobs whose submit answer was delivered: their next poll re-reads the cursors it moved. */
    private final Set<String> submitDelivered = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object schedule = new Object();
    private ScheduledFuture<?> nextRun;
    private long nextRunAtNanos = Long.MAX_VALUE;
    private volatile boolean running;
    private volatile AuthenticationException authFailure;
    private volatile Instant authPausedUntil = Instant.MIN;

    public JobFollower(JobTracker tracker, AsyncJobApi api, PollPolicy policy, RequestPacer pacer,
                       ScheduledExecutorService timer, ExecutorService pool, Settings settings, String owner) {
        this.tracker = tracker;
        this.store = tracker.store();
        this.account = tracker.account();
        this.api = api;
        this.policy = policy;
        this.pacer = pacer;
        this.clock = tracker.clock();
        this.timer = timer;
        this.pool = pool;
        this.settings = settings;
        this.owner = owner;
    }

    /** Starts following: decides the first poll of jobs nobody decided yet, and looks for due work. */
    public void start() {
        running = true;
        tracker.attach(this);
        for (JobRecord r : store.undecided(account)) {
            decideFirstPoll(r.jobId());
        }
        wake();
    }

    /** Stops following; requests in flight finish and settle, leases of anything else simply expire. */
    public void stop() {
        running = false;
        tracker.detach(this);
        synchronized (schedule) {
            if (nextRun != null) {
                nextRun.cancel(false);
                nextRun = null;
            }
            nextRunAtNanos = Long.MAX_VALUE;
        }
    }

    /** Adds a consumer of a group; the group is registered with the store, so jobs wait for its commits. */
    public void subscribe(Group group) {
        store.addGroup(account, group.groupName());
        groups.computeIfAbsent(group.groupName(), g -> new CopyOnWriteArrayList<>()).add(group);
        wake();
    }

    /**
     * Times the first poll of jobs another node (or a producer-only process) added to a shared store, whose first
     * poll nobody decided yet. Consumers call it on each sweep.
     */
    public void decideUndecided() {
        for (JobRecord r : store.undecided(account)) {
            decideFirstPoll(r.jobId());
        }
    }

    /**
     * Removes a consumer; the group stays registered (a stopped route resumes where it stopped).
     *
     * @return whether any consumer is left
     */
    public boolean unsubscribe(Group group) {
        List<Group> members = groups.get(group.groupName());
        if (members != null) {
            members.remove(group);
            if (members.isEmpty()) {
                groups.remove(group.groupName());
            }
        }
        return !groups.isEmpty();
    }

    /** The key was rejected on the last status request (null once a request succeeds again). */
    public AuthenticationException authFailure() {
        return authFailure;
    }

    /** Status requests in flight right now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** A job was added: time its first poll if nobody did, and look for due work. */
    void tracked(String jobId) {
        decideFirstPoll(jobId);
        wake();
    }

    /**
     * A job is about to be tracked from its submit's answer: if a group asked for submit answers, polls leave it to
     * that delivery.
     *
     * @return whether the answer will be delivered ({@link #submitted} must follow)
     */
    boolean announceSubmitted(String jobId) {
        boolean wanted = groups.keySet().stream().map(this::member).anyMatch(g -> g != null && g.emitSubmitted());
        if (wanted) {
            submitDeliveries.add(jobId);
        }
        return wanted;
    }

    /** A job was just submitted (and tracked, when {@code added}): groups that asked for its answer receive it. */
    void submitted(JobRef ref, JobSnapshot answer, boolean added) {
        if (!added) {
            submitDeliveries.remove(ref.jobId());
            return;
        }
        try {
            pool.execute(() -> {
                try {
                    deliverSubmitted(ref, answer);
                } finally {
                    submitDelivered.add(ref.jobId());
                    submitDeliveries.remove(ref.jobId());
                    wake();
                }
            });
        } catch (RejectedExecutionException e) {
            submitDeliveries.remove(ref.jobId());
            LOG.debug("Not delivering the submit of job {} now (stopping); the first poll delivers it", ref.jobId());
        }
    }

    /**
     * Reconciles the submits whose answer was lost (intents older than {@code grace}): a job the vendor identifies
     * for certain is followed from now on; otherwise every group receives one delivery reporting the unconfirmed
     * submit with all that is known (its filters do not apply: nothing is dropped silently), and nothing is submitted
     * again. An intent stays until every group has acknowledged that report.
     *
     * @return how many intents were settled
     */
    public int reconcileSubmits(Duration grace) {
        int settled = 0;
        List<SubmitIntent> due = tracker.intentsToReconcile(grace, owner, settings.lease());
        LostSubmits round = new LostSubmits(api, tracker, due);
        for (SubmitIntent intent : due) {
            SubmitReconciliation outcome;
            try {
                outcome = round.reconcile(intent);
            } catch (RuntimeException e) {
                LOG.warn("Reconciling the {} submit {} of {} failed; trying again later: {}", api.vendor(),
                        intent.intentId(), intent.createdAt(), e.getMessage());
                tracker.reconcileLater(intent, owner);
                continue;
            }
            if (outcome.isAdopted()) {
                // nobody saw this job yet: no baseline, so the first poll (at once) delivers its current status, even
                // one that is terminal already
                tracker.track(outcome.job(), null, Duration.ZERO);
                tracker.submitSettled(intent);
                LOG.info("The {} submit {} whose answer was lost created job {}: it is followed from now on",
                        api.vendor(), intent.intentId(), outcome.job().jobId());
                settled++;
                continue;
            }
            JobSnapshot report = JobSnapshot.builder(intent.intentId(), UNCONFIRMED_SUBMIT, UNCONFIRMED_MAPPING)
                    .error(UNCONFIRMED_SUBMIT, outcome.unconfirmedBecause()).job(intent.requestBody())
                    .header("CamelAsyncJobSubmitIntentId", intent.intentId())
                    .header("CamelAsyncJobSubmittedAt", intent.createdAt().toString())
                    .header("CamelAsyncJobSubmitOperation", intent.operation()).build();
            JobRef ref = new JobRef(intent.intentId(), intent.operation(), intent.attributes());
            boolean all = !groups.isEmpty();
            for (String name : groups.keySet()) {
                Group g = member(name);
                boolean ack;
                try {
                    ack = g != null && g.deliver(new Delivery(ref, report, null, null, null, 1, false));
                } catch (RuntimeException e) {
                    ack = false;
                }
                all &= ack;
            }
            if (all) {
                tracker.submitSettled(intent);
                settled++;
            } else {
                tracker.reconcileLater(intent, owner);
            }
            LOG.error("A {} submit ({} at {}) got no answer and its job cannot be identified for certain: {}; it was"
                      + " not submitted again{}", api.vendor(), intent.operation(), intent.createdAt(),
                    outcome.unconfirmedBecause(), all ? "; the routes were told" : "; telling the routes again later");
        }
        return settled;
    }

    /** The status of the delivery that reports a submit whose job could not be identified. */
    public static final String UNCONFIRMED_SUBMIT = "UNCONFIRMED_SUBMIT";
    private static final dev.asyncjobs.engine.StatusMapping UNCONFIRMED_MAPPING = dev.asyncjobs.engine.StatusMapping
            .of("engine").map(UNCONFIRMED_SUBMIT, dev.asyncjobs.engine.JobPhase.UNKNOWN).build();

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
            if (authPausedUntil.isAfter(now)) {
                scheduleIn(Duration.between(now, authPausedUntil));
                return;
            }
            Instant paused = pacer.pausedUntil();
            if (paused.isAfter(now)) {
                scheduleIn(Duration.between(now, paused));
                return;
            }
            int free = settings.maxConcurrentPolls() - inFlight.get();
            if (free <= 0) {
                return; // a finishing request wakes the loop
            }
            int available = pacer.availableNow();
            int wanted = Math.min(free, available);
            if (wanted <= 0) {
                if (store.nextDue(account).filter(at -> !at.isAfter(now)).isPresent()) {
                    scheduleIn(Duration.ofMillis(20)); // due work waits for the budget
                } else {
                    scheduleNext(now);
                }
                return;
            }
            List<JobRecord> claimed = store.claimDue(account, now, wanted, owner, now.plus(settings.lease()));
            // the budget, not the free slots, left due jobs waiting: the jobs polled now back off
            boolean budgetShort = available < free && claimed.size() == available
                    && store.nextDue(account).filter(at -> !at.isAfter(now)).isPresent();
            for (JobRecord r : claimed) {
                inFlight.incrementAndGet();
                try {
                    pool.execute(() -> process(r, budgetShort));
                } catch (RejectedExecutionException e) {
                    inFlight.decrementAndGet();
                    release(r, now); // stopping: give the claim back
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
        store.nextDue(account).ifPresentOrElse(at -> scheduleIn(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO),
                () -> scheduleIn(settings.maxSleep()));
    }

    /** One claimed job: one status request, its deliveries, and the settlement. Runs on the pool. */
    private void process(JobRecord claimed, boolean budgetShort) {
        JobRecord next = claimed;
        boolean shortNow = budgetShort;
        try {
            while (next != null) {
                processOne(next, shortNow);
                // the slot just freed goes to the next due job on this thread, without a hop through the loop
                next = claimNextInline();
                shortNow = false;
            }
        } finally {
            wake();
        }
    }

    /** One more due job for a slot that just freed, if the budget allows it now; the slot stays counted. */
    private JobRecord claimNextInline() {
        if (!running) {
            return null;
        }
        Instant now = clock.instant();
        if (authPausedUntil.isAfter(now) || pacer.pausedUntil().isAfter(now) || pacer.availableNow() <= 0) {
            return null;
        }
        if (inFlight.incrementAndGet() > settings.maxConcurrentPolls()) {
            inFlight.decrementAndGet();
            return null;
        }
        try {
            List<JobRecord> one = store.claimDue(account, now, 1, owner, now.plus(settings.lease()));
            if (!one.isEmpty()) {
                return one.get(0);
            }
        } catch (RuntimeException e) {
            LOG.debug("Claiming the next due {} job inline failed; the loop looks again", api.vendor(), e);
        }
        inFlight.decrementAndGet();
        return null;
    }

    private void processOne(JobRecord claimed, boolean budgetShort) {
        try {
            Instant sentAt = clock.instant();
            JobSnapshot snapshot;
            try {
                snapshot = api.fetchJob(claimed.ref());
                authFailure = null;
            } catch (NotFoundException e) {
                snapshot = confirmNotFound(claimed, e, sentAt);
                if (snapshot == null) {
                    return;
                }
            } catch (AsyncJobApiException e) {
                pollFailed(claimed, e);
                return;
            } catch (RuntimeException e) {
                // a bug in a vendor mapping must not lose the job: treat it as a failed poll
                pollFailed(claimed, new TransientApiException(api.vendor(), 0, "POLL_FAILED", null,
                        "Polling job " + claimed.jobId() + " failed: " + e, e));
                return;
            }
            tracker.polled(claimed.jobId(), snapshot);
            deliverAndSettle(claimed, snapshot, sentAt, budgetShort);
        } catch (Throwable t) {
            // whatever happened (even an Error), the claim must end now rather than at its lease expiry
            LOG.warn("Following {} job {} failed unexpectedly; it stays tracked: {}", api.vendor(), claimed.jobId(),
                    t.toString(), t);
            release(claimed, clock.instant());
            if (t instanceof VirtualMachineError error) {
                throw error; // the claim is released; the JVM's own trouble is not ours to hide
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * A 404 is NOT_FOUND only once confirmed: {@code notFoundConfirmations} answers in a row over at least
     * {@code notFoundWindow}. Before that the job keeps being followed (a lagging replica, a load balancer's hiccup).
     *
     * @return the NOT_FOUND snapshot once confirmed, else null (the job was rescheduled)
     */
    private JobSnapshot confirmNotFound(JobRecord claimed, NotFoundException e, Instant sentAt) {
        int count = claimed.notFoundCount() + 1;
        Instant since = claimed.notFoundSince() != null ? claimed.notFoundSince() : sentAt;
        // one answer spans no time: with a single confirmation asked for, the window does not apply
        if (count >= settings.notFoundConfirmations() && (settings.notFoundConfirmations() <= 1
                || !Duration.between(since, sentAt).minus(settings.notFoundWindow()).isNegative())) {
            return JobSnapshot.notFound(claimed.jobId(), e.getErrorCode(), e.getVendorMessage());
        }
        Duration interval = policy.nextPollDelay(claimed.ref(), null);
        long gaps = Math.max(1, settings.notFoundConfirmations() - 1);
        Duration confirmEvery = PollPolicy.max(settings.notFoundWindow().dividedBy(gaps), policy.floor());
        Duration delay = confirmEvery.compareTo(interval) < 0 ? confirmEvery : interval;
        LOG.info("{} answered 404 for job {} ({} of {} needed over {}); it stays followed and is asked again in {}",
                api.vendor(), claimed.jobId(), count, settings.notFoundConfirmations(), settings.notFoundWindow(), delay);
        write(claimed, claimed.withNotFound(count, since).withLastPolledAt(sentAt)
                .withSchedule(clock.instant().plus(delay), claimed.failures(), claimed.stretch())
                .released(), false);
        return null;
    }

    private void deliverAndSettle(JobRecord claimedCopy, JobSnapshot snapshot, Instant sentAt, boolean budgetShort) {
        // read in this order: a submit delivery that is no longer pending has written its cursor before it said so
        boolean submitPending = submitDeliveries.contains(claimedCopy.jobId());
        JobRecord claimed = claimedCopy;
        if (submitDelivered.remove(claimedCopy.jobId())) {
            // a submit delivery moved a cursor since the claim: carry on from the fresh copy (still under our lease)
            claimed = store.find(account, claimedCopy.jobId()).filter(fresh -> stillOurs(claimedCopy, fresh))
                    .orElse(claimedCopy);
        }
        JobRecord next = claimed;
        boolean moved = false;
        boolean nacked = false;
        List<Group> toDeliver = new ArrayList<>();
        List<String> acked = new ArrayList<>();
        Map<Group, Cursor> from = new LinkedHashMap<>();
        for (String name : groups.keySet()) {
            Group g = member(name);
            if (g == null) {
                continue;
            }
            Cursor position = positionFor(claimed, g);
            if (position == null && g.emitSubmitted() && submitPending) {
                continue; // the submit's own answer is being delivered to it first
            }
            if (!isTransition(position, snapshot, g)) {
                continue;
            }
            if (!g.accepts(snapshot)) {
                next = next.withCursor(name, cursorOf(snapshot));
                moved = true;
                continue;
            }
            toDeliver.add(g);
            from.put(g, position);
        }
        Object result = null;
        AsyncJobApiException resultError = null;
        if (snapshot.phase().hasResult() && toDeliver.stream().anyMatch(Group::wantsResult)) {
            try {
                result = api.fetchResult(claimed.ref());
            } catch (AsyncJobApiException e) {
                if (e.isRetryable() || e instanceof AuthenticationException) {
                    pollFailed(claimed, e);
                    return;
                }
                resultError = e;
            }
        }
        for (Group g : toDeliver) {
            String key = g.groupName() + '\u0000' + claimed.jobId();
            int attempt = attempts.merge(key, 1, Integer::sum);
            Cursor position = from.get(g);
            boolean ack;
            try {
                ack = g.deliver(new Delivery(claimed.ref(), snapshot, position == null ? null : position.status(),
                        g.wantsResult() ? result : null, g.wantsResult() ? resultError : null, attempt,
                        attempt > 1 || claimed.takenOver()));
            } catch (RuntimeException e) {
                LOG.warn("Delivering the {} transition of job {} to group {} failed; it is delivered again later",
                        api.vendor(), claimed.jobId(), g.groupName(), e);
                ack = false;
            }
            if (ack) {
                acked.add(key);
                next = next.withCursor(g.groupName(), cursorOf(snapshot));
                moved = true;
            } else {
                nacked = true;
            }
        }
        if (settle(claimed, next, snapshot, sentAt, budgetShort, moved, nacked)) {
            // only a written ack ends the attempts: an ack whose write failed is delivered again, as a repeat
            acked.forEach(attempts::remove);
        }
    }

    /**
     * The one place an outcome is written: the groups' new positions, and then either the job leaves (terminal, and
     * every group following the account is at its end) or it is rescheduled from its previous due time with the lease
     * released. A compare-and-set that fails means the lease was lost (this node was too slow, another took over): the
     * other node delivers again, marked as redelivered.
     */
    private boolean settle(JobRecord claimed, JobRecord next, JobSnapshot snapshot, Instant sentAt,
                           boolean budgetShort, boolean moved, boolean nacked) {
        if (snapshot.terminal() && claimed.baseline() != null) { // a submitted job seen ended: the policy may learn
            policy.jobEnded(claimed.ref(), snapshot, claimed.lastPolledAt() == null ? null
                    : Duration.between(claimed.trackedSince(), claimed.lastPolledAt()),
                    Duration.between(claimed.trackedSince(), sentAt));
        }
        if (snapshot.terminal() && everyGroupAtEnd(next, snapshot)) {
            JobRecord current = claimed;
            for (int i = 0; i < 8; i++) {
                if (store.delete(account, claimed.jobId(), current.version())) {
                    return tracker.left(claimed.ref());
                }
                JobRecord fresh = store.find(account, claimed.jobId()).orElse(null);
                if (fresh == null) {
                    return tracker.left(claimed.ref());
                }
                if (!stillOurs(claimed, fresh)) {
                    break;
                }
                JobRecord merged = rebase(fresh, claimed, next);
                if (!everyGroupAtEnd(merged, snapshot)) {
                    return write(claimed, merged.withLastPolledAt(sentAt).released(), moved);
                }
                current = fresh;
            }
            LOG.warn("{} job {}: its claim was lost before it could leave tracking (another node took it over)",
                    api.vendor(), claimed.jobId());
            return false;
        }
        // the job's age at this due time, for a policy that places polls by it (null for a job tracked by id)
        Duration interval = policy.nextPollDelay(claimed.ref(), snapshot, claimed.baseline() == null ? null
                : Duration.between(claimed.trackedSince(), claimed.nextPollAt() != null ? claimed.nextPollAt() : sentAt));
        int stretch = claimed.stretch();
        Duration max = settings.maxPollBackoff();
        if (budgetShort) {
            if (JobTracker.backoff(interval, max, stretch).compareTo(max) < 0) {
                stretch++;
            }
        } else if (stretch > 0) {
            stretch--;
        }
        Duration delay = stretch == 0 || interval.compareTo(max) >= 0 || nacked
                ? interval : JobTracker.backoff(interval, max, stretch);
        // timed from the previous due time, so polls do not drift late; never sooner than the floor after this one
        Instant base = claimed.nextPollAt() != null ? claimed.nextPollAt() : sentAt;
        Instant at = base.plus(delay);
        Instant floorAt = sentAt.plus(PollPolicy.max(policy.floor(), nacked ? interval : Duration.ZERO));
        if (at.isBefore(floorAt)) {
            at = floorAt;
        }
        if (stretch > 0 && at.isBefore(sentAt.plus(delay))) {
            at = sentAt.plus(delay);
        }
        return write(claimed,
                next.settled(at, stretch, sentAt), moved);
    }

    private void pollFailed(JobRecord claimed, AsyncJobApiException error) {
        Instant now = clock.instant();
        if (error instanceof RateLimitedException
                || error instanceof TransientApiException t && t.getRetryAfter() != null) {
            // 429, or 503 with Retry-After: the key is paused; this job waits for the pause, not a backoff
            Instant resume = pacer.pausedUntil();
            Instant soonest = now.plusSeconds(1);
            write(claimed, claimed.withSchedule(resume.isAfter(soonest) ? resume : soonest, claimed.failures(), claimed.stretch())
                    .released(), false);
            LOG.debug("{} rate-limited the status request of job {}; polling for this key resumes at {}",
                    api.vendor(), claimed.jobId(), resume);
        } else if (error instanceof AuthenticationException auth) {
            authFailure = auth;
            authPausedUntil = now.plus(settings.authRetryDelay());
            write(claimed, claimed.withSchedule(authPausedUntil, claimed.failures(), claimed.stretch()).released(),
                    false);
        } else {
            int failures = claimed.failures() + 1;
            Duration delay = JobTracker.backoff(policy.nextPollDelay(claimed.ref(), null), settings.maxPollBackoff(),
                    failures);
            write(claimed, claimed.withSchedule(now.plus(delay), failures, claimed.stretch()).released(), false);
            LOG.warn("Status request of {} job {} failed ({}); the job stays tracked and is polled again in {}",
                    api.vendor(), claimed.jobId(), error.getMessage(), delay);
        }
    }

    /** Gives a claim back after something unexpected: due again after a backoff. */
    private void release(JobRecord claimed, Instant now) {
        try {
            int failures = claimed.failures() + 1;
            Duration delay = JobTracker.backoff(policy.nextPollDelay(claimed.ref(), null), settings.maxPollBackoff(),
                    failures);
            store.update(claimed.withSchedule(now.plus(delay), failures, claimed.stretch()).released(), false);
        } catch (RuntimeException e) {
            LOG.warn("Could not release the claim on {} job {}; it is taken up again when its lease expires",
                    api.vendor(), claimed.jobId(), e);
        }
    }

    /**
     * Writes the outcome of a claim. When the record changed meanwhile while the claim is still this follower's (a
     * push made it due, a group's submit delivery moved a cursor), the outcome is applied again on the fresh copy;
     * when the claim was lost, nothing is written and the new owner delivers again, marked redelivered.
     */
    private boolean write(JobRecord claimed, JobRecord next, boolean durable) {
        JobRecord attempt = next;
        for (int i = 0; i < 8; i++) {
            if (store.update(attempt, durable).isPresent()) {
                return true;
            }
            JobRecord fresh = store.find(account, claimed.jobId()).orElse(null);
            if (fresh == null || !stillOurs(claimed, fresh)) {
                break;
            }
            attempt = rebase(fresh, claimed, next);
        }
        LOG.warn("{} job {}: its claim was lost before its outcome was written (another node took it over); that"
                 + " node delivers the transition again, marked as redelivered", api.vendor(), claimed.jobId());
        return false;
    }

    private boolean stillOurs(JobRecord claimed, JobRecord fresh) {
        return owner.equals(fresh.leaseOwner()) && Objects.equals(fresh.leaseUntil(), claimed.leaseUntil());
    }

    /** {@code next}'s outcome on top of {@code fresh}: the cursors this claim moved, over the fresh copy's. */
    private static JobRecord rebase(JobRecord fresh, JobRecord claimed, JobRecord next) {
        JobRecord merged = next.withVersion(fresh.version());
        for (Map.Entry<String, Cursor> c : fresh.cursors().entrySet()) {
            if (Objects.equals(claimed.cursors().get(c.getKey()), next.cursors().get(c.getKey()))) {
                merged = merged.withCursor(c.getKey(), c.getValue()); // not moved by this claim: keep the fresh one
            }
        }
        return merged;
    }

    private void deliverSubmitted(JobRef ref, JobSnapshot answer) {
        for (String name : groups.keySet()) {
            Group g = member(name);
            if (g == null || !g.emitSubmitted() || !g.accepts(answer)) {
                continue;
            }
            if (store.find(account, ref.jobId()).map(r -> r.cursors().containsKey(name)).orElse(true)) {
                continue; // a poll delivered it already, or the job is gone
            }
            boolean ack;
            try {
                ack = g.deliver(new Delivery(ref, answer, null, null, null, 1, false));
            } catch (RuntimeException e) {
                ack = false;
            }
            if (ack) {
                try {
                    tracker.modify(ref.jobId(), r -> r.cursors().containsKey(name) ? r
                            : r.withCursor(name, cursorOf(answer)), true);
                } catch (RuntimeException e) {
                    LOG.warn("Could not commit the submit of {} job {} for group {}; the first poll delivers it",
                            api.vendor(), ref.jobId(), name, e);
                }
            }
        }
    }

    private void decideFirstPoll(String jobId) {
        try {
            tracker.modify(jobId, r -> r.nextPollAt() != null ? r
                    : r.withSchedule(r.trackedSince().plus(r.baseline() == null ? policy.firstPollDelay(r.ref())
                            : policy.firstPollDelay(r.ref(), tracker.submittedSnapshot(jobId))), r.failures(),
                            r.stretch()), false);
        } catch (RuntimeException e) {
            LOG.warn("Could not time the first poll of {} job {}; trying again on the next look", api.vendor(), jobId, e);
        }
    }

    /** Where a group stands on a job: its cursor, else the submit's answer (unless it wants that delivered too). */
    private static Cursor positionFor(JobRecord r, Group g) {
        Cursor c = r.cursors().get(g.groupName());
        if (c != null) {
            return c;
        }
        return g.emitSubmitted() ? null : r.baseline();
    }

    private static boolean isTransition(Cursor position, JobSnapshot snapshot, Group g) {
        if (position == null || !Objects.equals(snapshot.status(), position.status())) {
            return true;
        }
        return g.emitOnProgress() && !Objects.equals(snapshot.detail(), position.detail());
    }

    private boolean everyGroupAtEnd(JobRecord next, JobSnapshot snapshot) {
        Set<String> following = store.groups(account);
        for (String name : following) {
            Cursor c = next.position(name);
            if (c == null || !Objects.equals(c.status(), snapshot.status())) {
                return false;
            }
        }
        return true;
    }

    private Group member(String name) {
        List<Group> members = groups.get(name);
        if (members == null || members.isEmpty()) {
            return null;
        }
        return members.get(Math.floorMod(roundRobin.getAndIncrement(), members.size()));
    }

    private static Cursor cursorOf(JobSnapshot snapshot) {
        return new Cursor(snapshot.status(), snapshot.detail());
    }
}
