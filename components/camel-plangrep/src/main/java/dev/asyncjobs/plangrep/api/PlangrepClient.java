package dev.asyncjobs.plangrep.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.spi.TransientApiException;
import dev.asyncjobs.engine.client.ApiHttpClient;
import dev.asyncjobs.engine.client.ApiPath;
import dev.asyncjobs.engine.client.ApiRequest;
import dev.asyncjobs.engine.client.ApiResponse;
import dev.asyncjobs.engine.client.ErrorDecoder;
import dev.asyncjobs.engine.client.JsonBodies;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.core5.http.ContentType;

/**
 * A typed client of the Plangrep Open API ({@code https://plangrep.com/api/open/v1}), free of Camel types. Every
 * request carries {@code Authorization: Bearer <key>}, except the PUTs to signed storage URLs, which must not.
 * <ul>
 * <li>{@code POST /projects/{projectId}/jobs} with {@code {externalId, webhookUrl}} and an Idempotency-Key</li>
 * <li>{@code GET /jobs/{jobId}}</li>
 * <li>{@code POST /jobs/{jobId}/files}: a multipart form, a {@code metadata} part and parts {@code file0, file1, ...}</li>
 * <li>{@code POST /jobs/{jobId}/uploads} (register: fileName, contentType, fileSize, sha256), then a PUT of the bytes
 * to each signed {@code uploadUrl}, then {@code POST /jobs/{jobId}/uploads/complete} with the {@code directUploads}</li>
 * <li>{@code POST /jobs/{jobId}/resume}, {@code POST /jobs/{jobId}/cancel}, {@code GET /jobs/{jobId}/result}</li>
 * </ul>
 */
public final class PlangrepClient {

