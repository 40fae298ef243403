package dev.asyncjobs.simulator.spideriq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncjobs.simulator.FixedWindowRateLimiter;
import dev.asyncjobs.simulator.RecordedRequest;
import dev.asyncjobs.simulator.SimulatorResponse;
import dev.asyncjobs.simulator.VendorSimulator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stateful simulator of the SpiderIQ jobs API: spiderSite and spiderMaps submits (with the 24-hour cache that answers
 * identical submits with the same job and {@code from_cache: true}), status, results (200 / 202 / 410 / 404), cancel
 * (only while queued or processing), the job list, Bearer authentication, and the per-client rate limit with its
 * {@code X-RateLimit-*} headers and {@code Retry-After} on 429.
 */
// Follows the vendor's "Get Job Status" page and the facts collected in api-docs/README.md; where they are silent the
// vendor's other public pages (submit, results, list, cancel, error handling) were followed, and where those are silent
// too the choice is commented at the spot. Errors are FastAPI's {"detail": "..."}, as the docs' 404 shows.
public final class SpiderIqSimulator extends VendorSimulator {

    /** The API token a default simulator accepts ("Authorization: Bearer <token>"). */
    public static final String DEFAULT_API_KEY = "spideriq_test_simulator_token";
    /** The job types with a submit endpoint. */
    public static final List<String> JOB_TYPES = List.of("spiderSite", "spiderMaps");
    /** How long an identical submit is answered with the cached job ("24-hour TTL"). */
    public static final Duration CACHE_TTL = Duration.ofHours(24);
    /** The documented limit: 100 requests per minute per client. */
    public static final int DEFAULT_RATE_LIMIT = 100;
    /** The window of {@link #DEFAULT_RATE_LIMIT}. */
    public static final Duration DEFAULT_RATE_LIMIT_WINDOW = Duration.ofMinutes(1);
    /** Largest {@code max_results} of a spiderMaps job. */
    public static final int MAX_RESULTS = 100;
    /** Largest {@code page_size} of the job list. */
    public static final int MAX_PAGE_SIZE = 100;

    private static final List<String> STATUSES = List.of("queued", "processing", "completed", "failed", "cancelled");
    private static final List<String> SORT_FIELDS = List.of("created_at", "updated_at", "status");
    /** spiderMaps businesses when the payload sets no max_results (not documented). */
    static final int DEFAULT_MAPS_RESULTS = 20;

    private static final Pattern SUBMIT = Pattern.compile("/api/v1/jobs/([^/]+)/submit");
    private static final Pattern STATUS = Pattern.compile("/api/v1/jobs/([^/]+)/status");
    private static final Pattern RESULTS = Pattern.compile("/api/v1/jobs/([^/]+)/results");
    private static final Pattern JOB = Pattern.compile("/api/v1/jobs/([^/]+)");
    private static final String LIST = "/api/v1/jobs/list";

    /**
     * Default timings. spiderSite follows the status page's example (queued 10:00:00, processing from 10:01:15,
     * completed 10:02:45); spiderMaps timings are not documented anywhere.
     */
    private static final Map<String, Timing> DEFAULT_TIMINGS = Map.of(
            "spiderSite", new Timing(Duration.ofSeconds(75), Duration.ofSeconds(90)),
            "spiderMaps", new Timing(Duration.ofSeconds(15), Duration.ofSeconds(45)));
    /** Worker names; spiderSite's is the docs' example, spiderMaps' is made up the same way. */
    private static final Map<String, String> WORKERS = Map.of(
            "spiderSite", "spider-site-main-1",
            "spiderMaps", "spider-maps-main-1");

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private record Timing(Duration queued, Duration processing) {
        Timing {
            if (queued.isNegative() || processing.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative");
            }
        }
    }

    // configuration as built, restored by reset()
    private final String initialForbiddenKey;
    private final Map<String, Timing> initialTimings;
    private final int initialRateLimit;
    private final Duration initialRateWindow;
    private final Clock rateLimitClock;

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger submits = new AtomicInteger();
    private final AtomicInteger cachedSubmits = new AtomicInteger();
    // guarded by this
    private final Map<String, String> cache = new LinkedHashMap<>();
    private final Deque<String> failNext = new ArrayDeque<>();
    private final Map<String, Timing> timings = new LinkedHashMap<>();
    private volatile String forbiddenKey;
    private volatile FixedWindowRateLimiter limiter;

