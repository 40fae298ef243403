package dev.asyncjobs.simulator.plangrep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncjobs.simulator.RecordedRequest;
import dev.asyncjobs.simulator.SimulatorResponse;
import dev.asyncjobs.simulator.VendorSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stateful simulator of the Plangrep Open API ({@code /api/open/v1}): projects' jobs with the full status ladder,
 * multipart and registered (presigned PUT) uploads, credits that run out mid-job and resume, partial errors, delayed
 * cancellation, expiry, idempotent create and complete, and webhook calls on every status change.
 */
// Follows the vendor's pages (Get Job, Create Job, Upload Files, Register Uploads, Complete Uploads, Resume Job,
// Cancel Job, Get Job Result, Polling and Webhooks, Credits). Where they are silent the choice is commented at the
// spot; the webhook payload and its signature scheme in particular are not documented and are this simulator's own.
public final class PlangrepSimulator extends VendorSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(PlangrepSimulator.class);

    /** The API key a default simulator accepts. */
    public static final String DEFAULT_API_KEY = "pgk_test_simulator";
    /** The project a default simulator knows (projects must exist and be ready to take jobs). */
    public static final String DEFAULT_PROJECT_ID = "proj_01simulator0project0ready";
    /** Path prefix of every Open API route. */
    public static final String API_PREFIX = "/api/open/v1";
    /** At most this many files per job (docs: limits.maxFiles). */
    public static final int MAX_FILES = 100;
    /** At most this many declared bytes per job (docs: limits.maxDeclaredBytes, "10 GB"). */
    public static final long MAX_DECLARED_BYTES = 10_000_000_000L;
    /** Header carrying the simulator's webhook signature (the real scheme is not documented). */
    public static final String SIGNATURE_HEADER = "Plangrep-Signature";
    /** Every status of the docs' status reference, in lifecycle order. */
    public static final List<String> STATUSES = List.of("provisioning", "awaiting_uploads", "uploading", "preflighting",
            "blocked_insufficient_credits", "processing", "completed", "completed_with_errors", "failed", "cancelled",
            "expired");

    private static final Set<String> TERMINAL = Set.of("completed", "completed_with_errors", "failed", "cancelled",
            "expired");
    private static final Set<String> CLASSIFICATIONS = Set.of("plans", "specifications", "documents", "addenda", "mixed",
            "other");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PAGE = Pattern.compile("/Type\\s*/Page(?![a-zA-Z])");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    /** Lifetime of presigned upload and result URLs (not documented; S3's usual hour). */
    private static final Duration URL_EXPIRY = Duration.ofHours(1);
    private static final int WEBHOOK_ATTEMPTS = 5;

    private static final Pattern CREATE = Pattern.compile(API_PREFIX + "/projects/([^/]+)/jobs");
    private static final Pattern JOB = Pattern.compile(API_PREFIX + "/jobs/([^/]+)");
    private static final Pattern FILES = Pattern.compile(API_PREFIX + "/jobs/([^/]+)/files");
    private static final Pattern UPLOADS = Pattern.compile(API_PREFIX + "/jobs/([^/]+)/uploads");
    private static final Pattern COMPLETE = Pattern.compile(API_PREFIX + "/jobs/([^/]+)/uploads/complete");
    private static final Pattern RESUME = Pattern.compile(API_PREFIX + "/jobs/([^/]+)/resume");
    private static final Pattern CANCEL = Pattern.compile(API_PREFIX + "/jobs/([^/]+)/cancel");
    private static final Pattern RESULT = Pattern.compile(API_PREFIX + "/jobs/([^/]+)/result");

    /** Simulated durations of the lifecycle. */
    private record Timing(Duration provisioning, Duration preflight, Duration perPage, Duration cancelDelay,
                          Duration jobTtl) {
    }

    private record Failure(String code, String message) {
    }

    /** One webhook call the simulator made (or tried to make). */
    public record WebhookDelivery(String jobId, String status, String url, int httpStatus, String body,
                                  Map<String, String> headers, int attempt) {
        /** Whether the receiver answered 2xx. */
        public boolean delivered() {
            return httpStatus / 100 == 2;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Timing initialTiming;
    private final Long initialCredits;
    private final Set<String> initialProjects;

    // guarded by this
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, String> idempotentCreates = new HashMap<>();
    private final Map<String, ObjectNode> idempotentCompletes = new HashMap<>();
    private final Deque<Failure> failNext = new ArrayDeque<>();
    private final Deque<Integer> failedPagesNext = new ArrayDeque<>();
    private final Set<String> projects = new java.util.LinkedHashSet<>();
    private Timing timing;
    private Long credits;

    private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
    private final ReentrantLock deliveryLock = new ReentrantLock();
    private final HttpClient webhookClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService dispatcher;

    private PlangrepSimulator(Builder builder) {
        super(builder);
        this.initialTiming = new Timing(builder.provisioning, builder.preflight, builder.perPage, builder.cancelDelay,
                builder.jobTtl);
        this.initialCredits = builder.credits;
        this.initialProjects = Set.copyOf(builder.projects);
        onReset();
        storage(); // uploads and results live there
        if (builder.autoDeliverWebhooks) {
            dispatcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "plangrep-simulator-webhooks");
                t.setDaemon(true);
                return t;
            });
            dispatcher.scheduleWithFixedDelay(this::deliverQuietly, 50, 50, TimeUnit.MILLISECONDS);
        } else {
            dispatcher = null;
        }
    }

    /** Starts a simulator with default settings. */
    public static PlangrepSimulator start() {
        return builder().start();
    }

    /** A builder for a simulator with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String vendorName() {
        return "plangrep";
    }

    /** The API's base URL as the vendor documents it: {@code baseUrl() + "/api/open/v1"}. */
    public String apiBaseUrl() {
        return baseUrl() + API_PREFIX;
    }

    // ---- configuration at run time ----------------------------------------------------------------------------

    /** Sets the organisation's available credits (one per successfully processed page). */
    public synchronized void setCredits(long credits) {
        if (credits < 0) {
            throw new IllegalArgumentException("credits must be >= 0");
        }
        this.credits = credits;
    }

    /** Adds credits, as buying a credit pack would. */
    public synchronized void addCredits(long more) {
        this.credits = (credits == null ? 0 : credits) + more;
    }

    /** Credits left, or empty when unlimited (the default). */
    public synchronized OptionalLong credits() {
        return credits == null ? OptionalLong.empty() : OptionalLong.of(credits);
    }

    /** Another project that is ready to take jobs. */
    public synchronized void addProject(String projectId) {
        projects.add(Objects.requireNonNull(projectId, "projectId"));
    }

    /** Simulated durations for jobs from now on (null keeps the current value). */
    public synchronized void timing(Duration provisioning, Duration preflight, Duration perPage) {
        timing = new Timing(provisioning != null ? provisioning : timing.provisioning(),
                preflight != null ? preflight : timing.preflight(), perPage != null ? perPage : timing.perPage(),
                timing.cancelDelay(), timing.jobTtl());
    }

    /** How long a cancel takes to take effect (simulated). */
    public synchronized void cancelDelay(Duration delay) {
        timing = new Timing(timing.provisioning(), timing.preflight(), timing.perPage(), delay, timing.jobTtl());
    }

    /** The next job whose uploads are completed fails at the end of preflight with this error. */
    public synchronized void failNextJob(String code, String message) {
        failNext.addLast(new Failure(Objects.requireNonNull(code), Objects.requireNonNull(message)));
    }

    /** In the next job whose uploads are completed, the last {@code pages} pages fail: completed_with_errors. */
    public synchronized void failPagesOfNextJob(int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("pages must be >= 1");
        }
        failedPagesNext.addLast(pages);
    }

    // ---- jobs seen from the test side -------------------------------------------------------------------------

    /** The job's status at the simulated time now, or null when unknown. */
    public synchronized String jobStatus(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return null;
        }
        advance(job, clock().now());
        return job.status;
    }

    /** Ids of all jobs, in creation order. */
    public synchronized List<String> jobIds() {
        return List.copyOf(jobs.keySet());
    }

    /** The statuses the job went through, in order (the first is provisioning). */
    public synchronized List<String> statusHistory(String jobId) {
        Job job = job(jobId);
        advance(job, clock().now());
        List<String> history = new ArrayList<>();
        history.add("provisioning");
        job.transitions.forEach(t -> history.add(t.status()));
        return history;
    }

    /** The bytes uploaded for a job's file, by file name (multipart or presigned), or null. */
    public synchronized byte[] uploadedContent(String jobId, String fileName) {
        for (Doc doc : job(jobId).docs) {
            if (doc.fileName.equals(fileName)) {
                return doc.content != null ? doc.content.clone() : storage().object(doc.storageKey);
            }
        }
        return null;
    }

    /** The file names uploaded to a job, in order. */
    public synchronized List<String> uploadedFileNames(String jobId) {
        return job(jobId).docs.stream().map(d -> d.fileName).toList();
    }

    /** The webhook signing secret handed out when the job was created. */
    public synchronized String webhookSigningSecret(String jobId) {
        return job(jobId).secret;
    }

    /** Every webhook call made so far, oldest first. */
    public List<WebhookDelivery> webhookDeliveries() {
        return List.copyOf(deliveries);
    }

    /**
     * Sends the webhook calls due at the simulated time now (every status change not yet delivered, in order). The
     * background dispatcher does this every 50 ms unless the builder turned it off.
     */
    public void deliverWebhooks() {
        deliveryLock.lock();
        try {
            for (Pending p : pendingWebhooks()) {
                deliver(p);
            }
        } finally {
            deliveryLock.unlock();
        }
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------

    @Override
    protected SimulatorResponse handle(RecordedRequest request) {
        if (!hasAuthorization(request, "Bearer " + apiKey())) {
            // authentication page: a missing, invalid or revoked bearer token answers 401 with a code field
            return error(401, "UNAUTHORIZED", request.hasHeader("Authorization")
                    ? "Invalid or revoked API key" : "Missing Authorization header (expected 'Bearer <api key>')");
        }
        String path = request.path();
        String method = request.method();
        Matcher m;
        if ((m = CREATE.matcher(path)).matches() && "POST".equals(method)) {
            return create(m.group(1), request);
        }
        if ((m = JOB.matcher(path)).matches() && "GET".equals(method)) {
            return getJob(m.group(1));
        }
        if ((m = FILES.matcher(path)).matches() && "POST".equals(method)) {
            return uploadFiles(m.group(1), request);
        }
        if ((m = UPLOADS.matcher(path)).matches() && "POST".equals(method)) {
            return registerUploads(m.group(1), request);
        }
        if ((m = COMPLETE.matcher(path)).matches() && "POST".equals(method)) {
            return complete(m.group(1), request);
        }
        if ((m = RESUME.matcher(path)).matches() && "POST".equals(method)) {
            return resume(m.group(1));
        }
        if ((m = CANCEL.matcher(path)).matches() && "POST".equals(method)) {
            return cancel(m.group(1));
        }
        if ((m = RESULT.matcher(path)).matches() && "GET".equals(method)) {
            return result(m.group(1));
        }
        return error(404, "NOT_FOUND", "No route " + method + " " + path);
    }

    @Override
    protected SimulatorResponse errorResponse(int status, String message) {
        String code = switch (status) {
            case 400 -> "VALIDATION_ERROR";
            case 401 -> "UNAUTHORIZED";
            case 402 -> "INSUFFICIENT_CREDITS";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 409 -> "CONFLICT";
            case 429 -> "RATE_LIMITED";
            default -> "INTERNAL_ERROR";
        };
        return error(status, code, message);
    }

    @Override
    protected void onReset() {
        synchronized (this) {
            jobs.clear();
            idempotentCreates.clear();
            idempotentCompletes.clear();
            failNext.clear();
            failedPagesNext.clear();
            projects.clear();
            projects.add(DEFAULT_PROJECT_ID);
            projects.addAll(initialProjects);
            timing = initialTiming;
            credits = initialCredits;
        }
        deliveries.clear();
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            dispatcher.shutdownNow();
        }
        super.close();
    }

    private synchronized SimulatorResponse create(String projectId, RecordedRequest request) {
        if (!projects.contains(projectId)) {
            return error(404, "PROJECT_NOT_FOUND", "Project " + projectId + " not found");
        }
        String key = request.header("Idempotency-Key");
        if (key != null && key.length() > 256) {
            return error(400, "VALIDATION_ERROR", "Idempotency-Key must be at most 256 characters");
        }
        if (key != null && idempotentCreates.containsKey(projectId + "\n" + key)) {
            // "the original job is returned with idempotent: true in the response body rather than creating a
            // duplicate"; the signing secret is "shown only in this response" (the first one)
            Job job = jobs.get(idempotentCreates.get(projectId + "\n" + key));
            advance(job, clock().now());
            ObjectNode body = newObject();
            body.set("job", view(job));
            body.put("idempotent", true);
            return json(202, body);
        }
        JsonNode body = request.body().isBlank() ? newObject() : readJson(request).orElse(null);
        if (body == null || !body.isObject()) {
            return error(400, "VALIDATION_ERROR", "Request body must be a JSON object");
        }
        String externalId = text(body.get("externalId"));
        if (body.hasNonNull("externalId") && !body.get("externalId").isTextual()) {
            return error(400, "VALIDATION_ERROR", "externalId must be a string");
        }
        if (externalId != null && externalId.length() > 180) {
            return error(400, "VALIDATION_ERROR", "externalId must be at most 180 characters");
        }
        String webhookUrl = text(body.get("webhookUrl"));
        if (webhookUrl != null && !isValidUrl(webhookUrl)) {
            return error(400, "VALIDATION_ERROR", "webhookUrl must be a valid URI");
        }
        Instant now = clock().now();
        Job job = new Job(newJobId(), projectId, externalId, webhookUrl, randomToken("whsec_"), now,
                now.plus(timing.jobTtl()), timing);
        jobs.put(job.id, job);
        if (key != null) {
            idempotentCreates.put(projectId + "\n" + key, job.id);
        }
        ObjectNode answer = newObject();
        answer.set("job", view(job));
        answer.put("webhookSigningSecret", job.secret);
        return json(202, answer);
    }

    private synchronized SimulatorResponse getJob(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return jobNotFound(jobId);
        }
        advance(job, clock().now());
        ObjectNode body = newObject();
        body.set("job", view(job));
        return json(200, body);
    }

    private synchronized SimulatorResponse uploadFiles(String jobId, RecordedRequest request) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return jobNotFound(jobId);
        }
        Instant now = clock().now();
        advance(job, now);
        SimulatorResponse notOpen = requireUploadWindow(job);
        if (notOpen != null) {
            return notOpen;
        }
        Map<String, MultipartForm.Part> parts;
        try {
            parts = MultipartForm.parse(request.header("Content-Type"), request.bodyBytes());
        } catch (IllegalArgumentException e) {
            return error(400, "VALIDATION_ERROR", e.getMessage());
        }
        MultipartForm.Part metadataPart = parts.get("metadata");
        if (metadataPart == null) {
            return error(400, "VALIDATION_ERROR", "The multipart form needs a 'metadata' part");
        }
        JsonNode metadata;
        try {
            metadata = mapper().readTree(metadataPart.text());
        } catch (java.io.IOException e) {
            metadata = null;
        }
        if (metadata == null || !metadata.isObject()) {
            return error(400, "VALIDATION_ERROR", "The 'metadata' part must be a JSON object");
        }
        Map<String, JsonNode> described = new HashMap<>();
        JsonNode files = metadata.path("files");
        if (!files.isMissingNode() && !files.isArray()) {
            return error(400, "VALIDATION_ERROR", "metadata.files must be an array");
        }
        for (JsonNode f : files) {
            String partName = text(f.get("partName"));
            if (partName == null || !parts.containsKey(partName)) {
                return error(400, "VALIDATION_ERROR", "metadata.files[].partName '" + partName
                        + "' does not name a part of the form");
            }
            described.put(partName, f);
        }
        List<Doc> added = new ArrayList<>();
        long bytes = job.declaredBytes();
        for (MultipartForm.Part part : parts.values()) {
            if (part.name().equals("metadata")) {
                continue;
            }
            if (!part.name().matches("file\\d+")) {
                return error(400, "VALIDATION_ERROR", "File parts are named file0, file1, ...; got '" + part.name() + "'");
            }
            JsonNode meta = described.getOrDefault(part.name(), newObject());
            String fileName = firstNonNull(text(meta.get("fileName")), part.fileName());
            String contentType = firstNonNull(text(meta.get("contentType")), part.contentType());
            if (fileName == null || fileName.isBlank() || contentType == null) {
                return error(400, "VALIDATION_ERROR", "Part " + part.name() + " needs a fileName and a contentType");
            }
            String classification = text(meta.get("classification"));
            if (classification != null && !CLASSIFICATIONS.contains(classification)) {
                return error(400, "VALIDATION_ERROR", "classification must be one of " + CLASSIFICATIONS);
            }
            String sha = sha256(part.content());
            String declaredSha = text(meta.get("sha256"));
            if (declaredSha != null && !declaredSha.equals(sha)) {
                return error(400, "SHA256_MISMATCH", "The SHA-256 of " + fileName + " does not match metadata.files[].sha256");
            }
            bytes += part.content().length;
            Doc doc = new Doc(newId("doc_"), fileName, contentType, classification, part.content().length, sha,
                    "form");
            doc.content = part.content();
            added.add(doc);
        }
        if (added.isEmpty()) {
            return error(400, "VALIDATION_ERROR", "The multipart form has no file parts (file0, file1, ...)");
        }
        SimulatorResponse limit = checkLimits(job, added.size(), bytes);
        if (limit != null) {
            return limit;
        }
        job.docs.addAll(added);
        job.startUploading(now);
        ObjectNode body = newObject();
        body.set("job", view(job));
        body.put("status", "uploaded");
        ArrayNode list = body.putArray("files");
        for (Doc d : added) {
            list.addObject().put("documentId", d.id).put("fileName", d.fileName).put("fileSize", d.size)
                    .put("sha256", d.sha256);
        }
        return json(200, body);
    }

    private synchronized SimulatorResponse registerUploads(String jobId, RecordedRequest request) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return jobNotFound(jobId);
        }
        Instant now = clock().now();
        advance(job, now);
        SimulatorResponse notOpen = requireUploadWindow(job);
        if (notOpen != null) {
            return notOpen;
        }
        JsonNode body = readJson(request).orElse(null);
        JsonNode files = body == null ? null : body.get("files");
        if (files == null || !files.isArray() || files.isEmpty() || files.size() > MAX_FILES) {
            return error(400, "VALIDATION_ERROR", "files must be an array of 1 to " + MAX_FILES + " items");
        }
        List<Doc> added = new ArrayList<>();
        long bytes = job.declaredBytes();
        for (JsonNode f : files) {
            String fileName = text(f.get("fileName"));
            String contentType = text(f.get("contentType"));
            JsonNode size = f.get("fileSize");
            String sha = text(f.get("sha256"));
            String classification = text(f.get("classification"));
            if (fileName == null || fileName.isBlank() || contentType == null || contentType.isBlank()) {
                return error(400, "VALIDATION_ERROR", "files[].fileName and files[].contentType are required");
            }
            if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
                return error(400, "VALIDATION_ERROR", "files[].fileSize must be an integer >= 0");
            }
            if (sha == null || !SHA256.matcher(sha).matches()) {
                return error(400, "VALIDATION_ERROR", "files[].sha256 must be a 64-character lowercase hex string");
            }
            if (classification != null && !CLASSIFICATIONS.contains(classification)) {
                return error(400, "VALIDATION_ERROR", "classification must be one of " + CLASSIFICATIONS);
            }
            bytes += size.asLong();
            Doc doc = new Doc(newId("doc_"), fileName, contentType, classification, size.asLong(), sha, "direct_put");
            doc.uploadToken = randomToken("upt_");
            doc.storageKey = "plangrep-uploads/" + job.id + "/" + doc.id;
            added.add(doc);
        }
        SimulatorResponse limit = checkLimits(job, added.size(), bytes);
        if (limit != null) {
            return limit;
        }
        job.docs.addAll(added);
        job.startUploading(now);
        ObjectNode answer = newObject();
        answer.set("job", view(job));
        ArrayNode uploads = answer.putArray("uploads");
        for (Doc d : added) {
            ObjectNode u = uploads.addObject();
            u.put("documentId", d.id);
            u.put("fileName", d.fileName);
            // only direct_put is simulated; the vendor switches to signed multipart for files over 5 GB
            u.put("uploadMode", "direct_put");
            u.put("uploadUrl", storage().presignedUrl("PUT", d.storageKey, URL_EXPIRY));
            // "A map of HTTP headers that must be included when uploading bytes to uploadUrl (e.g. Content-Type,
            // x-amz-checksum-sha256)": the page does not show the field's name; this simulator calls it uploadHeaders
            ObjectNode headers = u.putObject("uploadHeaders");
            headers.put("Content-Type", d.contentType);
            headers.put("x-amz-checksum-sha256", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(d.sha256)));
            u.put("uploadToken", d.uploadToken);
            u.put("expiresAt", millis(now.plus(URL_EXPIRY)));
        }
        return json(200, answer);
    }

    private synchronized SimulatorResponse complete(String jobId, RecordedRequest request) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return jobNotFound(jobId);
        }
        Instant now = clock().now();
        advance(job, now);
        String key = request.header("Idempotency-Key");
        if (key != null && idempotentCompletes.containsKey(jobId + "\n" + key)) {
            ObjectNode replay = idempotentCompletes.get(jobId + "\n" + key).deepCopy();
            replay.set("job", view(job));
            replay.put("idempotent", true);
            return json(202, replay);
        }
        SimulatorResponse notOpen = requireUploadWindow(job);
        if (notOpen != null) {
            return notOpen;
        }
        JsonNode body = request.body().isBlank() ? newObject() : readJson(request).orElse(null);
        if (body == null || !body.isObject()) {
            return error(400, "VALIDATION_ERROR", "The body must be a JSON object (or empty)");
        }
        Map<String, String> completed = new HashMap<>();
        for (JsonNode d : body.path("directUploads")) {
            completed.put(text(d.get("documentId")), text(d.get("uploadToken")));
        }
        if (job.docs.isEmpty()) {
            return error(400, "NO_FILES", "No files were uploaded to job " + jobId);
        }
        for (Doc doc : job.docs) {
            if (!"direct_put".equals(doc.mode)) {
                continue;
            }
            if (!completed.containsKey(doc.id)) {
                return error(400, "UPLOAD_INCOMPLETE", "Document " + doc.id + " (" + doc.fileName
                        + ") was registered but is not in directUploads");
            }
            if (!doc.uploadToken.equals(completed.get(doc.id))) {
                return error(400, "VALIDATION_ERROR", "directUploads[].uploadToken does not match document " + doc.id);
            }
            byte[] stored = storage().object(doc.storageKey);
            if (stored == null) {
                return error(400, "UPLOAD_INCOMPLETE", "No bytes were PUT for document " + doc.id + " (" + doc.fileName + ")");
            }
            if (stored.length != doc.size || !sha256(stored).equals(doc.sha256)) {
                return error(400, "SHA256_MISMATCH", "The bytes PUT for " + doc.fileName
                        + " do not match the declared fileSize and sha256");
            }
        }
        int pages = 0;
        for (Doc doc : job.docs) {
            byte[] content = doc.content != null ? doc.content : storage().object(doc.storageKey);
            doc.pages = countPages(content);
            doc.status = "preflighting";
            pages += doc.pages;
        }
        job.pageCount = pages;
        job.failure = failNext.pollFirst();
        Integer failing = failedPagesNext.pollFirst();
        job.plannedFailedPages = failing == null ? 0 : Math.min(failing, pages);
        job.set("preflighting", now);
        ObjectNode answer = newObject();
        answer.set("job", view(job));
        if (key != null) {
            idempotentCompletes.put(jobId + "\n" + key, answer.deepCopy());
        }
        return json(202, answer);
    }

    private synchronized SimulatorResponse resume(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return jobNotFound(jobId);
        }
        Instant now = clock().now();
        advance(job, now);
        if (!"blocked_insufficient_credits".equals(job.status)) {
            return error(409, "INVALID_JOB_STATE", "Only a job in blocked_insufficient_credits can be resumed; job "
                    + jobId + " is " + job.status);
        }
        if (credits != null && credits <= 0) {
            return error(402, "INSUFFICIENT_CREDITS", "Add credits before resuming job " + jobId);
        }
        // the guide: the job goes through preflighting and then processing after a successful resume
        job.set("preflighting", now);
        ObjectNode body = newObject();
        body.set("job", view(job));
        return json(200, body);
    }

    private synchronized SimulatorResponse cancel(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return jobNotFound(jobId);
        }
        Instant now = clock().now();
        advance(job, now);
        if (TERMINAL.contains(job.status)) {
            return error(409, "JOB_ALREADY_TERMINAL", "Job " + jobId + " is already " + job.status);
        }
        if (job.cancelRequestedAt == null) {
            job.cancelRequestedAt = now;
        }
        advance(job, now); // a zero cancel delay takes effect at once
        // "Cancellation may not be immediate if processing is already underway. Poll the job status to confirm."
        ObjectNode body = newObject();
        body.set("job", view(job));
        return json(202, body);
    }

    private synchronized SimulatorResponse result(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return jobNotFound(jobId);
        }
        Instant now = clock().now();
        advance(job, now);
        if (!"completed".equals(job.status) && !"completed_with_errors".equals(job.status)) {
            // not documented beyond "The job must have a status of completed or completed_with_errors"
            return error(409, "RESULT_NOT_AVAILABLE", "Job " + jobId + " is " + job.status
                    + "; a result exists only for completed or completed_with_errors jobs");
        }
        if (!now.isBefore(job.expiresAt)) {
            return error(410, "GONE", "The result of job " + jobId + " is no longer accessible (expired at "
                    + millis(job.expiresAt) + ")");
        }
        return json(200, resultDocument(job));
    }

    // ---- lifecycle --------------------------------------------------------------------------------------------

    /** Applies every timed transition due by {@code now}, in time order. Caller holds the lock. */
    private void advance(Job job, Instant now) {
        while (!TERMINAL.contains(job.status)) {
            Instant phaseEnd = switch (job.status) {
                case "provisioning" -> job.statusSince.plus(job.timing.provisioning());
                case "preflighting" -> job.statusSince.plus(job.timing.preflight());
                case "processing" -> job.segmentStart.plus(job.timing.perPage().multipliedBy(job.segmentPages));
                default -> null;
            };
            Instant cancelAt = job.cancelRequestedAt == null ? null : job.cancelRequestedAt.plus(job.timing.cancelDelay());
            Instant next = earliest(phaseEnd, cancelAt, job.expiresAt);
            if (next.isAfter(now)) {
                return;
            }
            if (next.equals(phaseEnd)) {
                endPhase(job, phaseEnd);
            } else if (next.equals(cancelAt)) {
                stop(job, "cancelled", cancelAt);
            } else {
                stop(job, "expired", job.expiresAt);
            }
        }
    }

    private void endPhase(Job job, Instant at) {
        switch (job.status) {
            case "provisioning" -> job.set("awaiting_uploads", at);
            case "preflighting" -> {
                if (job.failure != null) {
                    job.docs.forEach(d -> d.status = "failed");
                    job.finish("failed", at);
                } else {
                    startProcessing(job, at);
                }
            }
            case "processing" -> {
                job.successDone += job.segmentSuccesses;
                job.failedDone += job.segmentPages - job.segmentSuccesses;
                job.segmentPages = 0;
                job.segmentSuccesses = 0;
                if (job.successDone + job.failedDone >= job.pageCount) {
                    job.docs.forEach(d -> d.status = "completed");
                    job.finish(job.failedDone > 0 ? "completed_with_errors" : "completed", at);
                    storage().putObject(job.resultKey(), json(200, resultDocument(job)).bodyBytes(), "application/json");
                } else {
                    // the organisation ran out of credits mid-job: "Plangrep automatically pauses processing"
                    job.set("blocked_insufficient_credits", at);
                }
            }
            default -> throw new IllegalStateException(job.status);
        }
    }

    /** Reserves credits for the pages left (credits page: reserved at preflight, debited per page). */
    private void startProcessing(Job job, Instant at) {
        int remainingPages = job.pageCount - job.successDone - job.failedDone;
        int remainingSuccesses = job.pageCount - job.plannedFailedPages - job.successDone;
        int reserved;
        if (credits == null) {
            reserved = remainingSuccesses;
        } else {
            reserved = (int) Math.min(credits, remainingSuccesses);
            if (reserved == 0 && remainingSuccesses > 0) {
                job.set("blocked_insufficient_credits", at);
                return;
            }
            credits -= reserved;
        }
        // the failing pages come last, so a short reservation ends on a successful page and the job blocks there
        job.segmentSuccesses = reserved;
        job.segmentPages = reserved == remainingSuccesses ? remainingPages : reserved;
        job.segmentStart = at;
        job.docs.forEach(d -> d.status = "processing");
        job.set("processing", at);
    }

    /** Cancel or expiry: pages already processed stay debited, the rest of the reservation goes back. */
    private void stop(Job job, String status, Instant at) {
        if ("processing".equals(job.status)) {
            int done = job.pagesDoneInSegment(at);
            int successes = Math.min(done, job.segmentSuccesses);
            job.successDone += successes;
            if (credits != null) {
                credits += job.segmentSuccesses - successes;
            }
            job.segmentPages = 0;
            job.segmentSuccesses = 0;
        }
        job.docs.forEach(d -> d.status = status);
        job.finish(status, at);
    }

    private SimulatorResponse requireUploadWindow(Job job) {
        if ("awaiting_uploads".equals(job.status) || "uploading".equals(job.status)) {
            return null;
        }
        return error(409, "INVALID_JOB_STATE", "Job " + job.id + " is " + job.status
                + "; files are accepted only while it is awaiting_uploads or uploading");
    }

    private static SimulatorResponse checkLimits(Job job, int newFiles, long declaredBytes) {
        if (job.docs.size() + newFiles > MAX_FILES) {
            return error(400, "LIMIT_EXCEEDED", "A job takes at most " + MAX_FILES + " files");
        }
        if (declaredBytes > MAX_DECLARED_BYTES) {
            return error(400, "LIMIT_EXCEEDED", "A job takes at most " + MAX_DECLARED_BYTES + " declared bytes");
        }
        return null;
    }

    // ---- views ------------------------------------------------------------------------------------------------

    /** The Job object with the fields of the Get Job example, in their order. Caller holds the lock. */
    private ObjectNode view(Job job) {
        Instant now = clock().now();
        ObjectNode o = newObject();
        o.put("id", job.id);
        o.put("externalId", job.externalId);
        o.put("status", job.status);
        o.put("projectId", job.projectId);
        o.putObject("limits").put("maxDeclaredBytes", MAX_DECLARED_BYTES).put("maxFiles", MAX_FILES);
        if (job.pageCount == null) {
            // before preflight the page count is not known yet (not documented)
            o.putNull("pageCount");
        } else {
            o.put("pageCount", job.pageCount);
        }
        int successful = job.successfulPages(now);
        o.put("successfulPageCount", successful);
        o.putObject("billing").put("creditsDebited", successful);
        ArrayNode files = o.putArray("files");
        for (Doc d : job.docs) {
            files.addObject().put("id", d.id).put("fileName", d.fileName).put("status", d.status);
        }
        if (("completed".equals(job.status) || "completed_with_errors".equals(job.status))
                && now.isBefore(job.expiresAt)) {
            o.put("resultUrl", storage().presignedUrl("GET", job.resultKey(), URL_EXPIRY));
        } else {
            o.putNull("resultUrl");
        }
        if (job.failure != null && "failed".equals(job.status)) {
            o.putObject("error").put("code", job.failure.code()).put("message", job.failure.message());
        } else {
            o.putNull("error");
        }
        o.put("createdAt", millis(job.createdAt));
        o.put("updatedAt", millis(job.updatedAt));
        if (job.completedAt == null) {
            o.putNull("completedAt");
        } else {
            o.put("completedAt", millis(job.completedAt));
        }
        o.put("expiresAt", millis(job.expiresAt));
        return o;
    }

    /** The v1 result document (Get Job Result and the Results concept page). */
    private ObjectNode resultDocument(Job job) {
        ObjectNode r = newObject();
        r.put("schemaVersion", "v1");
        ObjectNode j = r.putObject("job");
        j.put("id", job.id);
        j.put("status", job.status);
        j.put("externalId", job.externalId);
        j.put("createdAt", millis(job.createdAt));
        j.put("completedAt", millis(job.completedAt));
        j.put("expiresAt", millis(job.expiresAt));
        ObjectNode usage = r.putObject("usage");
        usage.put("pageCount", job.pageCount);
        usage.put("successfulPageCount", job.successDone);
        usage.put("creditsDebited", job.successDone);
        ArrayNode documents = r.putArray("documents");
        ArrayNode errors = mapper().createArrayNode();
        int failedLeft = job.failedDone;
        for (int i = job.docs.size() - 1; i >= 0; i--) {
            Doc d = job.docs.get(i);
            int failed = Math.min(failedLeft, d.pages);
            failedLeft -= failed;
            d.failedPages = failed;
            for (int p = d.pages - failed + 1; p <= d.pages; p++) {
                errors.addObject().put("documentId", d.id).put("pageNumber", p).put("code", "PAGE_UNREADABLE")
                        .put("message", "Page " + p + " of " + d.fileName + " could not be read");
            }
        }
        for (Doc d : job.docs) {
            ObjectNode doc = documents.addObject();
            doc.put("documentId", d.id);
            doc.put("fileName", d.fileName);
            doc.put("classification", d.classification != null ? d.classification : "plans");
            doc.put("contentType", d.contentType);
            doc.put("fileSize", d.size);
            doc.put("status", d.failedPages > 0 ? "completed_with_errors" : "completed");
            doc.put("pageCount", d.pages);
            doc.put("successfulPageCount", d.pages - d.failedPages);
            doc.put("failedPageCount", d.failedPages);
            doc.putNull("error");
            doc.putArray("artifacts");
            ArrayNode sheets = doc.putArray("sheets");
            for (int p = 1; p <= d.pages - d.failedPages; p++) {
                sheets.addObject().put("sheetNumber", "A" + (100 + p)).put("sheetName", "Sheet " + p)
                        .put("pageNumber", p);
            }
        }
        r.putArray("evidence");
        r.putArray("warnings");
        r.set("errors", errors);
        r.put("generatedAt", millis(job.completedAt));
        return r;
    }

    // ---- webhooks ---------------------------------------------------------------------------------------------

    private record Pending(String jobId, int index, String url, String secret, String status, String body) {
    }

    private synchronized List<Pending> pendingWebhooks() {
        Instant now = clock().now();
        List<Pending> pending = new ArrayList<>();
        for (Job job : jobs.values()) {
            if (job.webhookUrl == null) {
                continue;
            }
            advance(job, now);
            for (int i = job.notified; i < job.transitions.size(); i++) {
                Transition t = job.transitions.get(i);
                // The payload is not documented ("Plangrep will POST a signed payload to this URL on every job
                // status change"): this simulator sends the event, the job's id and the transition.
                ObjectNode payload = newObject();
                payload.put("event", "job.status_changed");
                payload.put("occurredAt", millis(t.at()));
                ObjectNode j = payload.putObject("job");
                j.put("id", job.id);
                j.put("externalId", job.externalId);
                j.put("projectId", job.projectId);
                j.put("status", t.status());
                j.put("previousStatus", t.previous());
                pending.add(new Pending(job.id, i, job.webhookUrl, job.secret, t.status(), payload.toString()));
            }
        }
        return pending;
    }

    private void deliver(Pending p) {
        synchronized (this) {
            Job job = jobs.get(p.jobId());
            if (job == null || job.notified != p.index()) {
                return; // an earlier call of this job failed this round, or it was delivered meanwhile
            }
        }
        long t = clock().now().getEpochSecond();
        String signature = "t=" + t + ",v1=" + hmac(p.secret(), t + "." + p.body());
        Map<String, String> headers = Map.of("Content-Type", "application/json", SIGNATURE_HEADER, signature);
        int status;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(p.url())).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(p.body()));
            headers.forEach(request::header);
            status = webhookClient.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException | IllegalArgumentException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        synchronized (this) {
            Job job = jobs.get(p.jobId());
            if (job == null || job.notified != p.index()) {
                return;
            }
            job.attempts++;
            deliveries.add(new WebhookDelivery(p.jobId(), p.status(), p.url(), status, p.body(), headers, job.attempts));
            if (status / 100 == 2 || job.attempts >= WEBHOOK_ATTEMPTS) {
                if (status / 100 != 2) {
                    LOG.debug("plangrep simulator: gave up the webhook call of job {} ({}) after {} attempts",
                            p.jobId(), p.status(), job.attempts);
                }
                job.notified++;
                job.attempts = 0;
            }
        }
    }

    private void deliverQuietly() {
        try {
            deliverWebhooks();
        } catch (RuntimeException e) {
            LOG.warn("plangrep simulator: webhook delivery failed", e);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Job job(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalArgumentException("unknown job " + jobId);
        }
        return job;
    }

    private static SimulatorResponse jobNotFound(String jobId) {
        return error(404, "JOB_NOT_FOUND", "Job " + jobId + " not found");
    }

    /** The error envelope the simulator uses: {"error": {"code": ..., "message": ...}} (codes are its own). */
    private static SimulatorResponse error(int status, String code, String message) {
        ObjectNode body = newObject();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return json(status, body);
    }

    private static Instant earliest(Instant... candidates) {
        Instant min = null;
        for (Instant c : candidates) {
            if (c != null && (min == null || c.isBefore(min))) {
                min = c;
            }
        }
        return min;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static boolean isValidUrl(String url) {
        try {
            URI uri = new URI(url);
            // the docs ask for a publicly reachable HTTPS URL; the simulator also takes http for local receivers
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String millis(Instant instant) {
        return instant == null ? null : MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * A minimal PDF of {@code pages} pages, as the simulator counts them: for tests of routes that upload documents
     * and check the pages billed.
     */
    public static byte[] pdfWithPages(int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("a PDF has at least one page, got " + pages);
        }
        StringBuilder b = new StringBuilder("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
        b.append("2 0 obj << /Type /Pages /Count ").append(pages).append(" >> endobj\n");
        for (int i = 0; i < pages; i++) {
            b.append(3 + i).append(" 0 obj << /Type /Page /Parent 2 0 R >> endobj\n");
        }
        return b.append("%%EOF\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Pages of a PDF (its /Type /Page objects); anything else counts as one page. */
    static int countPages(byte[] content) {
        if (content == null || content.length < 5
                || !new String(content, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-")) {
            return 1;
        }
        Matcher m = PAGE.matcher(new String(content, StandardCharsets.ISO_8859_1));
        int pages = 0;
        while (m.find()) {
            pages++;
        }
        return Math.max(1, pages);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HMAC-SHA256 of {@code payload} with the signing secret, hex (the simulator's scheme). */
    public static String hmac(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String newJobId() {
        return newId("job_");
    }

    /** An id like the docs' ({@code job_01hy3m8qtn2e5r7k9p0w4x1def}): a prefix and 26 lowercase base-32 chars. */
    private String newId(String prefix) {
        String alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
        StringBuilder b = new StringBuilder(prefix);
        for (int i = 0; i < 26; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private String randomToken(String prefix) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // ---- state ------------------------------------------------------------------------------------------------

    private record Transition(String previous, String status, Instant at) {
    }

    private static final class Doc {
        final String id;
        final String fileName;
        final String contentType;
        final String classification;
        final long size;
        final String sha256;
        final String mode;
        byte[] content;
        String uploadToken;
        String storageKey;
        String status = "uploaded";
        int pages;
        int failedPages;

        Doc(String id, String fileName, String contentType, String classification, long size, String sha256,
                String mode) {
            this.id = id;
            this.fileName = fileName;
            this.contentType = contentType;
            this.classification = classification;
            this.size = size;
            this.sha256 = sha256;
            this.mode = mode;
        }
    }

    private static final class Job {
        final String id;
        final String projectId;
        final String externalId;
        final String webhookUrl;
        final String secret;
        final Instant createdAt;
        final Instant expiresAt;
        final Timing timing;
        final List<Doc> docs = new ArrayList<>();
        final List<Transition> transitions = new ArrayList<>();
        String status = "provisioning";
        Instant statusSince;
        Instant updatedAt;
        Instant completedAt;
        Instant cancelRequestedAt;
        Integer pageCount;
        int plannedFailedPages;
        Failure failure;
        int successDone;
        int failedDone;
        Instant segmentStart;
        int segmentPages;
        int segmentSuccesses;
        int notified;
        int attempts;

        Job(String id, String projectId, String externalId, String webhookUrl, String secret, Instant createdAt,
                Instant expiresAt, Timing timing) {
            this.id = id;
            this.projectId = projectId;
            this.externalId = externalId;
            this.webhookUrl = webhookUrl;
            this.secret = secret;
            this.createdAt = createdAt;
            this.expiresAt = expiresAt;
            this.timing = timing;
            this.statusSince = createdAt;
            this.updatedAt = createdAt;
        }

        void set(String newStatus, Instant at) {
            if (!newStatus.equals(status)) {
                transitions.add(new Transition(status, newStatus, at));
            }
            status = newStatus;
            statusSince = at;
            updatedAt = at;
        }

        void finish(String newStatus, Instant at) {
            completedAt = at;
            set(newStatus, at);
        }

        void startUploading(Instant at) {
            if ("awaiting_uploads".equals(status)) {
                set("uploading", at);
            } else {
                updatedAt = at;
            }
        }

        long declaredBytes() {
            return docs.stream().mapToLong(d -> d.size).sum();
        }

        int pagesDoneInSegment(Instant at) {
            if (segmentStart == null || timing.perPage().isZero()) {
                return segmentPages;
            }
            long done = Duration.between(segmentStart, at).toMillis() / Math.max(1, timing.perPage().toMillis());
            return (int) Math.min(segmentPages, Math.max(0, done));
        }

        int successfulPages(Instant now) {
            if ("processing".equals(status)) {
                return successDone + Math.min(pagesDoneInSegment(now), segmentSuccesses);
            }
            return successDone;
        }

        String resultKey() {
            return "plangrep-results/" + id + ".json";
        }
    }

    /** Builder for {@link PlangrepSimulator}. */
    public static final class Builder extends VendorSimulator.Builder<Builder> {
        private Duration provisioning = Duration.ofSeconds(5);
        private Duration preflight = Duration.ofSeconds(10);
        private Duration perPage = Duration.ofSeconds(2);
        private Duration cancelDelay = Duration.ofSeconds(10);
        private Duration jobTtl = Duration.ofDays(7);
        private Long credits;
        private boolean autoDeliverWebhooks = true;
        private final Set<String> projects = new java.util.LinkedHashSet<>();

        private Builder() {
            super(DEFAULT_API_KEY);
        }

        /** How long a new job stays provisioning (default 5 s simulated). */
        public Builder provisioning(Duration d) {
            this.provisioning = nonNegative(d);
            return this;
        }

        /** How long preflighting lasts (default 10 s simulated). */
        public Builder preflight(Duration d) {
            this.preflight = nonNegative(d);
            return this;
        }

        /** How long one page takes to process (default 2 s simulated). */
        public Builder perPage(Duration d) {
            this.perPage = nonNegative(d);
            return this;
        }

        /** How long a cancel takes to take effect (default 10 s simulated). */
        public Builder cancelDelay(Duration d) {
            this.cancelDelay = nonNegative(d);
            return this;
        }

        /** How long after creation a job expires (default 7 days, as in the docs' example). */
        public Builder jobTtl(Duration d) {
            this.jobTtl = nonNegative(d);
            return this;
        }

        /** The organisation's initial credits (default unlimited). */
        public Builder credits(long credits) {
            if (credits < 0) {
                throw new IllegalArgumentException("credits must be >= 0");
            }
            this.credits = credits;
            return this;
        }

        /** Another project that is ready to take jobs (the default project always is). */
        public Builder project(String projectId) {
            projects.add(Objects.requireNonNull(projectId, "projectId"));
            return this;
        }

        /** Whether a background thread sends due webhook calls every 50 ms (default true). */
        public Builder autoDeliverWebhooks(boolean auto) {
            this.autoDeliverWebhooks = auto;
            return this;
        }

        @Override
        public PlangrepSimulator start() {
            return new PlangrepSimulator(this);
        }

        private static Duration nonNegative(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("duration must not be negative");
            }
            return d;
        }
    }

    @Override
    public String toString() {
        return "plangrep simulator at " + apiBaseUrl();
    }
}
