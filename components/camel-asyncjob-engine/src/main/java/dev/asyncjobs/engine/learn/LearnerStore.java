package dev.asyncjobs.engine.learn;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import dev.asyncjobs.engine.store.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one account's {@link DurationLearner} in the job store, as one small value of the account
 * ({@link DurationLearner#valueName()}): restored when opened, saved every {@link #SAVE_EVERY} observations and on
 * {@link #save()} (the component calls it when it stops). So what an account learned survives restarts, and nodes
 * sharing a store start from the same distribution (the last save wins; see {@link DurationLearner}).
 * <p>
 * A stored value that cannot be read (another format, damaged) is not fatal: a warning names it, and learning starts
 * afresh (until enough jobs ended, polling is the vendor's, so nothing is lost but the saving). A save that fails is
 * logged and tried again at the next change.
 */
public final class LearnerStore {

    private static final Logger LOG = LoggerFactory.getLogger(LearnerStore.class);

    /** Observations between two saves. */
    public static final int SAVE_EVERY = 20;

    private final JobStore store;
    private final String account;
    private final DurationLearner learner;
    private final AtomicLong savedAt = new AtomicLong();

    private LearnerStore(JobStore store, String account, DurationLearner learner) {
        this.store = Objects.requireNonNull(store, "store");
        this.account = Objects.requireNonNull(account, "account");
        this.learner = Objects.requireNonNull(learner, "learner");
    }

    /**
     * Restores the learner from the store (when it holds a value for the account) and has it saved every
     * {@link #SAVE_EVERY} observations from now on.
     */
    public static LearnerStore open(JobStore store, String account, DurationLearner learner) {
        LearnerStore s = new LearnerStore(store, account, learner);
        Optional<byte[]> value;
        try {
            value = store.loadValue(account, learner.valueName());
        } catch (RuntimeException e) {
            LOG.warn("Could not read the learned {} job durations from the job store ({}); learning starts afresh",
                    learner.vendor(), e.toString());
            value = Optional.empty();
        }
        value.ifPresent(bytes -> {
            try {
                learner.restore(bytes);
            } catch (IllegalArgumentException e) {
                LOG.warn("{}; learning starts afresh, polling as the vendor advises until enough jobs ended",
                        e.getMessage());
            }
        });
        s.savedAt.set(learner.changes());
        learner.onChange(s::changed);
        return s;
    }

    public DurationLearner learner() {
        return learner;
    }

    private void changed() {
        long saved = savedAt.get();
        long now = learner.changes();
        if (now - saved >= SAVE_EVERY && savedAt.compareAndSet(saved, now)) {
            if (!write()) {
                savedAt.compareAndSet(now, saved); // try again at the next change
            }
        }
    }

    /** Saves what is known now, if anything changed since the last save (the component calls it on stop). */
    public void save() {
        long now = learner.changes();
        if (savedAt.getAndSet(now) != now) {
            write();
        }
    }

    private synchronized boolean write() {
        try {
            store.saveValue(account, learner.valueName(), learner.toBytes());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Could not save the learned {} job durations to the job store ({}); trying again later",
                    learner.vendor(), e.toString());
            return false;
        }
    }
}
