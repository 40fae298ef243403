package dev.asyncjobs.engine.store;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One account's jobs by the millisecond they are due in, earliest first; within a millisecond, in the order they were
 * queued. Why millisecond buckets and not one sorted entry per job: a settle moves a job to a due time among the
 * others (a loop that is behind times each job from its previous due time), and finding that place in a tree of
 * every job cost a cache miss per level on each status answer once the jobs outgrew the CPU's cache (P2 at 100,000
 * jobs). The buckets' tree holds one node per distinct millisecond, which stays small and warm; a job goes into its
 * bucket's hash set. Not thread-safe: the store's lock guards it.
 */
final class DueIndex {

    private final TreeMap<Long, Set<String>> buckets = new TreeMap<>();

    void add(Instant at, String jobId) {
        buckets.computeIfAbsent(millisOf(at), m -> new LinkedHashSet<>()).add(jobId);
    }

    void remove(Instant at, String jobId) {
        long key = millisOf(at);
        Set<String> bucket = buckets.get(key);
        if (bucket != null && bucket.remove(jobId) && bucket.isEmpty()) {
            buckets.remove(key);
        }
    }

    /**
     * The buckets whose millisecond is not after {@code dueBy}'s, earliest first: their jobs may be due by then (a
     * job of {@code dueBy}'s own millisecond may be due later within it; callers check the record's exact time).
     */
    Iterable<Set<String>> upTo(Instant dueBy) {
        return buckets.headMap(millisOf(dueBy), true).values();
    }

    /** Every bucket, earliest first, with its millisecond. */
    Iterator<Map.Entry<Long, Set<String>>> all() {
        return buckets.entrySet().iterator();
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