    /** The vendor's name in messages. */
    public static final String VENDOR = "Plangrep";
    /** The documented host; the API lives under {@link #API_PREFIX}. */
    public static final String DEFAULT_BASE_URL = "https://plangrep.com";
    /** The path prefix of the Open API on its host. */
    public static final String API_PREFIX = "/api/open/v1";
    /** Files per job (limits.maxFiles). */
    public static final int MAX_FILES = 100;
    /** Declared bytes per job (limits.maxDeclaredBytes: 10 GB). */
    public static final long MAX_DECLARED_BYTES = 10_000_000_000L;
    /** Longest externalId the API takes. */
    public static final int MAX_EXTERNAL_ID = 180;
    /** Longest Idempotency-Key the API takes. */
    public static final int MAX_IDEMPOTENCY_KEY = 256;
    /** The documented classification hints of an upload. */
    public static final Set<String> CLASSIFICATIONS = Set.of("plans", "specifications", "documents", "addenda", "mixed",
            "other");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]+");

    private static final ApiPath PROJECT_JOBS = ApiPath.of("/projects/{projectId}/jobs");
    private static final ApiPath JOB = ApiPath.of("/jobs/{jobId}");
    private static final ApiPath FILES = ApiPath.of("/jobs/{jobId}/files");
    private static final ApiPath UPLOADS = ApiPath.of("/jobs/{jobId}/uploads");
    private static final ApiPath UPLOADS_COMPLETE = ApiPath.of("/jobs/{jobId}/uploads/complete");
    private static final ApiPath RESUME = ApiPath.of("/jobs/{jobId}/resume");
    private static final ApiPath CANCEL = ApiPath.of("/jobs/{jobId}/cancel");
    private static final ApiPath RESULT = ApiPath.of("/jobs/{jobId}/result");

    private final ApiHttpClient http;

    public PlangrepClient(ApiHttpClient http) {
        this.http = http;
    }

    /** The HTTP client (its mapper and clock). */
    public ApiHttpClient http() {
        return http;
    }

    /** How this API's error answers read: Plangrep answers errors as {"error": {"code", "message"}}. */
    public static ErrorDecoder errorDecoder() {
        return ErrorDecoder.errorObject();
    }

    /**
     * The Open API's URL on a host: {@code https://plangrep.com} becomes {@code https://plangrep.com/api/open/v1}; a URL
     * that already ends in the prefix is kept as it is.
     */
    public static String apiBaseUrl(String baseUrl) {
        if (baseUrl == null) {
            return null;
        }
        String url = baseUrl;
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url.endsWith(API_PREFIX) ? url : url + API_PREFIX;
    }

    /** The documented form of the Authorization header. */
    public static String authorization(String apiKey) {
        return "Bearer " + apiKey;
    }

    /**
     * Creates a job. The body (null, a Map, JSON text or a Jackson object) is sent as given, with {@code externalId}
     * and {@code webhookUrl} set when they are not null.
     *
     * @param idempotencyKey sent as the Idempotency-Key header: a retry with the same key returns the same job
     */
    public CreatedJob createJob(String projectId, Object body, String externalId, String webhookUrl,
                                String idempotencyKey) {
        requireId("projectId", projectId);
        ObjectNode json = toJsonObject(body);
        if (externalId != null) {
            json.put("externalId", externalId);
        }
        if (webhookUrl != null) {
            json.put("webhookUrl", webhookUrl);
        }
        JsonNode ext = json.get("externalId");
        if (ext != null && !ext.isNull()) {
            if (!ext.isTextual()) {
                throw invalid("externalId", "Plangrep externalId must be a string");
            }
            if (ext.asText().length() > MAX_EXTERNAL_ID) {
                throw invalid("externalId", "Plangrep externalId is at most " + MAX_EXTERNAL_ID + " characters; was "
                        + ext.asText().length());
            }
        }
        JsonNode hook = json.get("webhookUrl");
        if (hook != null && !hook.isNull()) {
            checkWebhookUrl(hook.asText());
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw invalid("Idempotency-Key", "Plangrep Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY
                    + " characters; was " + idempotencyKey.length());
        }
        ApiRequest request = ApiRequest.post(PROJECT_JOBS.expand(VENDOR, projectId)).header("Idempotency-Key", idempotencyKey)
                .body(json);
        JsonNode answer = http.call(request, JsonNode.class);
        return new CreatedJob(job(request, answer), answer.path("idempotent").asBoolean(false),
                text(answer.get("webhookSigningSecret")));
    }

    /** The job's current state. */
    public PlangrepJob getJob(String jobId) {
        requireId("jobId", jobId);
        ApiRequest request = ApiRequest.get(JOB.expand(VENDOR, jobId));
        return job(request, http.call(request, JsonNode.class));
    }

    /**
     * Uploads files in one multipart form: a {@code metadata} part describing them and one part per file, streamed
     * from disk (or the stream) as the request is written. Processing starts only once uploads are completed.
     */
    public PlangrepJob uploadFiles(String jobId, List<UploadFile> files, String clientUploadFlowId) {
        requireId("jobId", jobId);
        checkFiles(files);
        ObjectNode metadata = http.mapper().createObjectNode();
        if (clientUploadFlowId != null) {
            metadata.put("clientUploadFlowId", clientUploadFlowId);
        }
        ArrayNode described = metadata.putArray("files");
        MultipartEntityBuilder form = MultipartEntityBuilder.create();
        for (int i = 0; i < files.size(); i++) {
            UploadFile file = files.get(i);
            ObjectNode meta = described.addObject();
            meta.put("partName", "file" + i);
            meta.put("fileName", file.fileName());
            meta.put("contentType", file.contentType());
            if (file.classification() != null) {
                meta.put("classification", file.classification());
            }
            if (!file.isStream()) {
                // optional; the server verifies the digest (computed here by streaming the file)
                meta.put("sha256", file.sha256());
            }
        }
        form.addTextBody("metadata", metadata.toString(), ContentType.APPLICATION_JSON);
        for (int i = 0; i < files.size(); i++) {
            form.addPart("file" + i, files.get(i).toContentBody());
        }
        ApiRequest request = ApiRequest.post(FILES.expand(VENDOR, jobId)).body(form.build());
        return job(request, http.call(request, JsonNode.class));
    }

    /**
     * Registers files for signed uploads (declaring each file's size and SHA-256) and returns one instruction per
     * file, in the order given. Streams must be {@link UploadFile#spooled() spooled} first.
     */
    public Registration registerUploads(String jobId, List<UploadFile> files) {
        requireId("jobId", jobId);
        checkFiles(files);
        ObjectNode body = http.mapper().createObjectNode();
        ArrayNode list = body.putArray("files");
        for (UploadFile file : files) {
            if (file.isStream()) {
                throw new IllegalArgumentException("spool the stream " + file.fileName() + " before registering it");
            }
            ObjectNode f = list.addObject();
            f.put("fileName", file.fileName());
            f.put("contentType", file.contentType());
            f.put("fileSize", file.size());
            f.put("sha256", file.sha256());
            if (file.classification() != null) {
                f.put("classification", file.classification());
            }
        }
        ApiRequest request = ApiRequest.post(UPLOADS.expand(VENDOR, jobId)).body(body);
        JsonNode answer = http.call(request, JsonNode.class);
        List<UploadInstruction> uploads = new ArrayList<>();
        for (JsonNode u : answer.path("uploads")) {
            uploads.add(new UploadInstruction(text(u.get("documentId")), text(u.get("uploadMode")),
                    text(u.get("uploadUrl")), headers(u), text(u.get("uploadToken")), text(u.get("expiresAt"))));
        }
        if (uploads.size() != files.size()) {
            throw malformed(request, "answered " + uploads.size() + " upload instructions for " + files.size() + " files");
        }
        return new Registration(job(request, answer), Collections.unmodifiableList(uploads));
    }

    /**
     * PUTs a file's bytes to its signed URL, streamed, with the headers the instruction asks for and without the API
     * key (the URL is a different host, which must never see it).
     */
    public void put(UploadInstruction instruction, UploadFile file) {
        if (!"direct_put".equals(instruction.uploadMode())) {
            throw new AsyncJobApiException(VENDOR, 0, "UNSUPPORTED_UPLOAD_MODE", null, "Plangrep chose the '"
                    + instruction.uploadMode() + "' upload mode for " + file.fileName() + " (signed multipart, for files"
                    + " over 5 GB); this component PUTs direct_put uploads only: upload such a file with uploadFiles");
        }
        if (instruction.uploadUrl() == null) {
            throw new AsyncJobApiException(VENDOR, 0, "MALFORMED_RESPONSE", null,
                    "Plangrep gave no uploadUrl for " + file.fileName());
        }
        ApiRequest put = ApiRequest.put(instruction.uploadUrl()).body(file.toEntity());
        instruction.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Host")) {
                put.header(name, value);
            }
        });
        ApiResponse response = http.execute(put);
        if (response.status() / 100 != 2) {
            throw new AsyncJobApiException(VENDOR, response.status(), null, null,
                    "Plangrep upload of " + file.fileName() + " to its signed URL answered " + response.status());
        }
    }

    /**
     * Closes the upload window and starts processing. {@code directUploads} lists the registered uploads that were
     * PUT (empty for files sent with {@link #uploadFiles}); the Idempotency-Key makes a retried complete harmless.
     */
    public PlangrepJob completeUploads(String jobId, List<UploadInstruction> directUploads, String idempotencyKey) {
        requireId("jobId", jobId);
        ObjectNode body = http.mapper().createObjectNode();
        if (directUploads != null && !directUploads.isEmpty()) {
            ArrayNode list = body.putArray("directUploads");
            for (UploadInstruction u : directUploads) {
                list.addObject().put("documentId", u.documentId()).put("uploadToken", u.uploadToken());
            }
        }
        ApiRequest request = ApiRequest.post(UPLOADS_COMPLETE.expand(VENDOR, jobId))
                .header("Idempotency-Key", idempotencyKey).body(body);
        return job(request, http.call(request, JsonNode.class));
    }

    /**
     * The presigned flow in one call: registers the files (streams are spooled to temporary files and hashed on the
     * way), PUTs each to its signed URL, and completes the uploads when {@code complete} is true.
     */
    public PresignedUpload uploadPresigned(String jobId, List<UploadFile> files, boolean complete,
                                           String completeIdempotencyKey) {
        requireId("jobId", jobId);
        checkFiles(files);
        List<UploadFile> ready = new ArrayList<>(files.size());
        try {
            for (UploadFile file : files) {
                ready.add(file.spooled());
            }
            Registration registration = registerUploads(jobId, ready);
            for (int i = 0; i < ready.size(); i++) {
                put(registration.uploads().get(i), ready.get(i));
            }
            PlangrepJob job = complete
                    ? completeUploads(jobId, registration.uploads(), completeIdempotencyKey) : registration.job();
            return new PresignedUpload(job, registration.uploads(), complete);
        } finally {
            ready.forEach(UploadFile::discard);
        }
    }

    /** Resumes a job blocked for credits (after credits were added). */
    public PlangrepJob resume(String jobId) {
        requireId("jobId", jobId);
        ApiRequest request = ApiRequest.post(RESUME.expand(VENDOR, jobId));
        return job(request, http.call(request, JsonNode.class));
    }

    /** Asks to cancel a job; it takes effect later ("poll the job status to confirm"). */
    public PlangrepJob cancel(String jobId) {
        requireId("jobId", jobId);
        ApiRequest request = ApiRequest.post(CANCEL.expand(VENDOR, jobId));
        JsonNode answer = http.call(request, JsonNode.class);
        // the page does not show the answer's body: read the job when there is one, else ask for it
        return answer != null && answer.hasNonNull("job") ? job(request, answer) : getJob(jobId);
    }

    /** The v1 result JSON of a completed (or completed_with_errors) job, as text. */
    public String getResult(String jobId) {
        requireId("jobId", jobId);
        ApiResponse response = http.download(RESULT.expand(VENDOR, jobId));
        if (response.status() / 100 != 2) {
            throw new AsyncJobApiException(VENDOR, response.status(), null, null,
                    "Plangrep result of job " + jobId + " could not be downloaded: HTTP " + response.status());
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /**
     * Checks a webhook URL before it is sent: an absolute HTTPS URL, as the API requires. Plain http is accepted only
     * for a loopback host (localhost, 127.0.0.1, [::1]), where a local test server or simulator listens.
     */
    public static void checkWebhookUrl(String url) {
        checkWebhookUrl(url, "webhookUrl");
    }

    /** As {@link #checkWebhookUrl(String)}, naming {@code field} (an option or a header) in the message. */
    public static void checkWebhookUrl(String url, String field) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw invalid(field, "Plangrep " + field + " '" + url + "' is not a URL; give the publicly reachable"
                    + " HTTPS URL Plangrep should POST status changes to");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw invalid(field, "Plangrep " + field + " '" + url + "' is not an absolute https URL; give the"
                    + " publicly reachable HTTPS URL Plangrep should POST status changes to");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw invalid(field, "Plangrep " + field + " '" + url + "' uses plain http; Plangrep requires an https"
                    + " URL (http is accepted only for localhost, for local tests)");
        }
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
    }

    /** The answer of register: the job and one instruction per file. */
    public record Registration(PlangrepJob job, List<UploadInstruction> uploads) {
    }

    /** The outcome of {@link #uploadPresigned}: the job, the instructions used, and whether uploads were completed. */
    public record PresignedUpload(PlangrepJob job, List<UploadInstruction> uploads, boolean completed) {
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static void checkFiles(List<UploadFile> files) {
        if (files == null || files.isEmpty()) {
            throw invalid("body", "Plangrep upload not sent: no file to upload");
        }
        if (files.size() > MAX_FILES) {
            throw invalid("body", "Plangrep takes at most " + MAX_FILES + " files per job; got " + files.size());
        }
        long total = 0;
        for (UploadFile f : files) {
            if (f.path() != null && !java.nio.file.Files.isReadable(f.path())) {
                throw invalid("body", "Plangrep upload not sent: cannot read the file " + f.path());
            }
            if (f.classification() != null && !CLASSIFICATIONS.contains(f.classification())) {
                throw invalid("classification", "Plangrep classification '" + f.classification() + "' is not one of "
                        + CLASSIFICATIONS);
            }
            total += Math.max(0, f.size());
        }
        if (total > MAX_DECLARED_BYTES) {
            throw invalid("body", "Plangrep takes at most " + MAX_DECLARED_BYTES + " bytes per job; these files are "
                    + total + " bytes");
        }
    }

    private PlangrepJob job(ApiRequest request, JsonNode answer) {
        JsonNode job = answer == null ? null : answer.get("job");
        if (job == null || !job.isObject()) {
            throw malformed(request, "has no 'job' object");
        }
        try {
            return http.mapper().treeToValue(job, PlangrepJob.class);
        } catch (IOException | IllegalArgumentException e) {
            throw malformed(request, "has a 'job' that is not the documented Job: " + e.getMessage());
        }
    }

    private TransientApiException malformed(ApiRequest request, String what) {
        return new TransientApiException(VENDOR, 200, "MALFORMED_RESPONSE", null,
                "Plangrep " + request + " answer " + what, null);
    }

    /** The signed upload's header map; the page does not show its field name, so the likely ones are read. */
    private static Map<String, String> headers(JsonNode upload) {
        for (String field : List.of("uploadHeaders", "headers", "requiredHeaders")) {
            JsonNode h = upload.get(field);
            if (h != null && h.isObject()) {
                Map<String, String> map = new LinkedHashMap<>();
                h.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
                return map;
            }
        }
        return Map.of();
    }

    private ObjectNode toJsonObject(Object body) {
        JsonNode json = JsonBodies.toTree(http.mapper(), VENDOR, "Plangrep create not sent", body);
        if (json == null) {
            return http.mapper().createObjectNode();
        }
        if (!(json instanceof ObjectNode object)) {
            throw invalid("body", "Plangrep create not sent: the body must be a JSON object (or empty)");
        }
        return object.deepCopy();
    }

    private static void requireId(String field, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(field, "Plangrep request not sent: no " + field);
        }
        if (!ID.matcher(value).matches()) {
            throw invalid(field, "Plangrep " + field + " '" + value + "' has characters an id cannot have");
        }
    }

    private static InvalidRequestException invalid(String field, String message) {
        return InvalidRequestException.beforeSending(VENDOR, field, message);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