    private SpiderIqSimulator(Builder builder) {
        super(builder);
        this.initialForbiddenKey = builder.forbiddenKey;
        this.initialTimings = Map.copyOf(builder.timings);
        this.initialRateLimit = builder.rateLimitRequests;
        this.initialRateWindow = builder.rateLimitWindow;
        this.rateLimitClock = builder.rateLimitClock;
        onReset();
    }

    /** Starts a simulator with default settings (the default token, real-time clock, 100 requests per minute). */
    public static SpiderIqSimulator start() {
        return builder().start();
    }

    /** A builder for a simulator with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String vendorName() {
        return "spideriq";
    }

    // ---- configuration at run time ----------------------------------------------------------------------------

    /** A second token that is recognised but answered 403 "Client account inactive" (null for none). */
    public void forbiddenKey(String key) {
        this.forbiddenKey = key;
    }

    /** A new per-client budget of {@code requests} per {@code window} (0 requests: no limit); counts start over. */
    public void rateLimit(int requests, Duration window) {
        this.limiter = new FixedWindowRateLimiter(requests, window, rateLimitClock);
    }

    /** The per-client rate limiter, with what it counted (most requests in a window, refused requests). */
    public FixedWindowRateLimiter rateLimiter() {
        return limiter;
    }

    /** Simulated queued and processing durations of jobs of every type created from now on. */
    public synchronized void timing(Duration queued, Duration processing) {
        Timing t = new Timing(queued, processing);
        JOB_TYPES.forEach(type -> timings.put(type, t));
    }

    /** Simulated queued and processing durations of jobs of this type created from now on. */
    public synchronized void timing(String type, Duration queued, Duration processing) {
        timings.put(checkType(type), new Timing(queued, processing));
    }

    /** The next job created (submitted, or created with createJob) ends failed with this error message. */
    public synchronized void failNextJob(String errorMessage) {
        failNext.addLast(Objects.requireNonNull(errorMessage, "errorMessage"));
    }

    // ---- jobs seen from the test side -------------------------------------------------------------------------

    /** Creates a spiderSite job for this URL as if submitted elsewhere (no request) now; returns its id. */
    public String createJob(String type, String urlOrQuery) {
        ObjectNode payload = newObject();
        payload.put("spiderSite".equals(checkType(type)) ? "url" : "search_query", urlOrQuery);
        return seedJob(newId(), type, payload, clock().now());
    }

    /** Creates a job with a given id and payload as if submitted elsewhere at {@code createdAt}; returns the id. */
    public synchronized String seedJob(String jobId, String type, JsonNode payload, Instant createdAt) {
        Job job = newJob(jobId, checkType(type), payload.deepCopy(), null, createdAt, failNext.pollFirst());
        jobs.put(jobId, job);
        return jobId;
    }

    /** Makes the job complete at the simulated time now. */
    public void completeJob(String jobId) {
        job(jobId).endNow(clock().now(), null);
    }

    /** Makes the job fail at the simulated time now with this error message. */
    public void failJob(String jobId, String errorMessage) {
        job(jobId).endNow(clock().now(), Objects.requireNonNull(errorMessage, "errorMessage"));
    }

    /** Forgets the job, so that the API answers 404 for it from now on. */
    public void forgetJob(String jobId) {
        jobs.remove(jobId);
    }

    /** The job's status at the simulated time now, or null when it is unknown. */
    public String jobStatus(String jobId) {
        Job job = jobs.get(jobId);
        return job == null ? null : job.status(clock().now());
    }

    /** Ids of all known jobs, in creation order. */
    public List<String> jobIds() {
        return jobs.values().stream().sorted(Comparator.comparingLong(j -> j.seq)).map(j -> j.id).toList();
    }

    /** The payload the job was submitted with. */
    public JsonNode payload(String jobId) {
        return job(jobId).payload.deepCopy();
    }

    /** The priority the job was submitted with, or null when the submit set none. */
    public Integer priority(String jobId) {
        return job(jobId).priority;
    }

    /** Submits answered so far (cached ones included). */
    public int submitCount() {
        return submits.get();
    }

