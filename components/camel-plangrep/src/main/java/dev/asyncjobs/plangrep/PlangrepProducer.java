package dev.asyncjobs.plangrep;

import java.util.Map;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.camel.AsyncJobProducer;
import dev.asyncjobs.plangrep.api.CreatedJob;
import dev.asyncjobs.plangrep.api.PlangrepApi;
import dev.asyncjobs.plangrep.api.PlangrepClient;
import dev.asyncjobs.plangrep.api.PlangrepJob;
import dev.asyncjobs.plangrep.api.UploadFile;
import dev.asyncjobs.plangrep.api.UploadInstruction;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.WrappedFile;
import org.apache.camel.spi.InvokeOnHeader;

/**
 * Plangrep's own operations: create a job, upload files (multipart or presigned), complete uploads, resume. getJob,
 * getResult, cancel and track come from the engine.
 */
public class PlangrepProducer extends AsyncJobProducer {

    private final PlangrepEndpoint endpoint;

    public PlangrepProducer(PlangrepEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    /**
     * Creates a job; the body (empty, a Map or JSON) is sent as given, with externalId and webhookUrl from the headers
     * and options. The create always carries an Idempotency-Key, so a retried create never makes a second job.
     */
    @InvokeOnHeader("createJob")
    public void createJob(Exchange exchange, AsyncCallback callback) {
        Message message = exchange.getMessage();
        PlangrepConfiguration config = endpoint.getConfiguration();
        String projectId = message.getHeader(PlangrepConstants.PROJECT_ID, config.getProjectId(), String.class);
        if (projectId == null || projectId.isBlank()) {
            throw InvalidRequestException.beforeSending(PlangrepClient.VENDOR, "projectId",
                    "No project for createJob: set the projectId option or the " + PlangrepConstants.PROJECT_ID + " header");
        }
        String projectSource = message.getHeader(PlangrepConstants.PROJECT_ID) != null ? PlangrepConstants.PROJECT_ID : "projectId";
        dev.asyncjobs.engine.client.ApiPath.checkSegment(PlangrepClient.VENDOR, projectSource, projectId);
        String externalId = message.getHeader(PlangrepConstants.EXTERNAL_ID, String.class);
        String webhookUrl = message.getHeader(PlangrepConstants.WEBHOOK_URL, config.getWebhookUrl(), String.class);
        if (message.getHeader(PlangrepConstants.WEBHOOK_URL) != null) {
            PlangrepClient.checkWebhookUrl(webhookUrl, PlangrepConstants.WEBHOOK_URL);
        }
        String key = idempotencyKey(exchange, projectId, externalId, webhookUrl);
        Map<String, String> intent = new java.util.HashMap<>();
        intent.put(PlangrepApi.PROJECT_ID, projectId);
        intent.put(PlangrepApi.IDEMPOTENCY_KEY, key);
        if (externalId != null) {
            intent.put(PlangrepApi.EXTERNAL_ID, externalId);
        }
        if (webhookUrl != null) {
            intent.put(PlangrepApi.WEBHOOK_URL, webhookUrl);
        }
        Object body = message.getBody();
        CreatedJob created = recordedSubmit(exchange, "createJob", intent, requestJson(body),
                () -> endpoint.getClient().createJob(projectId, body, externalId, webhookUrl, key));
        PlangrepJob job = created.job();
        message.removeHeader(PlangrepConstants.WEBHOOK_SIGNING_SECRET);
        message.setHeader(PlangrepConstants.IDEMPOTENT_REPLAY, created.idempotent());
        if (created.webhookSigningSecret() != null) {
            // a wrapper that prints masked: tracers, the log EIP and message dumps print headers with toString()
            message.setHeader(PlangrepConstants.WEBHOOK_SIGNING_SECRET,
                    dev.asyncjobs.plangrep.api.WebhookSigningSecret.of(created.webhookSigningSecret()));
        }
        submitted(exchange, callback, JobRef.of(job.id()), PlangrepApi.snapshot(job));
    }

    /** The request as JSON text, recorded with the submit's intent (null when there is none or it cannot be written). */
    private String requestJson(Object body) {
        return dev.asyncjobs.engine.client.JsonBodies.toTextOrNull(endpoint.getClient().http().mapper(), body);
    }

    /** Uploads the body's file(s) in one multipart form, then completes the uploads unless told not to. */
    @InvokeOnHeader("uploadFiles")
    public void uploadFiles(Exchange exchange) {
        JobRef ref = endpoint.jobRef(exchange);
        boolean complete = completeUploads(exchange.getMessage());
        List<UploadFile> files = files(exchange);
        PlangrepJob job = endpoint.getClient().uploadFiles(ref.jobId(), files, null);
        if (complete) {
            job = endpoint.getClient().completeUploads(ref.jobId(), List.of(), completeKey(ref));
        }
        setJob(exchange.getMessage(), ref, PlangrepApi.snapshot(job));
    }

    /**
     * Registers the body's file(s) with their sizes and SHA-256 (computed by streaming), PUTs each to its signed URL
     * without the API key, then completes the uploads unless told not to.
     */
    @InvokeOnHeader("uploadPresigned")
    public void uploadPresigned(Exchange exchange) {
        JobRef ref = endpoint.jobRef(exchange);
        Message message = exchange.getMessage();
        List<UploadInstruction> earlier = directUploads(message);
        boolean complete = completeUploads(message);
        PlangrepClient client = endpoint.getClient();
        PlangrepClient.PresignedUpload upload = client.uploadPresigned(ref.jobId(), files(exchange), false, null);
        List<UploadInstruction> all = new ArrayList<>(earlier);
        all.addAll(upload.uploads());
        PlangrepJob job = upload.job();
        if (complete) {
            job = client.completeUploads(ref.jobId(), all, completeKey(ref));
            message.removeHeader(PlangrepConstants.DIRECT_UPLOADS);
        } else {
            message.setHeader(PlangrepConstants.DIRECT_UPLOADS, all);
        }
        setJob(message, ref, PlangrepApi.snapshot(job));
    }

    /** Closes the upload window (with the registered uploads of the {@code CamelPlangrepDirectUploads} header). */
    @InvokeOnHeader("completeUploads")
    public void completeUploads(Exchange exchange) {
        JobRef ref = endpoint.jobRef(exchange);
        Message message = exchange.getMessage();
        PlangrepJob job = endpoint.getClient().completeUploads(ref.jobId(), directUploads(message), completeKey(ref));
        message.removeHeader(PlangrepConstants.DIRECT_UPLOADS);
        setJob(message, ref, PlangrepApi.snapshot(job));
    }

    /** Resumes a job blocked for credits. */
    @InvokeOnHeader("resume")
    public void resume(Exchange exchange) {
        JobRef ref = endpoint.jobRef(exchange);
        setJob(exchange.getMessage(), ref, PlangrepApi.snapshot(endpoint.getClient().resume(ref.jobId())));
    }

    /**
     * The user's Idempotency-Key header; else one derived from the project and externalId (the same for every retry,
     * from any exchange, even after a restart); else a new one remembered on the exchange (a property: redeliveries
     * restore the message, not the exchange), so a redelivery of this exchange with the same request reuses it.
     */
    static String idempotencyKey(Exchange exchange, String projectId, String externalId, String webhookUrl) {
        Message message = exchange.getMessage();
        String key = message.getHeader(PlangrepConstants.IDEMPOTENCY_KEY, String.class);
        if (key != null && !key.isBlank()) {
            return key;
        }
        if (externalId != null && !externalId.isBlank()) {
            return "camel-" + sha256(projectId + "\n" + externalId);
        }
        // the same exchange (not a split copy of it) sending the same create again is a retry
        String fingerprint = exchange.getExchangeId() + "\n" + sha256(projectId + "\n" + webhookUrl + "\n"
                + String.valueOf(message.getBody()));
        if (exchange.getProperty(IDEMPOTENCY_KEY_PROPERTY) instanceof RememberedKey remembered
                && remembered.fingerprint().equals(fingerprint)) {
            return remembered.key();
        }
        key = "camel-" + UUID.randomUUID();
        exchange.setProperty(IDEMPOTENCY_KEY_PROPERTY, new RememberedKey(fingerprint, key));
        return key;
    }

    /** The exchange property remembering a generated Idempotency-Key for redeliveries. */
    public static final String IDEMPOTENCY_KEY_PROPERTY = "CamelPlangrepIdempotencyKey";

    /** A generated key and the request it was generated for. */
    record RememberedKey(String fingerprint, String key) {
        @Override
        public String toString() {
            return key;
        }
    }

    /** One key per job: completing twice (a retry after a timeout) answers the first completion. */
    private static String completeKey(JobRef ref) {
        return "camel-complete-" + ref.jobId();
    }

    private boolean completeUploads(Message message) {
        return header(message, PlangrepConstants.COMPLETE_UPLOADS, endpoint.getConfiguration().isCompleteUploads(),
                Boolean.class, "true or false");
    }

    @SuppressWarnings("unchecked")
    private static List<UploadInstruction> directUploads(Message message) {
        Object value = message.getHeader(PlangrepConstants.DIRECT_UPLOADS);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list && list.stream().allMatch(UploadInstruction.class::isInstance)) {
            return (List<UploadInstruction>) list;
        }
        throw InvalidRequestException.beforeSending(PlangrepClient.VENDOR, PlangrepConstants.DIRECT_UPLOADS,
                "The " + PlangrepConstants.DIRECT_UPLOADS + " header must be the List of UploadInstruction that"
                        + " uploadPresigned set");
    }

