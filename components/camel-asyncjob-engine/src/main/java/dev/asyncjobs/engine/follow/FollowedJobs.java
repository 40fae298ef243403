package dev.asyncjobs.engine.follow;

import dev.asyncjobs.engine.store.JobStore;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ids of the jobs one account followed to their end lately, kept after they left the store: a job this account
 * followed as its own is never the job of a submit whose answer was lost, and no job is adopted twice. (A job still
 * followed is in the store, which says so.) Kept for {@link #KEEP}, at most {@link #MAX_IDS} of them, in memory and,
 * on the consumers' sweeps ({@link #save()}), as one value of the account in the job store, so a restart (even after
 * kill -9) still knows them. The value is written whole: once it holds {@link #SAVE_ALWAYS_BELOW} ids or more, at most
 * every {@link #SAVE_EVERY}. What a crash loses is the ids since the last save: such a job may then be followed again,
 * its first exchange marked adopted.
 */
public final class FollowedJobs {

    private static final Logger LOG = LoggerFactory.getLogger(FollowedJobs.class);

    /** How long an id is kept: longer than any reconcile window of a lost submit, and than an adoption round. */
    public static final Duration KEEP = Duration.ofHours(6);
    /** The most ids kept (the oldest go first): the value is written whole. */
    static final int MAX_IDS = 10_000;
    /** Up to this many ids, every sweep that finds a change saves it. */
    static final int SAVE_ALWAYS_BELOW = 1_000;
    /** Beyond them, the shortest time between two saves. */
    static final Duration SAVE_EVERY = Duration.ofSeconds(5);
    static final String VALUE = "followed-jobs";

    private final JobStore store;
    private final String account;
    /** A job followed: since when (real time), and whether as this account's own (tracked, not adopted). */
    private record Followed(Instant at, boolean own) {
    }

    /** Id to when and how it was first followed, oldest first. */
    private final Map<String, Followed> ids = new LinkedHashMap<>();
    private boolean dirty;
    private boolean loaded;
    private Instant savedAt = Instant.MIN;

    FollowedJobs(JobStore store, String account) {
        this.store = store;
        this.account = account;
    }

    /**
     * Notes that this account followed the job to its end.
     *
     * @param own false for an adopted job: adoption says nothing of who created it, so it stays a candidate of a lost
     *            submit
     */
    synchronized void add(String jobId, boolean own) {
        load();
        Followed before = ids.get(jobId);
        if (before == null || own && !before.own()) {
            ids.put(jobId, new Followed(before != null ? before.at() : Instant.now(), own));
            dirty = true;
        }
        if (ids.size() > MAX_IDS) {
            ids.remove(ids.keySet().iterator().next());
        }
    }

    /** Whether this account followed the job within {@link #KEEP}, as its own or adopted. */
    public synchronized boolean contains(String jobId) {
        load();
        return ids.containsKey(jobId);
    }

    /** Whether this account followed the job within {@link #KEEP} as its own (it submitted or was told its id). */
    public synchronized boolean containsOwn(String jobId) {
        load();
        Followed f = ids.get(jobId);
        return f != null && f.own();
    }

    /** Writes the ids when they changed since the last save (see the class), dropping those older than {@link #KEEP}. */
    public synchronized void save() {
        load();
        Instant now = Instant.now();
        if (!dirty || ids.size() >= SAVE_ALWAYS_BELOW && now.isBefore(savedAt.plus(SAVE_EVERY))) {
            return;
        }
        savedAt = now;
        Instant oldest = now.minus(KEEP);
        ids.values().removeIf(f -> f.at().isBefore(oldest));
        StringBuilder text = new StringBuilder();
        ids.forEach((id, f) -> text.append(id).append('\t').append(f.at().toEpochMilli()).append('\t')
                .append(f.own() ? "own" : "adopted").append('\n'));
        try {
            store.saveValue(account, VALUE, text.toString().getBytes(StandardCharsets.UTF_8));
            dirty = false;
        } catch (RuntimeException e) {
            LOG.warn("Could not save the ids of the jobs followed lately ({}); trying again on the next sweep",
                    e.getMessage());
        }
    }

    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        Optional<byte[]> value;
        try {
            value = store.loadValue(account, VALUE);
        } catch (RuntimeException e) {
            LOG.warn("Could not read the ids of the jobs followed lately ({}); lost submits may then name ended jobs"
                     + " among their candidates", e.getMessage());
            return;
        }
        value.ifPresent(bytes -> new String(bytes, StandardCharsets.UTF_8).lines().forEach(line -> {
            String[] fields = line.split("\t");
            if (fields.length == 3) {
                try {
                    ids.putIfAbsent(fields[0], new Followed(Instant.ofEpochMilli(Long.parseLong(fields[1])),
                            fields[2].equals("own")));
                } catch (NumberFormatException ignored) {
                    // a damaged line: that id only, the others stay
                }
            }
        }));
    }
}
