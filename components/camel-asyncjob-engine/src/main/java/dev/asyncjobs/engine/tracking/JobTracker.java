package dev.asyncjobs.engine.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import dev.asyncjobs.engine.JobRef;
import dev.asyncjobs.engine.JobSnapshot;

/**
 * The set of jobs a component follows, each with its own next-poll time. Producers add jobs when they submit them (or
 * are asked to track one); consumers claim the jobs that are due, poll them, and then either commit a new status, or
 * reschedule them (after a failure, with backoff). A job only leaves when {@link #forget} is called, which consumers
 * do once the exchange for its terminal status completed: nothing is dropped because a poll failed or a route threw.
 * <p>
 * Every change that matters after a restart goes through the {@link JobStore}; scheduling state stays in memory.
 */
public final class JobTracker {

    private final LegacyJobStore store;
    private final Clock clock;
    private final String account;
    private final Map<String, Entry> entries = new HashMap<>();

    private static final class Entry {
        TrackedJob job;
        /** null until the job's first poll is scheduled: then the consumer's policy decides when it is due. */
        Instant nextPollAt;
        int failures;
        int stretch;
        boolean claimed;
        Instant lastClaimedAt;

        /** What the submit answered, kept in memory so the consumer's policy can time the first poll from it. */
        JobSnapshot submitted;

        Entry(TrackedJob job, Instant nextPollAt) {
            this.job = job;
            this.nextPollAt = nextPollAt;
        }
    }

    /** A tracker over all jobs of the given store; jobs already in the store are due for a poll right away. */
    public JobTracker(LegacyJobStore store, Clock clock) {
        this(store, clock, null);
    }

    /**
     * A tracker over one account's jobs in a store that several accounts (API keys) may share: jobs submitted with
     * one key must be polled with that key. Jobs of the account already in the store are due right away.
     */
    public JobTracker(LegacyJobStore store, Clock clock, String account) {
        this.store = store;
        this.clock = clock;
        this.account = account;
        Instant now = clock.instant();
        for (TrackedJob job : store.loadAll()) {
            if (account == null || account.equals(job.account())) {
                entries.put(job.jobId(), new Entry(job, now));
            }
        }
    }

    /**
     * Starts tracking a job. Tracking the same job id twice (a vendor that answers identical submits with the same
     * cached job) keeps the first registration, so its transitions are not emitted twice.
     *
     * @param  ref            the job
     * @param  baselineStatus the status already known (reported by the submit), or null to have the first poll emit
     *                        the current status
     * @param  firstPollDelay delay until the first poll, or null to let the polling consumer's policy decide (a
     *                        producer submits, but the consumer that follows the job owns its polling options)
     * @return                true if the job was not tracked before
     */
    public synchronized boolean track(JobRef ref, String baselineStatus, Duration firstPollDelay) {
        return track(ref, baselineStatus, null, firstPollDelay);
    }

    /**
     * Starts tracking a job whose status and detail fingerprint are known already (what the submit answered), so
     * that a consumer emitting on progress does not report the submit's own state again as a change.
     *
     * @param  baselineDetail the detail fingerprint reported by the submit, or null
     * @return                true if the job was not tracked before
     * @see                   #track(JobRef, String, Duration)
     */
    public synchronized boolean track(JobRef ref, String baselineStatus, String baselineDetail,
                                      Duration firstPollDelay) {
        if (entries.containsKey(ref.jobId())) {
            return false;
        }
        TrackedJob job = new TrackedJob(ref, baselineStatus, baselineStatus == null ? null : baselineDetail,
                clock.instant(), account);
        store.put(job);
        entries.put(ref.jobId(), new Entry(job, firstPollDelay == null ? null : clock.instant().plus(firstPollDelay)));
        return true;
    }

    /**
     * Starts tracking a job just submitted, with what the submit answered as its baseline. The consumer that follows
     * the job decides when to poll it first, from its own options and from this answer (a vendor's estimate of the
     * job's duration, say).
     *
     * @return true if the job was not tracked before
     */
    public synchronized boolean track(JobRef ref, JobSnapshot submitted) {
        boolean added = track(ref, submitted.status(), submitted.detail(), null);
        if (added) {
            entries.get(ref.jobId()).submitted = submitted;
        }
        return added;
    }

    /** Whether the job is tracked. */
    public synchronized boolean isTracked(String jobId) {
        return entries.containsKey(jobId);
    }

    /** The tracked job, if any. */
    public synchronized Optional<TrackedJob> get(String jobId) {
        Entry e = entries.get(jobId);
        return e == null ? Optional.empty() : Optional.of(e.job);
    }

    /** How many jobs are tracked. */
    public synchronized int size() {
        return entries.size();
    }

    /** All tracked jobs (a copy). */
    public synchronized List<TrackedJob> all() {
        return entries.values().stream().map(e -> e.job).toList();
    }

    /** When the job is due next, if tracked and scheduled (a job whose first poll the consumer decides is not). */
    public synchronized Optional<Instant> nextPollAt(String jobId) {
        Entry e = entries.get(jobId);
        return e == null ? Optional.empty() : Optional.ofNullable(e.nextPollAt);
    }

    /** How many polls in a row failed for the job. */
    public synchronized int failures(String jobId) {
        Entry e = entries.get(jobId);
        return e == null ? 0 : e.failures;
    }

    /**
     * Claims up to {@code max} due jobs, most overdue first; jobs tracked without a first-poll delay are due right
     * away. A claimed job is not handed out again until it is rescheduled, committed and rescheduled, or forgotten.
     */
    public synchronized List<TrackedJob> claimDue(int max) {
        return claimDue(max, (ref, submitted) -> Duration.ZERO);
    }

