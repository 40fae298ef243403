package dev.asyncjobs.engine.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.asyncjobs.engine.spi.JobPhase;

/**
 * The trace a followed job belongs to, kept with its {@link JobRecord} so that it survives restarts and moves with the
 * job between nodes: the W3C {@code traceparent} of its submit, which every transition's exchange carries, and the
 * statuses it went through, which become the events of the job's span once it ended (on whichever node saw the end).
 * Only jobs submitted while OpenTelemetry is on the classpath have one.
 *
 * @param traceParent the W3C trace context of the submit ({@code 00-<trace id>-<span id>-<flags>})
 * @param transitions the statuses the job went through, in order (the submit's answer first), at most
 *                    {@value #MAX_TRANSITIONS}: past that the oldest after the first are dropped
 */
public record JobTrace(String traceParent, List<Transition> transitions) {

    /** A job that changes status more often keeps its first and its latest statuses. */
    static final int MAX_TRANSITIONS = 50;

    /**
     * One status of the job, as first seen.
     *
     * @param status the vendor's status
     * @param phase  its phase
     * @param at     when it was seen (the submit's answer, or the status request that showed it)
     * @param node   the node that saw it
     */
    public record Transition(String status, JobPhase phase, Instant at, String node) {
    }

    public JobTrace {
        Objects.requireNonNull(traceParent, "traceParent");
        transitions = transitions == null ? List.of() : List.copyOf(transitions);
    }

    /** The trace of a job just submitted, with the submit's answer as its first status. */
    public static JobTrace start(String traceParent, String status, JobPhase phase, Instant at, String node) {
        return new JobTrace(traceParent, status == null ? List.of() : List.of(new Transition(status, phase, at, node)));
    }

    /** This trace with the status appended when it differs from the latest; else this trace itself. */
    public JobTrace observed(String status, JobPhase phase, Instant at, String node) {
        if (status == null || !transitions.isEmpty() && status.equals(transitions.get(transitions.size() - 1).status())) {
            return this;
        }
        List<Transition> next = new ArrayList<>(transitions);
        next.add(new Transition(status, phase, at, node));
        while (next.size() > MAX_TRANSITIONS) {
            next.remove(1);
        }
        return new JobTrace(traceParent, next);
    }

    /** Whether the latest status is terminal: the job's span can be ended. */
    public boolean ended() {
        return !transitions.isEmpty() && transitions.get(transitions.size() - 1).phase() != null
                && transitions.get(transitions.size() - 1).phase().isTerminal();
    }
}
