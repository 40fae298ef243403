package dev.asyncjobs.simulator.sateais;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncjobs.simulator.RecordedRequest;
import dev.asyncjobs.simulator.SimulatorResponse;
import dev.asyncjobs.simulator.VendorSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Stateful simulator of the SateAIs detection API (submit, poll, 302 to presigned storage, 410 after 30 days). */
// Follows the vendor's "How it works" and "Get job status" pages to the letter; where they are silent (list shape,
// result before completion, unknown routes) the choice is commented at the spot.
public final class SateaisSimulator extends VendorSimulator {

    /** The API key a default simulator accepts. */
    public static final String DEFAULT_API_KEY = "sk_test_simulator";
    /** Detection types of {@code POST /api/v1/detect/{type}}. */
    public static final List<String> DETECTION_TYPES = List.of("ship", "oilslick", "newbuilding", "timeseries");
    /** How long a result stays downloadable after completion (the docs: "Result is available for 30 days"). */
    public static final Duration RESULT_RETENTION = Duration.ofDays(30);
    /** Lifetime of the presigned URLs the result endpoint redirects to (not documented; S3's usual hour). */
    public static final Duration PRESIGNED_URL_EXPIRY = Duration.ofHours(1);
    /** Largest {@code limit} accepted by {@code GET /api/v1/jobs}. */
    public static final int MAX_LIST_LIMIT = 30;

    private static final Set<String> STATUSES = Set.of("pending", "processing", "completed", "failed");
    private static final Set<String> DATE_DIRECTIONS = Set.of("before", "after", "nearest");
    /** Per-endpoint polygon area caps in km²; an AOI over the cap is accepted but the job fails (docs example). */
    private static final Map<String, Integer> AREA_CAP_KM2 = Map.of("timeseries", 50, "newbuilding", 30_000);

    private static final Pattern DETECT = Pattern.compile("/api/v1/detect/([^/]+)");
    private static final Pattern JOB = Pattern.compile("/api/v1/jobs/([^/]+)");
    private static final Pattern RESULT = Pattern.compile("/api/v1/jobs/([^/]+)/result\\.geojson");

    /** Typical runtimes from the docs, about 10% of them queued (pending) and the rest processing. */
    private static final Map<String, Timing> DEFAULT_TIMINGS = Map.of(
            "ship", new Timing(Duration.ofSeconds(90), Duration.ofSeconds(810)),
            "oilslick", new Timing(Duration.ofMinutes(5), Duration.ofMinutes(45)),
            "newbuilding", new Timing(Duration.ofSeconds(30), Duration.ofSeconds(270)),
            "timeseries", new Timing(Duration.ofSeconds(12), Duration.ofSeconds(108)));

    private record Timing(Duration pending, Duration processing) {
        Timing {
            if (pending.isNegative() || processing.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative");
            }
        }
    }

    private record Failure(String code, String message) {
    }

    // configuration as built, restored by reset()
    private final String initialForbiddenKey;
    private final Integer initialCredits;
    private final Map<String, Timing> initialTimings;

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    // guarded by this
    private final Deque<Failure> failNext = new ArrayDeque<>();
    private final Map<String, Timing> timings = new LinkedHashMap<>();
    private Integer credits;
    private volatile String forbiddenKey;

    private SateaisSimulator(Builder builder) {
        super(builder);
        this.initialForbiddenKey = builder.forbiddenKey;
        this.initialCredits = builder.credits;
        this.initialTimings = Map.copyOf(builder.timings);
        onReset();
        storage(); // start the object storage host now, so storageBaseUrl() is known before the first redirect
    }

    /** Starts a simulator with default settings (key "sk_test_simulator", real-time clock, random ports). */
    public static SateaisSimulator start() {
        return builder().start();
    }

    /** A builder for a simulator with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String vendorName() {
        return "sateais";
    }

    // ---- configuration at run time ----------------------------------------------------------------------------

    /** A second key that is recognised but answered 403 FORBIDDEN (null for none). */
    public void forbiddenKey(String key) {
        this.forbiddenKey = key;
    }

    /** Credits left; each successful job costs one, and a submit with none left answers 402. */
    public synchronized void setCredits(int credits) {
        if (credits < 0) {
            throw new IllegalArgumentException("credits must be >= 0");
        }
        this.credits = credits;
    }