    /**
     * Claims up to {@code max} due jobs, most overdue first. A job not yet scheduled is due {@code firstPollDelay}
     * (given the job and what its submit answered, or null) after it started to be tracked.
     */
    public synchronized List<TrackedJob> claimDue(int max, BiFunction<JobRef, JobSnapshot, Duration> firstPollDelay) {
        if (max <= 0) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Entry> due = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.nextPollAt == null) {
                e.nextPollAt = e.job.trackedSince().plus(firstPollDelay.apply(e.job.ref(), e.submitted));
            }
            if (!e.claimed && !e.nextPollAt.isAfter(now)) {
                due.add(e);
            }
        }
        due.sort(Comparator.comparing(e -> e.nextPollAt));
        List<TrackedJob> claimed = new ArrayList<>(Math.min(max, due.size()));
        for (Entry e : due.subList(0, Math.min(max, due.size()))) {
            e.claimed = true;
            e.lastClaimedAt = now;
            claimed.add(e.job);
        }
        return claimed;
    }

    /** The earliest time any unclaimed job is due, if any. */
    public synchronized Optional<Instant> nextDue() {
        return entries.values().stream().filter(e -> !e.claimed && e.nextPollAt != null).map(e -> e.nextPollAt)
                .min(Comparator.naturalOrder());
    }

    /** Records a status (and detail) whose exchange completed, persisting it. */
    public synchronized void commit(String jobId, String status, String detail) {
        Entry e = entries.get(jobId);
        if (e != null) {
            e.job = e.job.committed(status, detail);
            store.put(e.job);
        }
    }

    /** Releases a claimed job after a successful poll, due again after {@code delay}. */
    public synchronized void reschedule(String jobId, Duration delay) {
        Entry e = entries.get(jobId);
        if (e != null) {
            e.failures = 0;
            e.claimed = false;
            e.nextPollAt = clock.instant().plus(delay);
        }
    }

    /**
     * Releases a claimed job after a successful poll, pacing it to the request budget: when the budget left other due
     * jobs waiting ({@code budgetShort}), the job's interval doubles (once per such poll, up to {@code maxInterval});
     * when it did not, the interval comes back down one step per poll, to {@code interval} itself. Polls of many jobs
     * thus spread out until they fit the budget, and return to the vendor's interval once they do.
     *
     * @return the delay chosen
     */
    public synchronized Duration reschedule(String jobId, Duration interval, Duration maxInterval, boolean budgetShort) {
        Entry e = entries.get(jobId);
        if (e == null) {
            return interval;
        }
        if (budgetShort) {
            if (backoff(interval, maxInterval, e.stretch).compareTo(maxInterval) < 0) {
                e.stretch++;
            }
        } else if (e.stretch > 0) {
            e.stretch--;
        }
        Duration delay = e.stretch == 0 || interval.compareTo(maxInterval) >= 0
                ? interval : backoff(interval, maxInterval, e.stretch);
        e.failures = 0;
        e.claimed = false;
        e.nextPollAt = clock.instant().plus(delay);
        return delay;
    }

    /** How many times the job's poll interval is currently doubled because the request budget was short. */
    public synchronized int stretch(String jobId) {
        Entry e = entries.get(jobId);
        return e == null ? 0 : e.stretch;
    }

    /**
     * Releases a claimed job after a failed poll: due again after {@code baseDelay} doubled per consecutive failure,
     * at most {@code maxDelay}.
     *
     * @return the delay chosen
     */
    public synchronized Duration rescheduleAfterFailure(String jobId, Duration baseDelay, Duration maxDelay) {
        Entry e = entries.get(jobId);
        if (e == null) {
            return baseDelay;
        }
        e.failures++;
        Duration delay = backoff(baseDelay, maxDelay, e.failures);
        e.claimed = false;
        e.nextPollAt = clock.instant().plus(delay);
        return delay;
    }

    /** Releases a claimed job, due again not before {@code at}. */
    public synchronized void rescheduleAt(String jobId, Instant at) {
        Entry e = entries.get(jobId);
        if (e != null) {
            e.claimed = false;
            e.nextPollAt = at;
        }
    }

    /**
     * Makes a job due now (a webhook said it changed). A job being polled right now is left alone: that poll sees the
     * change anyway. Returns false when the job is not tracked.
     */
    public synchronized boolean expedite(String jobId) {
        Entry e = entries.get(jobId);
        if (e == null) {
            return false;
        }
        if (!e.claimed) {
            e.nextPollAt = clock.instant();
        }
        return true;
    }

    /**
     * Makes a job due as soon as the vendor's floor allows: now, or {@code minInterval} after its last status request
     * when that was more recent, and never later than it was due anyway. Used when a push notification (which anyone
     * could forge) says the job changed: however many arrive, the job is not polled faster than the vendor allows.
     * Returns false when the job is not tracked.
     */
    public synchronized boolean expedite(String jobId, Duration minInterval) {
        Entry e = entries.get(jobId);
        if (e == null) {
            return false;
        }
        if (!e.claimed) {
            Instant at = clock.instant();
            if (e.lastClaimedAt != null && minInterval != null && e.lastClaimedAt.plus(minInterval).isAfter(at)) {
                at = e.lastClaimedAt.plus(minInterval);
            }
            if (e.nextPollAt == null || at.isBefore(e.nextPollAt)) {
                e.nextPollAt = at;
            }
        }
        return true;
    }

    /** Stops tracking a job. */
    public synchronized void forget(String jobId) {
        if (entries.remove(jobId) != null) {
            store.remove(jobId);
        }
    }

    /** {@code base} doubled {@code failures} times, capped at {@code max}. */
    public static Duration backoff(Duration base, Duration max, int failures) {
        Duration delay = base.isZero() ? Duration.ofSeconds(1) : base;
        for (int i = 0; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
