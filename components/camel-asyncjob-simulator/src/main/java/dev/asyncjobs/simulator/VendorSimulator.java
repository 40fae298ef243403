package dev.asyncjobs.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Base of a stateful vendor API simulator on an in-process WireMock server; subclasses answer in {@link #handle}.
 */
// Every request is journalled, then may be taken by a queued fault (before auth, like a gateway), then by the rate
// limit, then reaches handle(). Subclasses keep their own state and derive job status from clock() on each request,
// so no background threads are needed.
public abstract class VendorSimulator implements AutoCloseable {

    private volatile String apiKey;
    private final SimulatorClock clock;
    private final int initialRateLimit;
    private final RateLimiter rateLimiter = new RateLimiter();
    private final SimulatedHttpServer server;
    private volatile ObjectStorageSimulator storage;

    /** Starts the API server with the builder's options. */
    // Requests could in theory arrive before the subclass constructor finishes, but nobody knows the port before
    // construction completes, so subclass fields initialised in its constructor are safe.
    protected VendorSimulator(Builder<?> options) {
        this.apiKey = Objects.requireNonNull(options.apiKey, "apiKey");
        this.clock = new SimulatorClock(options.startTime, options.speed);
        this.initialRateLimit = options.rateLimit;
        rateLimiter.setRate(options.rateLimit);
        this.server = new SimulatedHttpServer(vendorName(), options.port, this::dispatch, this::errorResponse);
    }

    /** Short vendor name, e.g. "sateais" (also the name {@link SimulatorMain} knows it by). */
    public abstract String vendorName();

    /** Answers one request that no fault or rate limit took (authentication and routing are the subclass's). */
    protected abstract SimulatorResponse handle(RecordedRequest request);

    /** The vendor's error answer for this HTTP status (used for faults, rate limiting and unexpected failures). */
    protected abstract SimulatorResponse errorResponse(int status, String message);

    /** The vendor's answer when the configured rate limit is exceeded; by default a 429 without Retry-After. */
    protected SimulatorResponse rateLimitedResponse() {
        return errorResponse(429, "Rate limit exceeded");
    }

    /** Hook for subclasses to forget their own state on {@link #reset()}. */
    protected void onReset() {
    }

    /** Base URL of the simulated API, e.g. "http://127.0.0.1:PORT". */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** Port of the simulated API. */
    public int port() {
        return server.port();
    }

    /** The one API key the simulator accepts. */
    public String apiKey() {
        return apiKey;
    }

    /**
     * Makes the simulator accept another key instead (a key rotated or re-enabled at the vendor): requests with the
     * old one are rejected from now on.
     */
    public void setApiKey(String apiKey) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    }

    /** The simulated clock that job lifecycles and result retention follow. */
    public SimulatorClock clock() {
        return clock;
    }

    /** Faults queued for the API host. */
    public FaultInjector faults() {
        return server.faults();
    }

    /** Requests received with this method (null = any) whose path (no query) matches the regex (null = any). */
    public int requestCount(String method, String pathRegex) {
        return server.journal().count(method, pathRegex);
    }

    /** The most recent requests received by the API host (up to 10,000), oldest first, faulted ones included. */
    public List<RecordedRequest> requests() {
        return server.journal().snapshot();
    }

    /** Limits the API to {@code requestsPerSecond} (real time, bursts up to the same number); 0 turns it off. */
    public void rateLimit(int requestsPerSecond) {
        rateLimiter.setRate(requestsPerSecond);
    }

    /** The object storage host that presigned result URLs point to, started on first use. */
    public ObjectStorageSimulator storage() {
        ObjectStorageSimulator s = storage;
        if (s == null) {
            synchronized (this) {
                s = storage;
                if (s == null) {
                    s = new ObjectStorageSimulator(clock);
                    storage = s;
                }
            }
        }
        return s;
    }

    /** Base URL of the object storage host (a different port from {@link #baseUrl()}). */
    public String storageBaseUrl() {
        return storage().baseUrl();
    }

    /** The object storage host if something started it already, else null (does not start it). */
    ObjectStorageSimulator startedStorage() {
        return storage;
    }

    /** Number of requests the object storage host received. */
    public int storageRequests() {
        ObjectStorageSimulator s = storage;
        return s == null ? 0 : s.requestCount();
    }

    /** Number of requests the object storage host received carrying an Authorization header. */
    public int storageRequestsWithAuthorization() {
        ObjectStorageSimulator s = storage;
        return s == null ? 0 : s.requestsWithAuthorization();
    }

    /** Back to the state right after start: no jobs, faults, journal or stored objects; clock and settings as built. */
    public void reset() {
        server.reset();
        rateLimiter.setRate(initialRateLimit);
        clock.reset();
        ObjectStorageSimulator s = storage;
        if (s != null) {
            s.reset();
        }
        onReset();
    }

    /** Stops both servers. */
    @Override
    public void close() {
        server.close();
        ObjectStorageSimulator s = storage;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public String toString() {
        return vendorName() + " simulator at " + baseUrl();
    }

    private SimulatorResponse dispatch(RecordedRequest request) {
        return rateLimiter.tryAcquire() ? handle(request) : rateLimitedResponse();
    }

    // ---- helpers for subclasses -------------------------------------------------------------------------------

    /** The shared Jackson mapper (unshaded). */
    protected static ObjectMapper mapper() {
        return SimulatorResponse.MAPPER;
    }

    /** A new empty JSON object. */
    protected static ObjectNode newObject() {
        return mapper().createObjectNode();
    }

    /** A JSON answer from an ObjectNode, POJO, Map or JSON string. */
    protected static SimulatorResponse json(int status, Object body) {
        return SimulatorResponse.json(status, body);
    }

    /** The request body parsed as JSON, or empty when it is missing or malformed. */
    protected static Optional<JsonNode> readJson(RecordedRequest request) {
        String body = request.body();
        if (body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(mapper().readTree(body));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Whether the request's Authorization header is exactly {@code expected} (e.g. "Bearer sk_..."). */
    protected static boolean hasAuthorization(RecordedRequest request, String expected) {
        List<String> values = request.headers().get("Authorization");
        return values != null && values.size() == 1 && values.get(0).equals(expected);
    }

    /** ISO-8601 UTC timestamp with second precision, as vendors print them, e.g. "2026-03-12T15:00:00Z". */
    protected static String iso(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The simulated time now as an ISO-8601 timestamp. */
    protected String isoNow() {
        return iso(clock.now());
    }

    /** A new random UUID string for job ids. */
    protected static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Options common to every vendor simulator; vendor builders extend it.
     *
     * @param <B> the concrete builder type, for fluent chaining
     */
    public abstract static class Builder<B extends Builder<B>> {
        private String apiKey;
        private int port;
        private double speed = 1.0;
        private int rateLimit;
        private Instant startTime;

        /** A builder whose API key defaults to {@code defaultApiKey}. */
        protected Builder(String defaultApiKey) {
            this.apiKey = defaultApiKey;
        }

        /** The one valid API key. */
        public B apiKey(String key) {
            this.apiKey = Objects.requireNonNull(key, "key");
            return self();
        }

        /** Fixed port of the API host (default 0: a random free port). */
        public B port(int port) {
            this.port = port;
            return self();
        }

        /** Simulated seconds per real second (default 1; 600 runs a 15-minute job in 1.5 s). */
        public B speed(double speed) {
            this.speed = speed;
            return self();
        }

        /** Requests per second before answering 429 (default 0: no limit). */
        public B rateLimit(int requestsPerSecond) {
            this.rateLimit = requestsPerSecond;
            return self();
        }

        /** Simulated time at start (default: the real time now). */
        public B startTime(Instant start) {
            this.startTime = start;
            return self();
        }

        /** Starts the simulator. */
        public abstract VendorSimulator start();

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }
}