    /** Back to unlimited credits (the default). */
    public synchronized void unlimitedCredits() {
        this.credits = null;
    }

    /** Credits left, or empty when unlimited. */
    public synchronized OptionalInt credits() {
        return credits == null ? OptionalInt.empty() : OptionalInt.of(credits);
    }

    /** Simulated pending and processing durations for jobs of every type created from now on. */
    public synchronized void timing(Duration pending, Duration processing) {
        Timing t = new Timing(pending, processing);
        DETECTION_TYPES.forEach(type -> timings.put(type, t));
    }

    /** Simulated pending and processing durations for jobs of this type created from now on. */
    public synchronized void timing(String type, Duration pending, Duration processing) {
        timings.put(checkType(type), new Timing(pending, processing));
    }

    /** The next job created (submitted or via createJob/seedJob) ends failed with this error_code and message. */
    public synchronized void failNextJob(String errorCode, String message) {
        failNext.addLast(new Failure(Objects.requireNonNull(errorCode, "errorCode"),
                Objects.requireNonNull(message, "message")));
    }

    // ---- jobs seen from the test side -------------------------------------------------------------------------

    /** Creates a job as if submitted elsewhere (no request, no credits) at the simulated time now; returns its id. */
    public String createJob(String type) {
        return seedJob(newId(), type, clock().now());
    }

    /** Creates a job as if submitted elsewhere at {@code createdAt} (simulated time); returns its id. */
    public String seedJob(String type, Instant createdAt) {
        return seedJob(newId(), type, createdAt);
    }

    /** Creates a job with a given id as if submitted elsewhere at {@code createdAt}; returns the id. */
    public synchronized String seedJob(String jobId, String type, Instant createdAt) {
        Job job = newJob(jobId, checkType(type), createdAt, null, null, failNext.pollFirst());
        jobs.put(jobId, job);
        return jobId;
    }

    /** Makes the job complete at the simulated time now. */
    public void completeJob(String jobId) {
        job(jobId).endNow(clock().now(), null);
    }

    /** Makes the job fail at the simulated time now with this error_code and message. */
    public void failJob(String jobId, String errorCode, String message) {
        job(jobId).endNow(clock().now(), new Failure(errorCode, message));
    }

    /** Forgets the job, so that the API answers 404 for it from now on. */
    public void forgetJob(String jobId) {
        jobs.remove(jobId);
    }

    /** The job's status at the simulated time now ("pending", ...), or null when the job is unknown. */
    public String jobStatus(String jobId) {
        Job job = jobs.get(jobId);
        return job == null ? null : job.status(clock().now());
    }

    /** Ids of all known jobs, in creation order. */
    public List<String> jobIds() {
        return jobs.values().stream().sorted(Comparator.comparingLong(j -> j.seq)).map(j -> j.id).toList();
    }

    /** The request body the job was submitted with, or null for jobs created by createJob/seedJob. */
    public String submittedBody(String jobId) {
        return job(jobId).submittedBody;
    }

