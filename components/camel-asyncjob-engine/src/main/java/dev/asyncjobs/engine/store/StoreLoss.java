package dev.asyncjobs.engine.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link JobStore} found at open that it cannot vouch for: it is older than its own last commit (a file cut
 * short, or restored from an older copy), or it is new where the application's earlier store is missing. The jobs of
 * the missing part are still the vendor's; only the vendor's list of the account's jobs can bring them back
 * (adoption).
 *
 * @param store        what the store is, for messages (its file)
 * @param what         what was found, in words, with the evidence (generations, times)
 * @param contentAsOf  when the content the store still holds was last committed; null when it holds nothing of the
 *                     earlier store
 * @param lastCommitAt when the earlier store was last committed, as its record of commits says; null when unknown
 */
public record StoreLoss(String store, String what, Instant contentAsOf, Instant lastCommitAt) {

    public StoreLoss {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(what, "what");
    }

    /** One sentence naming the store and what was found. */
    public String describe() {
        return "The job store " + store + " " + what;
    }
}
