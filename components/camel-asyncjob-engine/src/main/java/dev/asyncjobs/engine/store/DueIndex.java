package dev.asyncjobs.engine.store;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * One account's jobs by the millisecond they are due in, earliest first; within a millisecond, in the order they were
 * queued. Why millisecond buckets and not one sorted entry per job: a settle moves a job to a due time among the
 * others (a loop that is behind times each job from its previous due time), and finding that place in a tree of
 * every job cost a cache miss per level on each status answer once the jobs outgrew the CPU's cache (P2 at 100,000
 * jobs). The buckets' tree holds one node per distinct millisecond, which stays small and warm.
 * <p>
 * Each job is a {@link HeldJob}, which holds its current record and links into its bucket's list: a claim walks the
 * jobs and reads their state with no lookup by job id, and a move unlinks a job without hashing it. Not thread-safe:
 * the store's lock guards it.
 */
final class DueIndex {

    /** The jobs due in one millisecond, in the order they were queued. */
    static final class Bucket {
        /** Its millisecond (set again when an emptied bucket is used for another one). */
        long millis;
        private HeldJob first;
        private HeldJob last;

        /** Its first job (never null while the bucket is in the index). */
        HeldJob first() {
            return first;
        }
    }

    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
    /** The bucket the last job went into: settles of one moment go to the same millisecond, with no tree descent. */
    private Bucket lastUsed;
    /**
     * Emptied buckets, used again for new milliseconds. A job's link to its bucket is written on every settle, and a
     * bucket made for the millisecond is young: the link from the long-lived job to it was a card that each young
     * collection scanned. A bucket used again has outlived those collections.
     */
    private final ArrayDeque<Bucket> spare = new ArrayDeque<>();
    private static final int MAX_SPARE = 1024;

    /** Queues an entry that is in no bucket at the millisecond of {@code at}. */
    void add(HeldJob e, Instant at) {
        long millis = millisOf(at);
        Bucket b = lastUsed;
        if (b == null || b.millis != millis || b.first == null) {
            b = bucketAt(millis);
            lastUsed = b;
        }
        e.bucket = b;
        e.previous = b.last;
        e.next = null;
        if (b.last == null) {
            b.first = e;
        } else {
            b.last.next = e;
        }
        b.last = e;
    }

    /** Unlinks an entry from its bucket, if it is in one; an emptied bucket leaves the tree. */
    void remove(HeldJob e) {
        Bucket b = e.bucket;
        if (b == null) {
            return;
        }
        if (e.previous == null) {
            b.first = e.next;
        } else {
            e.previous.next = e.next;
        }
        if (e.next == null) {
            b.last = e.previous;
        } else {
            e.next.previous = e.previous;
        }
        e.bucket = null;
        e.previous = null;
        e.next = null;
        if (b.first == null) {
            buckets.remove(b.millis);
            if (spare.size() < MAX_SPARE) {
                spare.push(b);
            }
        }
    }

    private Bucket bucketAt(long millis) {
        Bucket b = buckets.get(millis);
        if (b == null) {
            b = spare.isEmpty() ? new Bucket() : spare.pop();
            b.millis = millis;
            buckets.put(millis, b);
        }
        return b;
    }

    /**
     * Every bucket, earliest first. A claim walks them from the first and stops at the first one after its due time:
     * a head map's iterator would first look its end up in the tree, a descent on every claim.
     */
    Iterator<Bucket> all() {
        return buckets.values().iterator();
    }

    /** The epoch millisecond an instant falls in, saturating far from now (a due time is never that far). */
    static long millisOf(Instant at) {
        long seconds = at.getEpochSecond();
        if (seconds >= Long.MAX_VALUE / 1000) {
            return Long.MAX_VALUE;
        }
        if (seconds <= Long.MIN_VALUE / 1000) {
            return Long.MIN_VALUE;
        }
        return seconds * 1000 + at.getNano() / 1_000_000;
    }
}
