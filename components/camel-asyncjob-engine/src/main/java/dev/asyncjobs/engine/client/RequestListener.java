package dev.asyncjobs.engine.client;

import java.util.List;

/**
 * Told about every request {@link ApiHttpClient} sends to the vendor's own origin (not to object storage): how long it
 * waited for the key's request budget, and how it ended. Health checks and metrics listen. Implementations must be
 * quick and must not throw.
 */
public interface RequestListener {

    /** A listener that does nothing. */
    RequestListener NONE = new RequestListener() {
    };

    /** The request waited this long for the key's request budget before it was sent. */
    default void waitedForBudget(long nanos) {
    }

    /**
     * The vendor answered.
     *
     * @param method    the HTTP method
     * @param status    the HTTP status
     * @param errorCode the vendor's error code of an error answer, or null
     * @param message   the vendor's error message of an error answer (the key redacted), or null
     * @param nanos     from sending the request to the end of its answer
     */
    default void answered(String method, int status, String errorCode, String message, long nanos) {
    }

    /**
     * The request got no answer.
     *
     * @param reason {@code TIMEOUT} or {@code IO_ERROR}
     */
    default void failed(String method, String reason, String message, long nanos) {
    }

    /** The outcome tag of an answer: what a dashboard groups requests by. */
    static String outcome(int status) {
        if (status < 400) {
            return "success";
        }
        return switch (status) {
            case 401, 403 -> "unauthorized";
            case 404 -> "not_found";
            case 429 -> "rate_limited";
            default -> status >= 500 ? "server_error" : "client_error";
        };
    }

    /** The outcome tag of a request that got no answer. */
    static String outcome(String reason) {
        return "TIMEOUT".equals(reason) ? "timeout" : "io_error";
    }

    /** A listener telling all of the given ones. */
    static RequestListener all(RequestListener... listeners) {
        List<RequestListener> list = List.of(listeners);
        return new RequestListener() {
            @Override
            public void waitedForBudget(long nanos) {
                list.forEach(l -> l.waitedForBudget(nanos));
            }

            @Override
            public void answered(String method, int status, String errorCode, String message, long nanos) {
                list.forEach(l -> l.answered(method, status, errorCode, message, nanos));
            }

            @Override
            public void failed(String method, String reason, String message, long nanos) {
                list.forEach(l -> l.failed(method, reason, message, nanos));
            }
        };
    }
}