    /** The body as files: a File, Path, file-component message, byte[], InputStream, or a list of them. */
    private List<UploadFile> files(Exchange exchange) {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        List<UploadFile> files = new ArrayList<>();
        if (body instanceof Collection<?> many) {
            for (Object item : many) {
                files.add(file(message, item));
            }
        } else if (body instanceof Object[] many) {
            for (Object item : many) {
                files.add(file(message, item));
            }
        } else {
            files.add(file(message, body));
        }
        return files;
    }

    private UploadFile file(Message message, Object item) {
        String contentType = message.getHeader(PlangrepConstants.FILE_CONTENT_TYPE, String.class);
        String classification = message.getHeader(PlangrepConstants.CLASSIFICATION,
                endpoint.getConfiguration().getClassification(), String.class);
        Object value = item instanceof WrappedFile<?> wrapped ? wrapped.getFile() : item;
        UploadFile file;
        if (value instanceof File f) {
            file = UploadFile.of(f.toPath(), contentType);
        } else if (value instanceof Path p) {
            file = UploadFile.of(p, contentType);
        } else if (value instanceof byte[] bytes) {
            file = UploadFile.of(fileName(message), bytes, contentType);
        } else if (value instanceof InputStream stream) {
            file = UploadFile.of(fileName(message), stream, contentType);
        } else {
            throw InvalidRequestException.beforeSending(PlangrepClient.VENDOR, "body",
                    "Plangrep upload not sent: the body is " + (value == null ? "empty" : "a " + value.getClass().getName())
                            + "; send a java.io.File or java.nio.file.Path (e.g. from the file component), a byte[] or an"
                            + " InputStream (with the " + PlangrepConstants.FILE_NAME + " header), or a List of them");
        }
        return classification != null ? file.withClassification(classification) : file;
    }

    private static String fileName(Message message) {
        String name = message.getHeader(PlangrepConstants.FILE_NAME, String.class);
        if (name == null || name.isBlank()) {
            name = message.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        }
        if (name == null || name.isBlank()) {
            name = message.getHeader(Exchange.FILE_NAME, String.class);
        }
        if (name == null || name.isBlank()) {
            throw InvalidRequestException.beforeSending(PlangrepClient.VENDOR, PlangrepConstants.FILE_NAME,
                    "Plangrep upload not sent: a byte[] or stream body needs a file name; set the "
                            + PlangrepConstants.FILE_NAME + " (or " + Exchange.FILE_NAME + ") header");
        }
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return slash >= 0 ? name.substring(slash + 1) : name;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
