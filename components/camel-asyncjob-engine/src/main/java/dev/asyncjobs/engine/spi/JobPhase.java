package dev.asyncjobs.engine.spi;

/**
 * Vendor-neutral lifecycle phase of a remote job. Each vendor's status strings map onto one of these, so routes can
 * react to "the job needs the user" or "the job is over" without knowing the vendor's vocabulary.
 */
public enum JobPhase {
    /** Accepted, waiting for capacity. */
    QUEUED(false),
    /** Being worked on. */
    RUNNING(false),
    /** Paused until the user acts (uploads files, adds credits, ...). */
    WAITING_FOR_USER(false),
    /** Finished; the full result is available. */
    SUCCEEDED(true),
    /** Finished with partial errors; a partial result is available. */
    PARTIALLY_SUCCEEDED(true),
    /** Finished without a result. */
    FAILED(true),
    /** Cancelled by the user. */
    CANCELLED(true),
    /** Ran out of time before it completed, or its result is gone. */
    EXPIRED(true),
    /** The API no longer knows the job (HTTP 404): it is reported once and then forgotten. */
    NOT_FOUND(true),
    /** A status string the vendor's documentation does not list: kept as is, treated as still running. */
    UNKNOWN(false);

    private final boolean terminal;

    JobPhase(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether a job in this phase will not change any more. */
    public boolean isTerminal() {
        return terminal;
    }

    /** Whether a job in this phase produced a (possibly partial) result. */
    public boolean hasResult() {
        return this == SUCCEEDED || this == PARTIALLY_SUCCEEDED;
    }
}