    /** Submits answered with a cached job ({@code from_cache: true}). */
    public int cachedSubmitCount() {
        return cachedSubmits.get();
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------

    @Override
    protected SimulatorResponse handle(RecordedRequest request) {
        FixedWindowRateLimiter current = limiter;
        FixedWindowRateLimiter.Decision decision = current.enabled() ? current.tryAcquire() : null;
        SimulatorResponse response;
        if (decision != null && !decision.allowed()) {
            response = detail(429, "Rate limit exceeded: " + decision.limit() + " requests per "
                    + current.window().toSeconds() + " seconds. Retry after " + decision.retryAfter().toSeconds()
                    + " seconds.").withHeader("Retry-After", Long.toString(decision.retryAfter().toSeconds()));
        } else {
            response = route(request);
        }
        if (decision != null) {
            // every answer carries the client's budget; the reset is in epoch seconds, rounded up
            long resetSeconds = (decision.resetAt().toEpochMilli() + 999) / 1000;
            response = response.withHeader("X-RateLimit-Limit", Integer.toString(decision.limit()))
                    .withHeader("X-RateLimit-Remaining", Integer.toString(decision.remaining()))
                    .withHeader("X-RateLimit-Reset", Long.toString(resetSeconds));
        }
        return response;
    }

    @Override
    protected SimulatorResponse errorResponse(int status, String message) {
        // FastAPI hides the details of server errors
        return detail(status, status >= 500 ? "Internal Server Error" : message);
    }

    @Override
    protected SimulatorResponse rateLimitedResponse() {
        // the base class's per-second limit (rateLimit(int)): a one-second pause
        return detail(429, "Rate limit exceeded").withHeader("Retry-After", "1");
    }

    @Override
    protected void onReset() {
        synchronized (this) {
            jobs.clear();
            cache.clear();
            failNext.clear();
            timings.clear();
            timings.putAll(DEFAULT_TIMINGS);
            timings.putAll(initialTimings);
            forbiddenKey = initialForbiddenKey;
            submits.set(0);
            cachedSubmits.set(0);
            rateLimit(initialRateLimit, initialRateWindow);
        }
    }

    private SimulatorResponse route(RecordedRequest request) {
        SimulatorResponse denied = authenticate(request);
        if (denied != null) {
            return denied;
        }
        String path = request.path();
        String method = request.method();
        Matcher m;
        if (path.equals(LIST)) {
            return "GET".equals(method) ? list(request) : methodNotAllowed();
        }
        if ((m = SUBMIT.matcher(path)).matches()) {
            if (!JOB_TYPES.contains(m.group(1))) {
                return detail(404, "Not Found");
            }
            return "POST".equals(method) ? submit(m.group(1), request) : methodNotAllowed();
        }
        if ((m = STATUS.matcher(path)).matches()) {
            return "GET".equals(method) ? status(m.group(1)) : methodNotAllowed();
        }
        if ((m = RESULTS.matcher(path)).matches()) {
            return "GET".equals(method) ? results(m.group(1)) : methodNotAllowed();
        }
        if ((m = JOB.matcher(path)).matches()) {
            return "DELETE".equals(method) ? cancel(m.group(1)) : methodNotAllowed();
        }
        return detail(404, "Not Found");
    }

    private SimulatorResponse authenticate(RecordedRequest request) {
        if (hasAuthorization(request, "Bearer " + apiKey())) {
            return null;
        }
        String forbidden = forbiddenKey;
        if (forbidden != null && hasAuthorization(request, "Bearer " + forbidden)) {
            return detail(403, "Client account inactive");
        }
        return detail(401, request.hasHeader("Authorization")
                ? "Invalid authentication credentials" : "Not authenticated");
    }

    private SimulatorResponse submit(String type, RecordedRequest request) {
        JsonNode body = readJson(request).orElse(null);
        if (body == null || !body.isObject()) {
            return detail(400, "Request body must be a JSON object with a 'payload' object");
        }
        JsonNode payload = body.get("payload");
        if (payload == null || !payload.isObject()) {
            return detail(400, "Missing required field: payload");
        }
        Integer priority = null;
        JsonNode p = body.get("priority");
        if (p != null && !p.isNull()) {
            if (!p.canConvertToInt() || !p.isIntegralNumber() || p.asInt() < 0 || p.asInt() > 10) {
                return detail(400, "Invalid priority: must be an integer between 0 and 10");
            }
            priority = p.asInt();
        }
        String invalid = "spiderSite".equals(type) ? validateSite(payload) : validateMaps(payload);
        if (invalid != null) {
            return detail(400, invalid);
        }
        submits.incrementAndGet();
        String cacheKey = type + "|" + canonical(payload);
        Instant now = clock().now();
        Job job;
        boolean fromCache;
        synchronized (this) {
            Job cached = jobs.get(cache.getOrDefault(cacheKey, ""));
            // A failed or cancelled job is not served from the cache: submitting again is how one retries it (the
            // docs: "review job parameters and retry if needed"). Not documented either way.
            fromCache = cached != null && now.isBefore(cached.createdAt.plus(CACHE_TTL))
                    && !List.of("failed", "cancelled").contains(cached.status(now));
            if (fromCache) {
                job = cached;
            } else {
                job = newJob(newId(), type, payload.deepCopy(), priority, now, failNext.pollFirst());
                jobs.put(job.id, job);
                cache.put(cacheKey, job.id);
            }
        }
        if (fromCache) {
            cachedSubmits.incrementAndGet();
        }
        ObjectNode answer = newObject();
        answer.put("job_id", job.id);
        answer.put("type", type);
        // the submit page: "Initial job status (always queued)", also for a job served from the cache
        answer.put("status", "queued");
        answer.put("created_at", iso(job.createdAt));
        answer.put("from_cache", fromCache);
        answer.put("message", fromCache
                ? "Identical job submitted within the last 24 hours; returning the cached job"
                : type + " job queued successfully");
        // the error handling guide: "201 Created - Job Submitted"
        return json(201, answer);
    }

    private static String validateSite(JsonNode payload) {
        JsonNode url = payload.get("url");
        if (url == null || url.isNull() || (url.isTextual() && url.asText().isBlank())) {
            return "Missing required field: url";
        }
        if (!url.isTextual() || !isHttpUrl(url.asText())) {
            return "Invalid URL format. Please provide a valid HTTP/HTTPS URL.";
        }
        return null;
    }

    private static String validateMaps(JsonNode payload) {
        JsonNode query = payload.get("search_query");
        if (query == null || query.isNull() || !query.isTextual() || query.asText().isBlank()) {
            return "Missing required field: search_query";
        }
        JsonNode max = payload.get("max_results");
        if (max != null && !max.isNull()
                && (!max.isIntegralNumber() || max.asInt() < 1 || max.asInt() > MAX_RESULTS)) {
            return "Invalid max_results: must be an integer between 1 and " + MAX_RESULTS;
        }
        return null;
    }

    private SimulatorResponse status(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return jobNotFound();
        }
        Instant now = clock().now();
        ObjectNode n = newObject();
        n.put("success", true);
        n.put("job_id", job.id);
        n.put("type", job.type);
        n.put("status", job.status(now));
        n.put("created_at", iso(job.createdAt));
        n.put("updated_at", iso(job.updatedAt(now)));
        n.put("worker_id", job.workerId(now));
        return json(200, n);
    }

