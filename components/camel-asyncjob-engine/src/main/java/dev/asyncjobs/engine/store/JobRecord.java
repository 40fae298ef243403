package dev.asyncjobs.engine.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.asyncjobs.engine.spi.JobRef;

/**
 * One followed job, as a {@link JobStore} keeps it: one record per (account, job id), changed only by per-record
 * compare-and-set on {@link #version()}. It holds everything a restart, or another node, needs to carry on where the
 * last owner stopped:
 * <ul>
 * <li>how to address the job ({@link #ref()}) and which account (API key and base URL, as an opaque hash) polls it;</li>
 * <li>each consumer group's committed position ({@link #cursors()}): the last status (and detail) whose exchange that
 * group acknowledged. A group without a cursor starts from the {@link #baseline()};</li>
 * <li>the schedule ({@link #nextPollAt()}, {@link #failures()}, {@link #stretch()}), so a restart resumes it instead
 * of polling every job at once;</li>
 * <li>the lease ({@link #leaseOwner()}, {@link #leaseUntil()}): who is polling it right now, and until when that
 * claim holds if its owner dies;</li>
 * <li>the unconfirmed 404s ({@link #notFoundCount()} since {@link #notFoundSince()}): one 404 is not the end of a
 * job;</li>
 * <li>{@link #retainUntil()}: with no consumer group following the account, how long the job is kept;</li>
 * <li>{@link #trace()}: the trace its submit started, so every node continues it.</li>
 * </ul>
 *
 * @param account       the account's opaque id; never the key
 * @param ref           how to address the job
 * @param baseline      what was known when tracking started (the submit's answer), or null to emit the first status
 * @param cursors       committed position per consumer group
 * @param trackedSince  when tracking started
 * @param nextPollAt    when the job is due next; null while no consumer has decided its first poll
 * @param failures      consecutive failed status requests
 * @param stretch       how many times the interval is doubled because the request budget was short
 * @param lastPolledAt  when its status was last requested, or null
 * @param notFoundCount consecutive 404 answers
 * @param notFoundSince when the first of them came, or null
 * @param leaseOwner    the node (or consumer) holding the claim, or null
 * @param leaseUntil    when the claim expires, or null
 * @param takenOver     whether the current claim took over a lease that another owner still held (it died, or was
 *                      too slow): what that owner was doing may have been half done, so its deliveries are marked
 *                      redelivered. Set by {@link JobStore#claimDue}, cleared when the claim ends.
 * @param retainUntil   when to drop the job if no group follows the account, or null to keep it
 * @param trace         the trace the job belongs to (its submit's), or null when it was not submitted traced
 * @param version       the compare-and-set version: the store increments it on every successful write
 */
