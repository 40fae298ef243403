package dev.asyncjobs.engine.tracking;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ids of the jobs one account followed lately, kept after they ended and left the store: a job this account
 * followed is never the job of a submit whose answer was lost, and never adopted twice. Kept for {@link #KEEP}, in
 * memory and, at each {@link #save()} (the consumers' sweeps), as one small value of the account in the job store, so
 * a restart (even after kill -9) still knows them: what the last sweep did not save is at most the jobs tracked since,
 * which are in the store as records anyway unless they ended within that sweep.
 */
public final class FollowedJobs {

    private static final Logger LOG = LoggerFactory.getLogger(FollowedJobs.class);

    /** How long an id is kept: longer than any reconcile window of a lost submit, and than an adoption round. */
    public static final Duration KEEP = Duration.ofHours(6);
    static final String VALUE = "followed-jobs";

    private final JobStore store;
    private final String account;
    /** Id to when it was first followed (real time), oldest first. */
    private final Map<String, Instant> ids = new LinkedHashMap<>();
    private boolean dirty;
    private boolean loaded;

    FollowedJobs(JobStore store, String account) {
        this.store = store;
        this.account = account;
    }

    /** Notes that this account follows the job (not for adopted jobs: adoption says nothing of who created them). */
    synchronized void add(String jobId) {
        load();
        if (ids.putIfAbsent(jobId, Instant.now()) == null) {
            dirty = true;
        }
    }

    /** Whether this account followed the job within {@link #KEEP}. */
    public synchronized boolean contains(String jobId) {
        load();
        return ids.containsKey(jobId);
    }

    /** Writes the ids when they changed since the last save, dropping those older than {@link #KEEP}. */
    public synchronized void save() {
        load();
        Instant oldest = Instant.now().minus(KEEP);
        dirty |= ids.values().removeIf(at -> at.isBefore(oldest));
        if (!dirty) {
            return;
        }
        StringBuilder text = new StringBuilder();
        ids.forEach((id, at) -> text.append(id).append('\t').append(at.toEpochMilli()).append('\n'));
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
            int tab = line.indexOf('\t');
            if (tab > 0) {
                try {
                    ids.putIfAbsent(line.substring(0, tab), Instant.ofEpochMilli(Long.parseLong(line.substring(tab + 1))));
                } catch (NumberFormatException ignored) {
                    // a damaged line: that id only, the others stay
                }
            }
        }));
    }
}
