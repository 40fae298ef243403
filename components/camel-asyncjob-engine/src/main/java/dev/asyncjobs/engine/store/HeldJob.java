package dev.asyncjobs.engine.store;

import java.time.Instant;
import java.util.Map;

import dev.asyncjobs.engine.spi.JobRef;

/**
 * One job as the {@link LocalJobStore} holds it: its current {@link JobRecord}'s fields, changed in place, and its
 * links in the account's {@link DueIndex}. Not thread-safe: the store's lock guards it.
 * <p>
 * Why fields and not the record itself: every status check writes a new record twice (its claim and its settle), with
 * new due, lease and poll times. Kept as objects, each job's current ones lived until its next check, seconds at
 * 100,000 jobs, so every young collection copied them all: P2's pauses grew with the number of jobs followed. Here the
 * times are numbers, and nothing a check creates outlives it: the store hands out a record built for the caller, and
 * copies the times of the record it is given. The references a check does not change (the job, its positions, its
 * trace) are kept as they are.
 */
final class HeldJob {

    /** A time that is not set (null in the record). */
    private static final long NONE = Long.MIN_VALUE;

    private String account;
    private JobRef ref;
    private JobRecord.Cursor baseline;
    private Map<String, JobRecord.Cursor> cursors;
    private Instant trackedSince;
    private long nextPollSeconds = NONE;
    private int nextPollNanos;
    private int failures;
    private int stretch;
    private long lastPolledSeconds = NONE;
    private int lastPolledNanos;
    private int notFoundCount;
    private Instant notFoundSince;
    /** Whether a node holds a claim; {@link #owner} is then its name (and otherwise the last one's). */
    private boolean claimed;
    private String owner;
    private long leaseUntilSeconds = NONE;
    private int leaseUntilNanos;
    private boolean takenOver;
    private Instant retainUntil;
    private JobTrace trace;
    private long version;

    /** Where the due index keeps it: its millisecond's bucket and its neighbours there, while it has a due time. */
    DueIndex.Bucket bucket;
    HeldJob previous;
    HeldJob next;

    HeldJob(JobRecord record) {
        hold(record);
    }

    /** The next job of the same millisecond in the due index, or null. */
    HeldJob next() {
        return next;
    }

    /**
     * Takes the record's fields as the job's current state. A reference is written only when it changed: each write of
     * one into this long-lived object marks a card that the next young collection scans. A check that sees no
     * transition changes none of them but the claim's owner, which is kept as a flag beside the last owner's name for
     * that reason.
     */
    void hold(JobRecord r) {
        if (account != r.account()) {
            account = r.account();
        }
        if (ref != r.ref()) {
            ref = r.ref();
        }
        if (baseline != r.baseline()) {
            baseline = r.baseline();
        }
        if (cursors != r.cursors()) {
            cursors = r.cursors();
        }
        if (trackedSince != r.trackedSince()) {
            trackedSince = r.trackedSince();
        }
        nextPollSeconds = seconds(r.nextPollAt());
        nextPollNanos = nanos(r.nextPollAt());
        failures = r.failures();
        stretch = r.stretch();
        lastPolledSeconds = seconds(r.lastPolledAt());
        lastPolledNanos = nanos(r.lastPolledAt());
        notFoundCount = r.notFoundCount();
        if (notFoundSince != r.notFoundSince()) {
            notFoundSince = r.notFoundSince();
        }
        claimed = r.leaseOwner() != null;
        if (claimed && !r.leaseOwner().equals(owner)) {
            owner = r.leaseOwner();
        }
        leaseUntilSeconds = seconds(r.leaseUntil());
        leaseUntilNanos = nanos(r.leaseUntil());
        takenOver = r.takenOver();
        if (retainUntil != r.retainUntil()) {
            retainUntil = r.retainUntil();
        }
        if (trace != r.trace()) {
            trace = r.trace();
        }
        version = r.version();
    }

    /** The job's current record, built anew (the caller may keep it: nothing here changes it). */
    JobRecord record() {
        return record(claimed ? owner : null, instant(leaseUntilSeconds, leaseUntilNanos), takenOver, version);
    }

    /**
     * The record {@code owner}'s claim until {@code until} writes, one version on: {@code record().claimedBy(owner,
     * until).withVersion(version() + 1)}, built once (a claim is on every status check's path). Nothing held changes.
     */
    JobRecord claimedBy(String owner, Instant until) {
        return record(owner, until, claimed, version + 1);
    }

    private JobRecord record(String leaseOwner, Instant leaseUntil, boolean takenOver, long version) {
        return new JobRecord(account, ref, baseline, cursors, trackedSince, instant(nextPollSeconds, nextPollNanos),
                failures, stretch, instant(lastPolledSeconds, lastPolledNanos), notFoundCount, notFoundSince,
                leaseOwner, leaseUntil, takenOver, retainUntil, trace, version);
    }

    String account() {
        return account;
    }

    String jobId() {
        return ref.jobId();
    }

    long version() {
        return version;
    }

    /** Whether a first poll was timed: only then is the job in the due index. */
    boolean hasDueTime() {
        return nextPollSeconds != NONE;
    }

    /** When it is due (a new instant), or null. */
    Instant nextPollAt() {
        return instant(nextPollSeconds, nextPollNanos);
    }

    /** Whether it is due at {@code at} or before. */
    boolean dueBy(Instant at) {
        return hasDueTime() && compare(nextPollSeconds, nextPollNanos, at) <= 0;
    }

    /** Whether the record's due time is the one held (then the job keeps its place in the due index). */
    boolean dueAtSameTime(JobRecord r) {
        Instant at = r.nextPollAt();
        return at == null ? !hasDueTime() : hasDueTime() && compare(nextPollSeconds, nextPollNanos, at) == 0;
    }

    /** The same rule as {@link JobRecord#leased}. */
    boolean leased(Instant now) {
        return claimed && leaseUntilSeconds != NONE && compare(leaseUntilSeconds, leaseUntilNanos, now) > 0;
    }

    /**
     * When the job may next be claimed, for {@link JobStore#nextDue}: its due time, or when its claim expires if that
     * is later (a held claim must not hide it); null when it is claimed with no expiry.
     */
    Instant claimableAt() {
        if (!claimed) {
            return nextPollAt();
        }
        if (leaseUntilSeconds == NONE) {
            return null;
        }
        Instant until = instant(leaseUntilSeconds, leaseUntilNanos);
        Instant at = nextPollAt();
        return until.isAfter(at) ? until : at;
    }

    /** Whether a node holds a claim on it (expired or not). */
    boolean claimed() {
        return claimed;
    }

    private static long seconds(Instant at) {
        return at == null ? NONE : at.getEpochSecond();
    }

    private static int nanos(Instant at) {
        return at == null ? 0 : at.getNano();
    }

    private static Instant instant(long seconds, int nanos) {
        return seconds == NONE ? null : Instant.ofEpochSecond(seconds, nanos);
    }

    private static int compare(long seconds, int nanos, Instant other) {
        int c = Long.compare(seconds, other.getEpochSecond());
        return c != 0 ? c : Integer.compare(nanos, other.getNano());
    }
}