    private SimulatorResponse results(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return jobNotFound();
        }
        Instant now = clock().now();
        String status = job.status(now);
        switch (status) {
            case "queued", "processing" -> {
                // the error handling guide's 202 body
                ObjectNode n = newObject();
                n.put("success", false);
                n.put("job_id", job.id);
                n.put("type", job.type);
                n.put("status", status);
                n.put("message", "queued".equals(status) ? "Job is queued" : "Job is still being processed");
                return json(202, n);
            }
            case "failed" -> {
                // 410 "Job failed or was cancelled"; its body is not shown: FastAPI's detail with the job's error
                return detail(410, "Job failed: " + job.failure());
            }
            case "cancelled" -> {
                return detail(410, "Job was cancelled");
            }
            default -> {
                ObjectNode n = newObject();
                n.put("success", true);
                n.put("job_id", job.id);
                n.put("type", job.type);
                n.put("status", status);
                n.put("processing_time_seconds", job.processing().toMillis() / 1000.0);
                n.put("worker_id", job.workerId(now));
                n.put("completed_at", iso(job.finishedAt()));
                n.put("message", "Job completed successfully");
                n.set("data", SpiderIqResults.data(job.type, job.payload, new Random(job.id.hashCode())));
                n.putNull("error_message");
                return json(200, n);
            }
        }
    }

    private SimulatorResponse cancel(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return jobNotFound();
        }
        String before = job.cancel(clock().now());
        if (before != null) {
            // the cancel page: "completed: Returns 400 error", failed and cancelled "already in terminal state"
            return detail(400, "Cannot cancel job with status '" + before
                    + "'. Only queued or processing jobs can be cancelled.");
        }
        ObjectNode n = newObject();
        n.put("success", true);
        n.put("job_id", job.id);
        n.put("status", "cancelled");
        n.put("message", "Job cancelled successfully");
        return json(200, n);
    }

    private SimulatorResponse list(RecordedRequest request) {
        Integer page = intParam(request, "page", 1);
        Integer pageSize = intParam(request, "page_size", 50);
        if (page == null || page < 1) {
            return detail(400, "Invalid page: must be an integer of at least 1");
        }
        if (pageSize == null || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            return detail(400, "Invalid page_size: must be an integer between 1 and " + MAX_PAGE_SIZE);
        }
        String statusFilter = emptyToNull(request.queryParam("status_filter"));
        if (statusFilter != null && !STATUSES.contains(statusFilter)) {
            return detail(400, "Invalid status_filter: must be one of " + String.join(", ", STATUSES));
        }
        String typeFilter = emptyToNull(request.queryParam("type_filter"));
        if (typeFilter != null && !JOB_TYPES.contains(typeFilter)) {
            return detail(400, "Invalid type_filter: must be one of " + String.join(", ", JOB_TYPES));
        }
        String sortBy = Objects.requireNonNullElse(emptyToNull(request.queryParam("sort_by")), "created_at");
        if (!SORT_FIELDS.contains(sortBy)) {
            return detail(400, "Invalid sort_by: must be one of " + String.join(", ", SORT_FIELDS));
        }
        String sortOrder = Objects.requireNonNullElse(emptyToNull(request.queryParam("sort_order")), "desc");
        if (!List.of("asc", "desc").contains(sortOrder)) {
            return detail(400, "Invalid sort_order: must be asc or desc");
        }
        Instant now = clock().now();
        Comparator<Job> order = switch (sortBy) {
            case "updated_at" -> Comparator.comparing((Job j) -> j.updatedAt(now));
            case "status" -> Comparator.comparing((Job j) -> j.status(now));
            default -> Comparator.comparing((Job j) -> j.createdAt);
        };
        order = order.thenComparingLong(j -> j.seq);
        if ("desc".equals(sortOrder)) {
            order = order.reversed();
        }
        List<Job> matching = jobs.values().stream()
                .filter(j -> statusFilter == null || statusFilter.equals(j.status(now)))
                .filter(j -> typeFilter == null || typeFilter.equals(j.type))
                .sorted(order)
                .toList();
        ArrayNode items = mapper().createArrayNode();
        matching.stream().skip((long) (page - 1) * pageSize).limit(pageSize).forEach(j -> {
            ObjectNode n = items.addObject();
            n.put("job_id", j.id);
            n.put("type", j.type);
            n.put("status", j.status(now));
            // "url: The URL that was scraped"; a spiderMaps job has none
            n.put("url", j.payload.path("url").isTextual() ? j.payload.get("url").asText() : null);
            n.put("created_at", iso(j.createdAt));
            n.put("updated_at", iso(j.updatedAt(now)));
            n.put("worker_id", j.workerId(now));
        });
        ObjectNode body = newObject();
        body.put("total", matching.size());
        body.put("page", page);
        body.put("page_size", pageSize);
        body.put("total_pages", (matching.size() + pageSize - 1) / pageSize);
        body.set("jobs", items);
        return json(200, body);
    }

    private static Integer intParam(RecordedRequest request, String name, int defaultValue) {
        String value = emptyToNull(request.queryParam(name));
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static SimulatorResponse jobNotFound() {
        return detail(404, "Job not found");
    }

    private static SimulatorResponse methodNotAllowed() {
        return detail(405, "Method Not Allowed");
    }

    /** The API's error shape: {"detail": "..."}. */
    private static SimulatorResponse detail(int status, String message) {
        ObjectNode body = newObject();
        body.put("detail", message);
        return json(status, body);
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = URI.create(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String canonical(JsonNode payload) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(payload, Object.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return payload.toString();
        }
    }

    // ---- jobs -------------------------------------------------------------------------------------------------

    private static String checkType(String type) {
        if (!JOB_TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown job type '" + type + "', expected one of " + JOB_TYPES);
        }
        return type;
    }

    private Job job(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalArgumentException("unknown job " + jobId);
        }
        return job;
    }

    // caller holds the lock on this (timings)
    private Job newJob(String id, String type, JsonNode payload, Integer priority, Instant createdAt, String failure) {
        Timing t = timings.get(type);
        return new Job(id, type, sequence.incrementAndGet(), payload, priority, createdAt, t.queued(), t.processing(),
                failure);
    }

    /** One job; its status is derived from the clock on every read. */
    private static final class Job {
        final String id;
        final String type;
        final long seq;
        final JsonNode payload;
        final Integer priority;
        final Instant createdAt;
        // mutable through endNow (completeJob/failJob) and cancel, hence the lock
        private Duration queued;
        private Duration processing;
        private String failure;
        private Instant cancelledAt;

        Job(String id, String type, long seq, JsonNode payload, Integer priority, Instant createdAt, Duration queued,
                Duration processing, String failure) {
            this.id = id;
            this.type = type;
            this.seq = seq;
            this.payload = payload;
            this.priority = priority;
            this.createdAt = createdAt;
            this.queued = queued;
            this.processing = processing;
            this.failure = failure;
        }

        synchronized Instant startedAt() {
            return createdAt.plus(queued);
        }

        synchronized Instant finishedAt() {
            return startedAt().plus(processing);
        }

        synchronized Duration processing() {
            return processing;
        }

        synchronized String failure() {
            return failure;
        }

        synchronized String status(Instant now) {
            if (cancelledAt != null && !now.isBefore(cancelledAt)) {
                return "cancelled";
            }
            if (now.isBefore(startedAt())) {
                return "queued";
            }
            if (now.isBefore(finishedAt())) {
                return "processing";
            }
            return failure == null ? "completed" : "failed";
        }

        synchronized Instant updatedAt(Instant now) {
            return switch (status(now)) {
                case "queued" -> createdAt;
                case "processing" -> startedAt();
                case "cancelled" -> cancelledAt;
                default -> finishedAt();
            };
        }

        synchronized String workerId(Instant now) {
            boolean started = !now.isBefore(startedAt()) && (cancelledAt == null || cancelledAt.isAfter(startedAt()));
            return started ? WORKERS.get(type) : null;
        }

        /** Cancels the job if it is queued or processing; returns null then, else the status that prevented it. */
        synchronized String cancel(Instant now) {
            String status = status(now);
            if (!status.equals("queued") && !status.equals("processing")) {
                return status;
            }
            cancelledAt = now;
            return null;
        }

        synchronized void endNow(Instant now, String newFailure) {
            Duration elapsed = now.isAfter(createdAt) ? Duration.between(createdAt, now) : Duration.ZERO;
            queued = queued.compareTo(elapsed) < 0 ? queued : elapsed;
            processing = elapsed.minus(queued);
            failure = newFailure;
            cancelledAt = null;
        }
    }

    /** Builder for {@link SpiderIqSimulator}. */
    public static final class Builder extends VendorSimulator.Builder<Builder> {
        private String forbiddenKey;
        private final Map<String, Timing> timings = new LinkedHashMap<>();
        private int rateLimitRequests = DEFAULT_RATE_LIMIT;
        private Duration rateLimitWindow = DEFAULT_RATE_LIMIT_WINDOW;
        private Clock rateLimitClock = Clock.systemUTC();

        private Builder() {
            super(DEFAULT_API_KEY);
        }

        /** A second token answered 403 "Client account inactive". */
        public Builder forbiddenKey(String key) {
            this.forbiddenKey = key;
            return this;
        }

        /**
         * The per-client budget: {@code requests} per {@code window} (default 100 per minute, as documented; tests
         * scale the window down, e.g. 100 per 3 s). 0 requests turns the limit off.
         */
        public Builder rateLimit(int requests, Duration window) {
            if (requests < 0) {
                throw new IllegalArgumentException("requests must be >= 0");
            }
            this.rateLimitRequests = requests;
            this.rateLimitWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /** The clock the rate limit's windows are measured with (default: real time, not the simulated clock). */
        public Builder rateLimitClock(Clock clock) {
            this.rateLimitClock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Simulated queued and processing durations of every job type. */
        public Builder timing(Duration queued, Duration processing) {
            Timing t = new Timing(queued, processing);
            JOB_TYPES.forEach(type -> timings.put(type, t));
            return this;
        }

        /** Simulated queued and processing durations of one job type. */
        public Builder timing(String type, Duration queued, Duration processing) {
            timings.put(checkType(type), new Timing(queued, processing));
            return this;
        }

        /** Starts the simulator. */
        @Override
        public SpiderIqSimulator start() {
            return new SpiderIqSimulator(this);
        }
    }
}
