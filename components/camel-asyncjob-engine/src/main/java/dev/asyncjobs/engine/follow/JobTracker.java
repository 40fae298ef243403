package dev.asyncjobs.engine.follow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.engine.store.JobRecord.Cursor;
import dev.asyncjobs.engine.store.JobStore;
import dev.asyncjobs.engine.store.SubmitIntent;
import dev.asyncjobs.engine.tracing.JobTracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs one account (API key at a base URL) follows, over a {@link JobStore}. Producers add jobs when they submit
 * them; the account's follow loop (running while anything subscribes: a consumer group, a producer's wait)
 * polls them and delivers their transitions to every group. A job leaves when every group following the account has committed its
 * terminal transition; with no group at all it is kept while a producer waits on it, else for {@link #retention}.
 * <p>
 * Every change is one compare-and-set on one record: nothing here rewrites the whole set, and a stale writer (another
 * node that won) changes nothing.
 */
public final class JobTracker {

    private static final Logger LOG = LoggerFactory.getLogger(JobTracker.class);
    private static final int CAS_ATTEMPTS = 8;

    private final JobStore store;
    private final Clock clock;
    private final String account;
    /** What submits answered, kept in memory so the consumer's policy can time a first poll from it. */
    private final Map<String, JobSnapshot> submitted = new ConcurrentHashMap<>();
    /** Jobs a producer waits on right now (waitForCompletion). */
    private final Set<String> waited = ConcurrentHashMap.newKeySet();
    /** Submit intents whose request is under way in this process: not to be reconciled yet. */
    private final Set<String> submitsInFlight = ConcurrentHashMap.newKeySet();
    private volatile Duration retention = Duration.ofDays(1);
    private final AdoptedSubmits adoptedSubmits = new AdoptedSubmits();
    private volatile JobTracing tracing = JobTracing.NONE;
    /** The jobs this account followed to their end lately, kept after they left the store (lost submits, adoption). */
    private final FollowedJobs followed;
    private volatile Listener listener;

    /**
     * Told what makes work for the account's follow loop, which registers itself while it runs: the tracker knows the
     * loop only through this interface.
     */
    public interface Listener {

        /** A job was added (or a group retired): time its first poll if nobody did, and look for due work. */
        void tracked(String jobId);

        /**
         * A job is about to be tracked from its submit's answer.
         *
         * @return whether the answer will be delivered to groups that asked for it ({@link #submitted} follows)
         */
        boolean announceSubmitted(String jobId);

        /** A job was just submitted (and tracked, when {@code added}). */
        void submitted(JobRef ref, JobSnapshot answer, boolean added);

        /** A job was made due now (a push). */
        void expedited(String jobId);
    }

    /**
     * A tracker over one account's jobs in a store that several accounts (API keys) may share: jobs submitted with one
     * key are polled with that key.
     */
    public JobTracker(JobStore store, Clock clock, String account) {
        this.store = store;
        this.clock = clock;
        this.account = account;
        this.followed = new FollowedJobs(store, account);
    }

    /** A job left the store at its end: it stays known as followed (lost submits, adoption). */
    public void left(JobRef ref) {
        followed.add(ref.jobId(), !JobAdoption.isAdopted(ref));
    }

    /** The jobs this account followed lately, also those that ended and left the store. */
    public FollowedJobs followed() {
        return followed;
    }

    public String account() {
        return account;
    }

    public JobStore store() {
        return store;
    }

    public Clock clock() {
        return clock;
    }

    /** The submits with a lost answer whose job this process adopted (for the dev console). */
    public AdoptedSubmits adoptedSubmits() {
        return adoptedSubmits;
    }

    /** How the account's jobs are traced ({@link JobTracing#NONE} by default). */
    public void setTracing(JobTracing tracing) {
        this.tracing = tracing;
    }

    public JobTracing tracing() {
        return tracing;
    }

    /** How long a job is kept when no consumer group follows the account (and no producer waits on it). */
    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    /**
     * Starts tracking a job. Tracking the same job id twice (a vendor that answers identical submits with the same
     * cached job) keeps the first registration, so its transitions are not emitted twice.
     *
     * @param  baselineStatus the status already known (reported by the submit), or null to have the first poll emit
     *                        the current status
     * @param  firstPollDelay delay until the first poll, or null to let the consumer's policy decide
     * @return                true if the job was not tracked before
     */
    public boolean track(JobRef ref, String baselineStatus, Duration firstPollDelay) {
        return track(ref, baselineStatus, null, firstPollDelay);
    }

    /** Starts tracking a job whose status and detail fingerprint are known already (what the submit answered). */
    public boolean track(JobRef ref, String baselineStatus, String baselineDetail, Duration firstPollDelay) {
        return track(ref, baselineStatus, baselineDetail, firstPollDelay, null, null);
    }

    private boolean track(JobRef ref, String baselineStatus, String baselineDetail, Duration firstPollDelay,
                          JobSnapshot submittedSnapshot, String traceParent) {
        Instant now = clock.instant();
        Cursor baseline = baselineStatus == null ? null : new Cursor(baselineStatus, baselineDetail);
        JobRecord record = JobRecord.track(account, ref, baseline, now,
                firstPollDelay == null ? null : now.plus(firstPollDelay), now.plus(retention))
                .withTrace(traceParent == null ? null : tracing.start(traceParent, submittedSnapshot));
        boolean added = store.insert(record).isPresent();
        Listener l = listener;
        if (added && l != null) {
            l.tracked(ref.jobId());
        }
        return added;
    }

    /**
     * Starts tracking a job just submitted, with what the submit answered as its baseline; the consumer that follows
     * the job decides when to poll it first, from its own options and this answer.
     */
    public boolean track(JobRef ref, JobSnapshot submittedSnapshot) {
        return trackSubmitted(ref, submittedSnapshot, null);
    }

    /**
     * As {@link #track(JobRef, JobSnapshot)}, in the trace of the submit ({@code traceParent}, W3C; null for none):
     * the job's record keeps it, for every node that follows the job.
     */
    public boolean trackSubmitted(JobRef ref, JobSnapshot submittedSnapshot, String traceParent) {
        submitted.put(ref.jobId(), submittedSnapshot);
        Listener l = listener;
        // announced before the job can be polled, so a poll leaves the submit's answer to this delivery
        boolean announced = l != null && l.announceSubmitted(ref.jobId());
        boolean added = track(ref, submittedSnapshot.status(), submittedSnapshot.detail(), null, submittedSnapshot,
                traceParent);
        if (!added) {
            submitted.remove(ref.jobId());
        }
        if (announced) {
            l.submitted(ref, submittedSnapshot, added);
        }
        return added;
    }

    /** What the job's submit answered, if this process submitted it and it was not polled yet. */
    public JobSnapshot submittedSnapshot(String jobId) {
        return submitted.get(jobId);
    }

    /** The job's status was requested: what its submit answered is not needed any more. */
    public void polled(String jobId) {
        submitted.remove(jobId);
    }

    /** Whether the job is tracked. */
    public boolean isTracked(String jobId) {
        return store.find(account, jobId).isPresent();
    }

    /** The tracked job, if any. */
    public Optional<JobRecord> get(String jobId) {
        return store.find(account, jobId);
    }

    /** How many jobs are tracked. */
    public int size() {
        return store.count(account);
    }

    /** All tracked jobs (not for the hot path). */
    public List<JobRecord> all() {
        return store.list(account);
    }

    /** The consumer groups following this account. */
    public Set<String> groups() {
        return store.groups(account);
    }

    /**
     * Makes a job due now (a webhook said it changed). A job being polled right now is left alone: that poll sees the
     * change anyway. Returns false when the job is not tracked.
     */
    public boolean expedite(String jobId) {
        return expedite(jobId, null);
    }

    /**
     * Makes a job due as soon as the vendor's floor allows: now, or {@code minInterval} after its last status request
     * when that was more recent, and never later than it was due anyway. A push notification (which anyone could
     * forge) thus never makes a job polled faster than the vendor allows. Returns false when the job is not tracked.
     */
    public boolean expedite(String jobId, Duration minInterval) {
        Instant now = clock.instant();
        Optional<JobRecord> changed = modify(jobId, r -> {
            if (r.leased(Instant.now())) { // leases are real time
                return r;
            }
            Instant at = now;
            if (r.lastPolledAt() != null && minInterval != null && r.lastPolledAt().plus(minInterval).isAfter(at)) {
                at = r.lastPolledAt().plus(minInterval);
            }
            return r.nextPollAt() == null || at.isBefore(r.nextPollAt())
                    ? r.withSchedule(at, r.failures(), r.stretch()) : r;
        }, false);
        Listener l = listener;
        if (changed.isPresent() && l != null) {
            l.expedited(jobId);
        }
        return changed.isPresent();
    }

    /** Stops tracking a job, whatever its groups committed. */
    public void forget(String jobId) {
        for (int i = 0; i < CAS_ATTEMPTS; i++) {
            Optional<JobRecord> r = store.find(account, jobId);
            if (r.isEmpty() || store.delete(account, jobId, r.get().version())) {
                submitted.remove(jobId);
                return;
            }
        }
    }

    /** A producer started waiting on the job (waitForCompletion). */
    public void waitStarted(String jobId) {
        waited.add(jobId);
    }

    /**
     * A producer's wait ended. With no consumer group following the account, nobody else needs the job: it leaves
     * tracking once it is terminal.
     */
    public void waitEnded(String jobId, boolean terminal) {
        waited.remove(jobId);
        if (terminal && store.groups(account).isEmpty()) {
            forget(jobId);
        }
    }

    /**
     * Drops the jobs kept past their retention while no consumer group follows the account and no producer waits
     * on them; returns how many.
     */
    public int purgeExpired() {
        if (!store.groups(account).isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        int purged = 0;
        for (JobRecord r : store.list(account)) {
            if (r.retainUntil() != null && !r.retainUntil().isAfter(now) && !waited.contains(r.jobId())
                    && store.delete(account, r.jobId(), r.version())) {
                submitted.remove(r.jobId());
                purged++;
                LOG.info("Job {} left tracking after its retention of {}: no consumer follows this account",
                        r.jobId(), retention);
            }
        }
        return purged;
    }

    /**
     * Records a submit's intent (durably) before its request is sent: if the answer never arrives, or the process
     * dies first, the intent is reconciled instead of the job being lost.
     */
    public SubmitIntent beginSubmit(String vendor, String operation, Map<String, String> attributes,
                                    String requestBody, String owner) {
        SubmitIntent intent = new SubmitIntent(account, java.util.UUID.randomUUID().toString(), vendor, operation,
                attributes, requestBody, clock.instant(), owner, 0);
        submitsInFlight.add(intent.intentId());
        store.saveIntent(intent);
        return intent;
    }

    /** The submit's answer arrived (and its job is tracked), or it failed in a way that proves no job exists. */
    public void submitSettled(SubmitIntent intent) {
        store.deleteIntent(account, intent.intentId());
        submitsInFlight.remove(intent.intentId());
    }

    /** The submit's answer was lost: its intent stays, to be reconciled. */
    public void submitAnswerLost(SubmitIntent intent) {
        submitsInFlight.remove(intent.intentId());
    }

    /**
     * Intents claimed per reconcile round: each may cost the vendor requests, and all of a round must be reconciled
     * within the lease; the next round (the consumers' next sweep) takes the next ones.
     */
    static final int INTENT_CLAIM_BATCH = 10;

    /**
     * Claims the oldest open intents older than {@code grace} (a batch) for {@code owner} to reconcile, for
     * {@code lease} (see
     * {@link JobStore#claimIntents}: of several nodes, one reconciles each), and returns those whose request is not
     * under way in this process.
     */
    public List<SubmitIntent> intentsToReconcile(Duration grace, String owner, Duration lease) {
        Instant leaseNow = Instant.now(); // leases are real time; intents were made on the vendor's clock
        List<SubmitIntent> claimed = store.claimIntents(account, clock.instant().minus(grace), leaseNow,
                INTENT_CLAIM_BATCH, owner, leaseNow.plus(lease));
        List<SubmitIntent> due = new java.util.ArrayList<>(claimed.size());
        for (SubmitIntent i : claimed) {
            if (submitsInFlight.contains(i.intentId())) {
                store.releaseIntent(account, i.intentId(), owner); // its answer may still come: not ours to reconcile
            } else {
                due.add(i);
            }
        }
        return due;
    }

    /** The intent claimed by {@code owner} was not settled this time: any node's next reconcile takes it up. */
    public void reconcileLater(SubmitIntent intent, String owner) {
        store.releaseIntent(account, intent.intentId(), owner);
    }

    /** Applies a change to the job's record by compare-and-set, retrying on a concurrent change. */
    public Optional<JobRecord> modify(String jobId, UnaryOperator<JobRecord> change, boolean durable) {
        for (int i = 0; i < CAS_ATTEMPTS; i++) {
            Optional<JobRecord> current = store.find(account, jobId);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            JobRecord next = change.apply(current.get());
            if (next == current.get()) {
                return current;
            }
            Optional<JobRecord> stored = store.update(next, durable);
            if (stored.isPresent()) {
                return stored;
            }
        }
        throw new IllegalStateException("Job " + jobId + " kept changing under concurrent writers; gave up after "
                + CAS_ATTEMPTS + " attempts");
    }

    /** The follow loop registers itself while it runs. */
    public void listen(Listener l) {
        this.listener = l;
    }

    /** The follow loop stopped. */
    public void unlisten(Listener l) {
        if (this.listener == l) {
            this.listener = null;
        }
    }
}
