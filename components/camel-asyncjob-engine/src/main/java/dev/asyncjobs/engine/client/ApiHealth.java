package dev.asyncjobs.engine.client;

import java.time.Clock;
import java.time.Instant;

/**
 * What the latest requests of one account (an API key at a base URL) say about it, for health checks: whether the
 * vendor rejects the key (401/403, until a request is accepted again), and whether the vendor has been unreachable
 * (no answer, or 5xx) for {@code unreachableThreshold} requests in a row. It spends no request of its own: producers
 * and consumers of the account feed it through {@link RequestListener}.
 */
public final class ApiHealth implements RequestListener {

    /** Requests in a row without a usable answer after which the vendor counts as unreachable. */
    public static final int DEFAULT_UNREACHABLE_THRESHOLD = 3;

    private final Clock clock;
    private final int unreachableThreshold;
    private volatile State state = new State(true, 0, null, null, 0, null, null);

    public ApiHealth(Clock clock) {
        this(clock, DEFAULT_UNREACHABLE_THRESHOLD);
    }

    public ApiHealth(Clock clock, int unreachableThreshold) {
        this.clock = clock;
        this.unreachableThreshold = Math.max(1, unreachableThreshold);
    }

    /**
     * The health as of the latest request.
     *
     * @param up              false while the key is rejected or the vendor unreachable past the threshold
     * @param httpStatus      the HTTP status of the latest failure that counts (0: no answer), 0 when up
     * @param errorCode       the vendor's error code (or TIMEOUT, IO_ERROR) of that failure, or null
     * @param message         what went wrong, for the health check's message (never the key), or null when up
     * @param failuresInARow  requests in a row that failed (rejected, unanswered or 5xx)
     * @param since           when the current state began, or null when nothing was requested yet
     * @param lastSuccess     when the vendor last accepted a request, or null
     */
    public record State(boolean up, int httpStatus, String errorCode, String message, int failuresInARow, Instant since,
                        Instant lastSuccess) {
    }

    /** The current state. */
    public State state() {
        return state;
    }

    @Override
    public void answered(String method, int status, String errorCode, String message, long nanos) {
        Instant now = clock.instant();
        State current = state;
        if (current.up() && current.failuresInARow() == 0 && current.since() != null && status < 500 && status != 401
                && status != 403) {
            // still up: only the last success moves. Not under the lock, as this is on every request's path; a
            // concurrent failure may be overwritten by a success that arrived with it, which is what the API is
            state = new State(true, 0, null, null, 0, current.since(), now);
            return;
        }
        answeredSlowly(status, errorCode, message, now);
    }

    private synchronized void answeredSlowly(int status, String errorCode, String message, Instant now) {
        if (status == 401 || status == 403) {
            failure(status, errorCode, "the API rejected the key (HTTP " + status + (errorCode != null ? " " + errorCode : "")
                    + (message != null ? ": " + message : "") + "); check the apiKey option (its value is not shown)",
                    true, now);
        } else if (status >= 500) {
            failure(status, errorCode, "the API answered HTTP " + status + (errorCode != null ? " " + errorCode : ""),
                    false, now);
        } else {
            // any other answer (429 and other 4xx included) shows the API reachable and the key accepted
            state = new State(true, 0, null, null, 0, state.up() ? orNow(state.since(), now) : now, now);
        }
    }

    @Override
    public synchronized void failed(String method, String reason, String message, long nanos) {
        failure(0, reason, "the API did not answer (" + reason + (message != null ? ": " + message : "") + ")", false,
                clock.instant());
    }

    private void failure(int status, String code, String message, boolean rejected, Instant now) {
        int inARow = state.failuresInARow() + 1;
        boolean up = !rejected && inARow < unreachableThreshold;
        String text = rejected || up ? message
                : message + "; " + inARow + " requests in a row failed (threshold " + unreachableThreshold + ")";
        Instant since = up == state.up() && state.since() != null ? state.since() : now;
        state = new State(up, status, code, text, inARow, since, state.lastSuccess());
    }

    private static Instant orNow(Instant since, Instant now) {
        return since != null ? since : now;
    }
}
