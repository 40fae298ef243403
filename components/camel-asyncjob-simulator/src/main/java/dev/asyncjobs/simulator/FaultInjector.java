package dev.asyncjobs.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Queues faults for the next N requests matching a method and path regex, applied before auth like a gateway would.
 */
public final class FaultInjector {

    /** What a queued fault does to a request. */
    public enum Kind {
        /** 429 in the vendor's error format, with Retry-After only when a duration was given. */
        RATE_LIMITED,
        /** 500 in the vendor's error format. */
        SERVER_ERROR,
        /** The normal answer, sent after a delay. */
        SLOW,
        /** The TCP connection is reset without an answer. */
        CONNECTION_RESET,
        /** 200, application/json, with a truncated JSON body. */
        MALFORMED_JSON,
        /** Any status in the vendor's error format (401, 404, 410, 503...), with Retry-After when a duration was given. */
        STATUS
    }

    /**
     * One fault taken for one request: its kind, duration (Retry-After or delay; may be null) and, for
     * {@link Kind#STATUS}, the HTTP status.
     */
    public record Fault(Kind kind, Duration duration, int status) {

        public Fault(Kind kind, Duration duration) {
            this(kind, duration, 0);
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    FaultInjector() {
    }

    /** Starts a rule for the next {@code count} requests with this method (null = any) and path regex (null = any). */
    public Next next(int count, String method, String pathRegex) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        return new Next(count, method == null ? null : method.toUpperCase(Locale.ROOT),
                pathRegex == null ? null : Pattern.compile(pathRegex));
    }

    /** Starts a rule for the next {@code count} requests, whatever their method and path. */
    public Next next(int count) {
        return next(count, null, null);
    }

    /** Removes all queued faults. */
    public synchronized void clear() {
        rules.clear();
    }

    /** How many faults are still queued, over all rules. */
    public synchronized int remaining() {
        return rules.stream().mapToInt(r -> r.remaining).sum();
    }

    /** Takes the fault for this request from the first matching rule (rules apply in the order queued), or null. */
    synchronized Fault take(String method, String path) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext();) {
            Rule rule = it.next();
            if (rule.matches(method, path)) {
                if (--rule.remaining == 0) {
                    it.remove();
                }
                return rule.fault;
            }
        }
        return null;
    }

    private synchronized FaultInjector add(Rule rule) {
        rules.add(rule);
        return this;
    }

    /** Chooses what the pending rule does; each method queues the rule and returns the injector for chaining. */
    public final class Next {
        private final int count;
        private final String method;
        private final Pattern path;

        private Next(int count, String method, Pattern path) {
            this.count = count;
            this.method = method;
            this.path = path;
        }

        /** 429 in the vendor's error format; Retry-After (whole seconds, rounded up) only when non-null. */
        public FaultInjector rateLimited(Duration retryAfterOrNull) {
            return queue(Kind.RATE_LIMITED, retryAfterOrNull);
        }

        /** 500 in the vendor's error format. */
        public FaultInjector serverError() {
            return queue(Kind.SERVER_ERROR, null);
        }

        /** The normal answer, delayed by {@code delay} of real time. */
        public FaultInjector slow(Duration delay) {
            return queue(Kind.SLOW, Objects.requireNonNull(delay, "delay"));
        }

        /** The connection is reset with no HTTP answer (note: the JDK HttpClient silently retries a GET once). */
        public FaultInjector connectionReset() {
            return queue(Kind.CONNECTION_RESET, null);
        }

        /** 200 with content type application/json and a truncated JSON body. */
        public FaultInjector malformedJson() {
            return queue(Kind.MALFORMED_JSON, null);
        }

        /**
         * The given status in the vendor's error format, like a gateway or the API would answer it (the handler is not
         * called); Retry-After (whole seconds, rounded up) only when non-null.
         */
        public FaultInjector status(int status, Duration retryAfterOrNull) {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("an error status is 4xx or 5xx, got " + status);
            }
            return add(new Rule(count, method, path, new Fault(Kind.STATUS, retryAfterOrNull, status)));
        }

        private FaultInjector queue(Kind kind, Duration duration) {
            return add(new Rule(count, method, path, new Fault(kind, duration)));
        }
    }

    private static final class Rule {
        private int remaining;
        private final String method;
        private final Pattern path;
        private final Fault fault;

        Rule(int remaining, String method, Pattern path, Fault fault) {
            this.remaining = remaining;
            this.method = method;
            this.path = path;
            this.fault = fault;
        }

        boolean matches(String requestMethod, String requestPath) {
            return (method == null || method.equals(requestMethod))
                    && (path == null || path.matcher(requestPath).matches());
        }
    }
}
