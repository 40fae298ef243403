package dev.asyncjobs.engine.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A store for one process: every job in memory ({@link HeldJob}: its record's fields, changed in place), indexed by
 * due time per account ({@link DueIndex}), so claiming due jobs never scans the whole set, and a settle's move costs
 * the same at 100,000 jobs as at 1,000. Subclasses persist each change (one record per change) through the hooks; the
 * in-memory store persists nothing.
 */
public abstract class LocalJobStore implements JobStore {

    private final Map<String, DueIndex> due = new HashMap<>();
    /** Each account's jobs by id, as the due index links them. */
    private final Map<String, Map<String, HeldJob>> byAccount = new HashMap<>();
    /** Jobs whose first poll nobody timed yet, per account: consumers look for them on every sweep. */
    private final Map<String, Set<String>> undecided = new HashMap<>();
    private final Map<String, Map<String, SubmitIntent>> intents = new HashMap<>();
    private final Map<String, Set<String>> groups = new HashMap<>();
    private final Map<String, Map<String, byte[]>> values = new HashMap<>();
    /** Who reconciles an intent until when (claimIntents), by account and intent id; kept in memory only. */
    private final Map<String, Map<String, IntentLease>> intentLeases = new HashMap<>();

    private record IntentLease(String owner, Instant until) {
    }

    /** Who runs a named round of an account's work until when (claimRound), by account and round. */
    private final Map<String, IntentLease> roundLeases = new HashMap<>();

    @Override
    public synchronized boolean claimRound(String account, String round, String owner, Instant now,
                                           Instant leaseUntil) {
        String key = account + '\u0000' + round;
        IntentLease held = roundLeases.get(key);
        if (held != null && !held.owner().equals(owner) && held.until().isAfter(now)) {
            return false;
        }
        roundLeases.put(key, new IntentLease(owner, leaseUntil));
        return true;
    }

    /** Writes one record (inserted or updated); {@code durable}: on disk before returning. */
    protected abstract void persist(JobRecord record, boolean durable);

    /** Removes one record. */
    protected abstract void erase(String account, String jobId);

    /** Writes one intent durably. */
    protected abstract void persistIntent(SubmitIntent intent);

    /** Removes one intent. */
    protected abstract void eraseIntent(String account, String intentId);

    /** Writes an account's groups durably. */
    protected abstract void persistGroups(String account, Set<String> groups);

    /** Writes one named value durably. */
    protected abstract void persistValue(String account, String name, byte[] value);

    /** Loads what a subclass read from disk at open, before any other call. */
    protected synchronized void load(Iterable<JobRecord> loadedRecords, Iterable<SubmitIntent> loadedIntents,
                                     Map<String, Set<String>> loadedGroups,
                                     Map<String, Map<String, byte[]>> loadedValues) {
        for (JobRecord r : loadedRecords) {
            index(r);
        }
        for (SubmitIntent i : loadedIntents) {
            intents.computeIfAbsent(i.account(), a -> new LinkedHashMap<>()).put(i.intentId(), i);
        }
        loadedGroups.forEach((account, g) -> groups.put(account, new LinkedHashSet<>(g)));
        loadedValues.forEach((account, v) -> values.put(account, new HashMap<>(v)));
    }

    /** Forgets everything held in memory (a subclass whose file disappeared). */
    protected synchronized void clearMemory() {
        due.clear();
        byAccount.clear();
        undecided.clear();
        intents.clear();
        intentLeases.clear();
        groups.clear();
        values.clear();
    }

    /** How many records are held, all accounts together. */
    public synchronized int totalCount() {
        int n = 0;
        for (Map<String, HeldJob> of : byAccount.values()) {
            n += of.size();
        }
        return n;
    }

    @Override
    public synchronized Optional<JobRecord> find(String account, String jobId) {
        return Optional.ofNullable(get(account, jobId));
    }

    @Override
    public synchronized Optional<JobRecord> insert(JobRecord record) {
        if (get(record.account(), record.jobId()) != null) {
            return Optional.empty();
        }
        JobRecord stored = record.withVersion(1);
        persist(stored, true);
        index(stored);
        return Optional.of(stored);
    }

    @Override
    public synchronized Optional<JobRecord> update(JobRecord record, boolean durable) {
        HeldJob job = job(record.account(), record.jobId());
        if (job == null || job.version() != record.version()) {
            return Optional.empty();
        }
        JobRecord stored = record.withVersion(record.version() + 1);
        persist(stored, durable);
        reindex(job, stored);
        return Optional.of(stored);
    }

    @Override
    public synchronized boolean delete(String account, String jobId, long version) {
        HeldJob job = job(account, jobId);
        if (job == null || job.version() != version) {
            return false;
        }
        erase(account, jobId);
        unindex(job);
        return true;
    }

    @Override
    public synchronized List<JobRecord> claimDue(String account, Instant dueBy, Instant now, int max, String owner,
                                                 Instant leaseUntil) {
        DueIndex queue = due.get(account);
        if (queue == null || max <= 0) {
            return List.of();
        }
        List<HeldJob> picked = new ArrayList<>(Math.min(max, 16));
        long lastMillis = DueIndex.millisOf(dueBy); // a job of that millisecond may be due later within it
        pick:
        for (Iterator<DueIndex.Bucket> it = queue.all(); it.hasNext(); ) {
            DueIndex.Bucket bucket = it.next();
            if (bucket.millis > lastMillis) {
                break;
            }
            for (HeldJob e = bucket.first(); e != null; e = e.next()) {
                if (e.dueBy(dueBy) && !e.leased(now)) {
                    picked.add(e);
                    if (picked.size() >= max) {
                        break pick;
                    }
                }
            }
        }
        List<JobRecord> claimed = new ArrayList<>(picked.size());
        for (HeldJob e : picked) {
            JobRecord stored = e.claimedBy(owner, leaseUntil);
            persist(stored, false);
            e.hold(stored); // a claim keeps the due time: the job stays where it is
            claimed.add(stored);
        }
        return claimed;
    }

    @Override
    public synchronized Optional<Instant> nextDue(String account) {
        DueIndex queue = due.get(account);
        if (queue == null) {
            return Optional.empty();
        }
        Instant best = null;
        for (Iterator<DueIndex.Bucket> it = queue.all(); it.hasNext(); ) {
            DueIndex.Bucket bucket = it.next();
            if (best != null && bucket.millis > DueIndex.millisOf(best)) {
                break; // every job from here on is due after the best found
            }
            for (HeldJob e = bucket.first(); e != null; e = e.next()) {
                // a held claim ends at its expiry at the latest: wake up then to take it over (a leased record must
                // not hide a later unleased one, due before its lease ends)
                Instant at = e.claimableAt();
                if (at == null) {
                    continue;
                }
                best = best == null || at.isBefore(best) ? at : best;
                if (!e.claimed() && at.equals(Instant.ofEpochMilli(bucket.millis))) {
                    return Optional.of(best); // due at the bucket's very start: nothing in it is earlier
                }
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public synchronized List<JobRecord> undecided(String account) {
        Set<String> ids = undecided.get(account);
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<JobRecord> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            out.add(get(account, id));
        }
        return out;
    }

    @Override
    public synchronized List<JobRecord> list(String account) {
        Map<String, HeldJob> of = byAccount.getOrDefault(account, Map.of());
        List<JobRecord> out = new ArrayList<>(of.size());
        for (HeldJob e : of.values()) {
            out.add(e.record());
        }
        return List.copyOf(out);
    }

    @Override
    public synchronized int count(String account) {
        return byAccount.getOrDefault(account, Map.of()).size();
    }

    @Override
    public synchronized void saveIntent(SubmitIntent intent) {
        persistIntent(intent);
        intents.computeIfAbsent(intent.account(), a -> new LinkedHashMap<>()).put(intent.intentId(), intent);
    }

    @Override
    public synchronized void deleteIntent(String account, String intentId) {
        Map<String, SubmitIntent> of = intents.get(account);
        if (of != null && of.remove(intentId) != null) {
            eraseIntent(account, intentId);
        }
        Map<String, IntentLease> leases = intentLeases.get(account);
        if (leases != null) {
            leases.remove(intentId);
        }
    }

    @Override
    public synchronized void releaseIntent(String account, String intentId, String owner) {
        Map<String, IntentLease> leases = intentLeases.get(account);
        if (leases != null && leases.get(intentId) != null && leases.get(intentId).owner().equals(owner)) {
            leases.remove(intentId);
        }
    }

    /** Leases live in memory: a process that restarts holds none, as its previous run is gone. */
    @Override
    public synchronized List<SubmitIntent> claimIntents(String account, Instant createdBefore, Instant now, int max,
                                                        String owner, Instant leaseUntil) {
        Map<String, IntentLease> leases = intentLeases.computeIfAbsent(account, a -> new HashMap<>());
        List<SubmitIntent> claimed = new ArrayList<>();
        for (SubmitIntent i : intents(account)) {
            if (claimed.size() >= max) {
                break;
            }
            IntentLease held = leases.get(i.intentId());
            if (!i.createdAt().isAfter(createdBefore) && (held == null || !held.until().isAfter(now))) {
                leases.put(i.intentId(), new IntentLease(owner, leaseUntil));
                claimed.add(i);
            }
        }
        return claimed;
    }

    @Override
    public synchronized List<SubmitIntent> intents(String account) {
        List<SubmitIntent> out = new ArrayList<>(intents.getOrDefault(account, Map.of()).values());
        out.sort(Comparator.comparing(SubmitIntent::createdAt));
        return out;
    }

    @Override
    public synchronized void addGroup(String account, String group) {
        Set<String> g = groups.computeIfAbsent(account, a -> new LinkedHashSet<>());
        if (g.add(group)) {
            persistGroups(account, g);
        }
    }

    @Override
    public synchronized void removeGroup(String account, String group) {
        Set<String> g = groups.get(account);
        if (g != null && g.remove(group)) {
            persistGroups(account, g);
        }
    }

    @Override
    public synchronized Set<String> groups(String account) {
        return Set.copyOf(groups.getOrDefault(account, Set.of()));
    }

    @Override
    public synchronized Optional<byte[]> loadValue(String account, String name) {
        byte[] v = values.getOrDefault(account, Map.of()).get(name);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    @Override
    public synchronized void saveValue(String account, String name, byte[] value) {
        persistValue(account, name, value);
        values.computeIfAbsent(account, a -> new HashMap<>()).put(name, value.clone());
    }

    private JobRecord get(String account, String jobId) {
        HeldJob e = job(account, jobId);
        return e == null ? null : e.record();
    }

    private HeldJob job(String account, String jobId) {
        Map<String, HeldJob> of = byAccount.get(account);
        return of == null ? null : of.get(jobId);
    }

    private void index(JobRecord r) {
        HeldJob e = new HeldJob(r);
        byAccount.computeIfAbsent(r.account(), a -> new HashMap<>()).put(r.jobId(), e);
        queue(e, r.nextPollAt());
    }

    /**
     * Holds a job's new record; it moves in the due-time index only when its due time did (a claim or a write of
     * cursors keeps it). A settle, which moves the due time, is on every poll's path: no lookup by id is repeated.
     */
    private void reindex(HeldJob e, JobRecord stored) {
        if (e.dueAtSameTime(stored)) {
            e.hold(stored);
            return;
        }
        unqueue(e);
        e.hold(stored);
        queue(e, stored.nextPollAt());
    }

    private void unindex(HeldJob e) {
        Map<String, HeldJob> of = byAccount.get(e.account());
        if (of != null) {
            of.remove(e.jobId());
        }
        unqueue(e);
    }

    /** Into the due-time index at its due time, or among the undecided when nobody timed its first poll yet. */
    private void queue(HeldJob e, Instant nextPollAt) {
        if (nextPollAt != null) {
            due.computeIfAbsent(e.account(), a -> new DueIndex()).add(e, nextPollAt);
        } else {
            undecided.computeIfAbsent(e.account(), a -> new LinkedHashSet<>()).add(e.jobId());
        }
    }

    /** Out of where {@link #queue} put the job. */
    private void unqueue(HeldJob e) {
        if (e.hasDueTime()) {
            DueIndex queue = due.get(e.account());
            if (queue != null) {
                queue.remove(e);
            }
        } else {
            Set<String> ids = undecided.get(e.account());
            if (ids != null) {
                ids.remove(e.jobId());
            }
        }
    }
}
