package dev.asyncjobs.engine.follow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.asyncjobs.engine.spi.JobSnapshot;

/**
 * A consumer group for tests of the follower: it records a line per delivery it receives and acknowledges what
 * {@link #ack} says (every delivery by default). Shared by the engine's tests and the stores' (test-jar).
 */
public final class RecordingGroup implements Group {

    /** What was received, one line per delivery, in order. */
    public final List<String> received;
    /** Whether a delivery is acknowledged (false: the group nacks it and gets it again). */
    public volatile Predicate<Delivery> ack = d -> true;

    private final String name;
    private final Predicate<JobSnapshot> filter;
    private final boolean emitSubmitted;
    private final Function<Delivery, String> describe;

    /** Records {@code id:previous->status}, with " (redelivered)" for a redelivery, in a list of its own. */
    public RecordingGroup(String name, Predicate<JobSnapshot> filter, boolean emitSubmitted) {
        this(name, filter, emitSubmitted, d -> d.ref().jobId() + ":" + d.previousStatus() + "->" + d.snapshot().status()
                                              + (d.redelivered() ? " (redelivered)" : ""),
             new CopyOnWriteArrayList<>());
    }

    /** Records {@code describe(delivery)} into {@code into} (a list several groups may share). */
    public RecordingGroup(String name, Predicate<JobSnapshot> filter, boolean emitSubmitted,
                          Function<Delivery, String> describe, List<String> into) {
        this.name = name;
        this.filter = filter;
        this.emitSubmitted = emitSubmitted;
        this.describe = describe;
        this.received = into;
    }

    @Override
    public String groupName() {
        return name;
    }

    @Override
    public boolean emitOnProgress() {
        return false;
    }

    @Override
    public boolean emitSubmitted() {
        return emitSubmitted;
    }

    @Override
    public boolean wantsResult() {
        return false;
    }

    @Override
    public boolean wantsEveryStatus() {
        return true;
    }

    @Override
    public boolean accepts(JobSnapshot snapshot) {
        return filter.test(snapshot);
    }

    @Override
    public boolean deliver(Delivery d) {
        received.add(describe.apply(d));
        return ack.test(d);
    }
}
