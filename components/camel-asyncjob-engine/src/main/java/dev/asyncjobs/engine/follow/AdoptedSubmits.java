package dev.asyncjobs.engine.follow;

import dev.asyncjobs.engine.store.SubmitIntent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import dev.asyncjobs.engine.spi.JobRef;

/**
 * The latest submits of one account whose answer was lost and whose job this process then identified and followed
 * (adopted, see {@code SubmitReconciler}), for operators: the dev console lists them. Kept in memory, the
 * last {@value #KEPT} only; the log has every one.
 */
public final class AdoptedSubmits {

    /** How many adoptions are kept. */
    static final int KEPT = 20;

    /**
     * One adoption.
     *
     * @param intentId    the submit's intent id
     * @param operation   the submit operation
     * @param submittedAt when the submit was sent
     * @param jobId       the job it created, as the vendor identified it
     * @param adoptedAt   when it was adopted
     */
    public record Adoption(String intentId, String operation, Instant submittedAt, String jobId, Instant adoptedAt) {
    }

    private final Deque<Adoption> latest = new ArrayDeque<>();
    private long total;

    /** Notes that the intent's job was identified and is followed from now on. */
    public synchronized void adopted(SubmitIntent intent, JobRef job, Instant at) {
        latest.addFirst(new Adoption(intent.intentId(), intent.operation(), intent.createdAt(), job.jobId(), at));
        if (latest.size() > KEPT) {
            latest.removeLast();
        }
        total++;
    }

    /** The latest adoptions, newest first. */
    public synchronized List<Adoption> latest() {
        return List.copyOf(latest);
    }

    /** How many adoptions this process made for the account since it started. */
    public synchronized long total() {
        return total;
    }
}