public record JobRecord(String account, JobRef ref, Cursor baseline, Map<String, Cursor> cursors, Instant trackedSince,
        Instant nextPollAt, int failures, int stretch, Instant lastPolledAt, int notFoundCount, Instant notFoundSince,
        String leaseOwner, Instant leaseUntil, boolean takenOver, Instant retainUntil, JobTrace trace, long version) {

    public JobRecord {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(trackedSince, "trackedSince");
        cursors = cursors == null ? Map.of() : Map.copyOf(cursors);
    }

    /** A new record (version 0: the store gives it version 1 when it is inserted). */
    public static JobRecord track(String account, JobRef ref, Cursor baseline, Instant now, Instant nextPollAt,
                                  Instant retainUntil) {
        return new JobRecord(account, ref, baseline, Map.of(), now, nextPollAt, 0, 0, null, 0, null, null, null, false,
                retainUntil, null, 0);
    }

    public String jobId() {
        return ref.jobId();
    }

    /** The group's committed position: its cursor, else the baseline (which may be null: nothing emitted yet). */
    public Cursor position(String group) {
        Cursor c = cursors.get(group);
        return c != null ? c : baseline;
    }

    /** Whether a claim on it is held at {@code now}. */
    public boolean leased(Instant now) {
        return leaseOwner != null && leaseUntil != null && leaseUntil.isAfter(now);
    }

    /** This record with the group's position moved. */
    public JobRecord withCursor(String group, Cursor cursor) {
        Map<String, Cursor> next = new LinkedHashMap<>(cursors);
        next.put(group, cursor);
        return new JobRecord(account, ref, baseline, next, trackedSince, nextPollAt, failures, stretch, lastPolledAt,
                notFoundCount, notFoundSince, leaseOwner, leaseUntil, takenOver, retainUntil, trace, version);
    }

    /** This record with a new schedule. */
    public JobRecord withSchedule(Instant nextPollAt, int failures, int stretch) {
        return new JobRecord(account, ref, baseline, cursors, trackedSince, nextPollAt, failures, stretch, lastPolledAt,
                notFoundCount, notFoundSince, leaseOwner, leaseUntil, takenOver, retainUntil, trace, version);
    }

    /**
     * This record after a successful poll, in one copy: due at {@code nextPollAt}, no failures nor 404s counted,
     * polled at {@code polledAt}, its claim released.
     */
    public JobRecord settled(Instant nextPollAt, int stretch, Instant polledAt) {
        return new JobRecord(account, ref, baseline, cursors, trackedSince, nextPollAt, 0, stretch, polledAt, 0, null,
                null, null, false, retainUntil, trace, version);
    }

    /** This record with its claim released. */
    public JobRecord released() {
        return new JobRecord(account, ref, baseline, cursors, trackedSince, nextPollAt, failures, stretch, lastPolledAt,
                notFoundCount, notFoundSince, null, null, false, retainUntil, trace, version);
    }

    /**
     * This record claimed by {@code owner} until {@code until}; {@link #takenOver()} tells whether another owner's
     * claim was still on it (what stores call from {@link JobStore#claimDue}).
     */
    public JobRecord claimedBy(String owner, Instant until) {
        return new JobRecord(account, ref, baseline, cursors, trackedSince, nextPollAt, failures, stretch, lastPolledAt,
                notFoundCount, notFoundSince, owner, until, leaseOwner != null, retainUntil, trace, version);
    }

    /** This record as polled at {@code at}. */
    public JobRecord withLastPolledAt(Instant at) {
        return new JobRecord(account, ref, baseline, cursors, trackedSince, nextPollAt, failures, stretch, at,
                notFoundCount, notFoundSince, leaseOwner, leaseUntil, takenOver, retainUntil, trace, version);
    }

    /** This record with its 404 count. */
    public JobRecord withNotFound(int count, Instant since) {
        return new JobRecord(account, ref, baseline, cursors, trackedSince, nextPollAt, failures, stretch, lastPolledAt,
                count, since, leaseOwner, leaseUntil, takenOver, retainUntil, trace, version);
    }

    /** This record with a retention deadline (null: kept while followed). */
    public JobRecord withRetainUntil(Instant until) {
        return new JobRecord(account, ref, baseline, cursors, trackedSince, nextPollAt, failures, stretch, lastPolledAt,
                notFoundCount, notFoundSince, leaseOwner, leaseUntil, takenOver, until, trace, version);
    }

    /** This record with its trace. */
    public JobRecord withTrace(JobTrace t) {
        return new JobRecord(account, ref, baseline, cursors, trackedSince, nextPollAt, failures, stretch, lastPolledAt,
                notFoundCount, notFoundSince, leaseOwner, leaseUntil, takenOver, retainUntil, t, version);
    }

    /** This record at the given version (stores use it when they write). */
    public JobRecord withVersion(long v) {
        return new JobRecord(account, ref, baseline, cursors, trackedSince, nextPollAt, failures, stretch, lastPolledAt,
                notFoundCount, notFoundSince, leaseOwner, leaseUntil, takenOver, retainUntil, trace, v);
    }

    /**
     * A consumer group's committed position on a job.
     *
     * @param status the last status whose exchange the group acknowledged (or that it skipped by its filter)
     * @param detail the detail fingerprint with it (progress), or null
     */
    public record Cursor(String status, String detail) {
    }
}