    /** The GeoJSON FeatureCollection the job's result URL serves. */
    public String resultGeoJson(String jobId) {
        return job(jobId).result();
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------

    @Override
    protected SimulatorResponse handle(RecordedRequest request) {
        SimulatorResponse denied = authenticate(request);
        if (denied != null) {
            return denied;
        }
        String path = request.path();
        boolean get = "GET".equals(request.method());
        Matcher m;
        if ((m = DETECT.matcher(path)).matches() && "POST".equals(request.method())) {
            return submit(m.group(1), request);
        }
        if (path.equals("/api/v1/jobs") && get) {
            return list(request);
        }
        if ((m = JOB.matcher(path)).matches() && get) {
            return status(m.group(1));
        }
        if ((m = RESULT.matcher(path)).matches() && get) {
            return result(m.group(1));
        }
        // Unknown paths and methods: the docs' error code list has no 405, so NOT_FOUND in the usual envelope.
        return error(404, "NOT_FOUND", "Not found");
    }

    @Override
    protected SimulatorResponse errorResponse(int status, String message) {
        String code = switch (status) {
            case 400 -> "VALIDATION_ERROR";
            case 401 -> "UNAUTHORIZED";
            case 402 -> "INSUFFICIENT_CREDITS";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 410 -> "GONE";
            case 429 -> "RATE_LIMIT_EXCEEDED";
            default -> "INTERNAL_ERROR";
        };
        // the docs: "Fixed message for 5xx errors"
        return error(status, code, status >= 500 ? "Internal server error" : message);
    }

    @Override
    protected void onReset() {
        synchronized (this) {
            jobs.clear();
            failNext.clear();
            timings.clear();
            timings.putAll(DEFAULT_TIMINGS);
            timings.putAll(initialTimings);
            credits = initialCredits;
            forbiddenKey = initialForbiddenKey;
        }
    }

    private SimulatorResponse authenticate(RecordedRequest request) {
        if (hasAuthorization(request, "Bearer " + apiKey())) {
            return null;
        }
        String forbidden = forbiddenKey;
        if (forbidden != null && hasAuthorization(request, "Bearer " + forbidden)) {
            return error(403, "FORBIDDEN", "This API key is not allowed to use this resource");
        }
        return error(401, "UNAUTHORIZED", request.hasHeader("Authorization")
                ? "Invalid API key" : "Missing Authorization header (expected 'Bearer <api key>')");
    }

    private SimulatorResponse submit(String type, RecordedRequest request) {
        if (!DETECTION_TYPES.contains(type)) {
            return error(404, "NOT_FOUND", "Unknown detection type '" + type + "'");
        }
        JsonNode body = readJson(request).orElse(null);
        if (body == null || !body.isObject()) {
            return error(400, "VALIDATION_ERROR", "Request body must be a JSON object");
        }
        Validation v = validate(type, body);
        if (v.error != null) {
            return error(400, "VALIDATION_ERROR", v.error);
        }
        Job job;
        synchronized (this) {
            // credits are checked on submit; a job that will fail is not charged ("No credits charged")
            if (credits != null && credits <= 0) {
                return error(402, "INSUFFICIENT_CREDITS", "Insufficient credits");
            }
            Failure failure = failNext.pollFirst();
            if (failure == null) {
                failure = v.areaFailure;
            }
            if (failure == null && credits != null) {
                credits--;
            }
            job = newJob(newId(), type, clock().now(), request.body(), v.polygon, failure);
            jobs.put(job.id, job);
        }
        // the state at creation: "pending" as the docs promise (unless timing() set a zero pending time)
        return json(200, view(job, job.createdAt()));
    }

    private SimulatorResponse status(String jobId) {
        Job job = jobs.get(jobId);
        return job == null ? jobNotFound() : json(200, view(job, clock().now()));
    }

    // The list endpoint is only mentioned by the vendor ("GET /api/v1/jobs?status=&limit=", limit at most 30); its
    // answer is not shown anywhere, so it is kept minimal: {"jobs": [<same objects as GET /jobs/{id}>]}, newest first.
    private SimulatorResponse list(RecordedRequest request) {
        String status = request.queryParam("status");
        if (status != null && !status.isEmpty() && !STATUSES.contains(status)) {
            return error(400, "VALIDATION_ERROR",
                    "Field 'status' must be one of pending, processing, completed, failed");
        }
        int limit = MAX_LIST_LIMIT; // default not documented
        String limitParam = request.queryParam("limit");
        if (limitParam != null && !limitParam.isEmpty()) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIST_LIMIT) {
                return error(400, "VALIDATION_ERROR",
                        "Field 'limit' must be an integer between 1 and " + MAX_LIST_LIMIT);
            }
        }
        Instant now = clock().now();
        ArrayNode items = mapper().createArrayNode();
        jobs.values().stream()
                .sorted(Comparator.comparing((Job j) -> j.createdAt()).thenComparingLong(j -> j.seq).reversed())
                .filter(j -> status == null || status.isEmpty() || status.equals(j.status(now)))
                .limit(limit)
                .forEach(j -> items.add(view(j, now)));
        ObjectNode body = newObject();
        body.set("jobs", items);
        return json(200, body);
    }

    private SimulatorResponse result(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return jobNotFound();
        }
        Instant now = clock().now();
        String status = job.status(now);
        String key = "sateais-results/" + jobId + ".geojson";
        if (!"completed".equals(status)) {
            // Not documented. 404 rather than 409 because the vendor's error codes have no 409/CONFLICT: the result
            // resource simply does not exist (yet, or ever for a failed job).
            return error(404, "NOT_FOUND", "Result not available: job status is " + status);
        }
        if (!now.isBefore(job.finishedAt().plus(RESULT_RETENTION))) {
            storage().deleteObject(key);
            return error(410, "GONE", "Result expired: results are kept for 30 days after completion");
        }
        storage().putObjectIfAbsent(key, job.result().getBytes(StandardCharsets.UTF_8), "application/geo+json");
        return SimulatorResponse.redirect(302, storage().presignedUrl("GET", key, PRESIGNED_URL_EXPIRY));
    }

    private static SimulatorResponse jobNotFound() {
        return error(404, "NOT_FOUND", "Job not found");
    }

    /** The vendor's error envelope: {"error": {"code": ..., "message": ...}}. */
    private static SimulatorResponse error(int status, String code, String message) {
        ObjectNode body = newObject();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return json(status, body);
    }

    /** Exactly the fields of the docs' job examples, in their order. */
    private static ObjectNode view(Job job, Instant now) {
        String status = job.status(now);
        boolean completed = "completed".equals(status);
        boolean failed = "failed".equals(status);
        Failure failure = failed ? job.failure() : null;
        ObjectNode n = newObject();
        n.put("job_id", job.id);
        n.put("status", status);
        n.put("created_at", iso(job.createdAt()));
        n.put("completed_at", completed || failed ? iso(job.finishedAt()) : null);
        n.put("result_path", completed ? "/api/v1/jobs/" + job.id + "/result.geojson" : null);
        n.put("error_code", failure == null ? null : failure.code());
        n.put("error_message", failure == null ? null : failure.message());
        n.put("error", failure == null ? null : failure.code()); // deprecated alias of error_code
        return n;
    }

    // ---- validation -------------------------------------------------------------------------------------------

    private record Validation(String error, WktPolygon polygon, Failure areaFailure) {
        static Validation failed(String error) {
            return new Validation(error, null, null);
        }
    }

    // Rules from the vendor's detection pages: satellite_id always; ship/oilslick take scene_id, or polygon + date
    // (+ date_direction before/after/nearest, optional orbit_direction); newbuilding/timeseries take polygon,
    // date_start, date_end (timeseries: at most 3 years). The value of satellite_id ("sentinel-1" in the docs) and
    // orbit_direction are not checked, since the docs do not list every accepted value.
    private static Validation validate(String type, JsonNode body) {
        String error = requireString(body, "satellite_id");
        if (error != null) {
            return Validation.failed(error);
        }
        boolean sceneBased = type.equals("ship") || type.equals("oilslick");
        if (sceneBased && body.hasNonNull("scene_id")) {
            error = requireString(body, "scene_id");
            return error != null ? Validation.failed(error) : new Validation(null, null, null);
        }
        if (sceneBased && !body.hasNonNull("polygon")) {
            return Validation.failed("Field 'scene_id' is required (or 'polygon' with 'date')");
        }
        error = requireString(body, "polygon");
        if (error != null) {
            return Validation.failed(error);
        }
        WktPolygon polygon = WktPolygon.parse(body.get("polygon").asText());
        if (polygon == null) {
            return Validation.failed("Field 'polygon' must be a closed WKT POLYGON in EPSG:4326 (lon lat)");
        }
        if (sceneBased) {
            error = requireDate(body, "date");
            if (error == null && body.hasNonNull("date_direction")
                    && !DATE_DIRECTIONS.contains(body.get("date_direction").asText())) {
                error = "Field 'date_direction' must be one of before, after, nearest";
            }
            return error != null ? Validation.failed(error) : new Validation(null, polygon, null);
        }
        error = requireDate(body, "date_start");
        if (error == null) {
            error = requireDate(body, "date_end");
        }
        if (error != null) {
            return Validation.failed(error);
        }
        LocalDate start = parseDate(body.get("date_start").asText());
        LocalDate end = parseDate(body.get("date_end").asText());
        if (end.isBefore(start)) {
            return Validation.failed("Field 'date_end' must not be before 'date_start'");
        }
        if (type.equals("timeseries") && end.isAfter(start.plusYears(3))) {
            return Validation.failed("Field 'date_end' must be at most 3 years after 'date_start' for endpoint "
                    + "'timeseries'");
        }
        // The docs' failed-job example shows an over-cap AOI being accepted and then failing as a job.
        Integer cap = AREA_CAP_KM2.get(type);
        double area = polygon.areaKm2();
        Failure areaFailure = cap != null && area > cap
                ? new Failure("VALIDATION_ERROR", "Polygon area (" + WktPolygon.formatKm2(area) + " km²) exceeds "
                        + cap + " km² limit for endpoint '" + type + "'")
                : null;
        return new Validation(null, polygon, areaFailure);
    }

    private static String requireString(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return "Field '" + field + "' is required";
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            return "Field '" + field + "' must be a non-empty string";
        }
        return null;
    }

    private static String requireDate(JsonNode body, String field) {
        String error = requireString(body, field);
        if (error == null && parseDate(body.get(field).asText()) == null) {
            error = "Field '" + field + "' must be an ISO 8601 date (YYYY-MM-DD)";
        }
        return error;
    }

    /** A date, or a full ISO 8601 timestamp reduced to its date; null when neither. */
    private static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toLocalDate();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    // ---- jobs -------------------------------------------------------------------------------------------------

    private static String checkType(String type) {
        if (!DETECTION_TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown detection type '" + type + "', expected one of "
                    + DETECTION_TYPES);
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
    private Job newJob(String id, String type, Instant createdAt, String body, WktPolygon polygon, Failure failure) {
        Timing t = timings.get(type);
        return new Job(id, type, sequence.incrementAndGet(), createdAt, t.pending(), t.processing(), body, polygon,
                failure);
    }

    /** One job; its status is derived from the clock on every read. */
    private static final class Job {
        final String id;
        final String type;
        final long seq;
        final String submittedBody;
        final WktPolygon polygon;
        // mutable only through endNow (completeJob/failJob), hence the lock
        private final Instant createdAt;
        private Duration pending;
        private Duration processing;
        private Failure failure;
        private String result;

        Job(String id, String type, long seq, Instant createdAt, Duration pending, Duration processing,
                String submittedBody, WktPolygon polygon, Failure failure) {
            this.id = id;
            this.type = type;
            this.seq = seq;
            this.createdAt = createdAt;
            this.pending = pending;
            this.processing = processing;
            this.submittedBody = submittedBody;
            this.polygon = polygon;
            this.failure = failure;
        }

        Instant createdAt() {
            return createdAt;
        }

        synchronized Instant finishedAt() {
            return createdAt.plus(pending).plus(processing);
        }

        synchronized Failure failure() {
            return failure;
        }

        synchronized String status(Instant now) {
            if (now.isBefore(createdAt.plus(pending))) {
                return "pending";
            }
            if (now.isBefore(finishedAt())) {
                return "processing";
            }
            return failure == null ? "completed" : "failed";
        }

        synchronized void endNow(Instant now, Failure newFailure) {
            Duration elapsed = now.isAfter(createdAt) ? Duration.between(createdAt, now) : Duration.ZERO;
            pending = pending.compareTo(elapsed) < 0 ? pending : elapsed;
            processing = elapsed.minus(pending);
            failure = newFailure;
        }

        synchronized String result() {
            if (result == null) {
                result = SateaisResults.featureCollection(id, type, polygon == null ? null : polygon.bbox(),
                        iso(finishedAt()), new Random(id.hashCode()));
            }
            return result;
        }
    }

    /** Builder for {@link SateaisSimulator}. */
    public static final class Builder extends VendorSimulator.Builder<Builder> {
        private String forbiddenKey;
        private Integer credits;
        private final Map<String, Timing> timings = new LinkedHashMap<>();

        private Builder() {
            super(DEFAULT_API_KEY);
        }

        /** A second key answered 403 FORBIDDEN. */
        public Builder forbiddenKey(String key) {
            this.forbiddenKey = key;
            return this;
        }

        /** Initial credits (default unlimited). */
        public Builder credits(int credits) {
            if (credits < 0) {
                throw new IllegalArgumentException("credits must be >= 0");
            }
            this.credits = credits;
            return this;
        }

        /** Simulated pending and processing durations for every detection type. */
        public Builder timing(Duration pending, Duration processing) {
            Timing t = new Timing(pending, processing);
            DETECTION_TYPES.forEach(type -> timings.put(type, t));
            return this;
        }

        /** Simulated pending and processing durations for one detection type. */
        public Builder timing(String type, Duration pending, Duration processing) {
            timings.put(checkType(type), new Timing(pending, processing));
            return this;
        }

        /** Starts the simulator. */
        @Override
        public SateaisSimulator start() {
            return new SateaisSimulator(this);
        }
    }
}
