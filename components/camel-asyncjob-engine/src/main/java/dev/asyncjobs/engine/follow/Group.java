package dev.asyncjobs.engine.follow;

import dev.asyncjobs.engine.spi.JobSnapshot;

/**
 * A consumer group's subscription to an account's jobs: its options and how it runs one delivery. Every group
 * receives every transition that passes its own options; members of one group share the work.
 */
public interface Group {

    /** The group's name. */
    String groupName();

    /** Whether a change of the detail fingerprint (progress) with the same status is a transition. */
    boolean emitOnProgress();

    /** Whether the group receives the submit's own answer as its first transition. */
    boolean emitSubmitted();

    /** Whether deliveries of a job with a result carry the result. */
    boolean wantsResult();

    /**
     * Whether the group wants statuses before the end (no filter, or one naming a status that is not terminal): then
     * the account's jobs are polled so that each of those is seen as fixed polling would see it.
     */
    boolean wantsEveryStatus();

    /** Whether the group wants this transition (its filters); one it does not want is skipped, not retried. */
    boolean accepts(JobSnapshot snapshot);

    /**
     * Runs the route for one delivery.
     *
     * @return true (ack) to commit the group's position, false (nack) to have the same transition delivered again
     */
    boolean deliver(Delivery delivery);
}
