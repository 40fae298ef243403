package dev.asyncjobs.plangrep;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import org.apache.camel.spi.Metadata;

/** The headers of the {@code plangrep:} component: the common async job headers and Plangrep's own. */
public final class PlangrepConstants extends AsyncJobConstants {

    @Metadata(description = "The project of the job: createJob reads it (overrides the projectId option); every exchange"
                            + " about a job carries it.", javaType = "String")
    public static final String PROJECT_ID = "CamelPlangrepProjectId";
    @Metadata(description = "Your own correlation id (at most 180 characters): createJob sends it as externalId; every"
                            + " exchange about a job carries it.", javaType = "String")
    public static final String EXTERNAL_ID = "CamelPlangrepExternalId";
    @Metadata(label = "producer", description = "createJob: the webhookUrl to send (overrides the webhookUrl option).",
              javaType = "String")
    public static final String WEBHOOK_URL = "CamelPlangrepWebhookUrl";
    @Metadata(label = "producer",
              description = "createJob: the Idempotency-Key. When absent the component derives one from projectId and"
                            + " externalId, or generates one and remembers it on the exchange, so a redelivery reuses it.",
              javaType = "String")
    public static final String IDEMPOTENCY_KEY = "CamelPlangrepIdempotencyKey";
    @Metadata(label = "producer",
              description = "createJob: the secret to verify webhook payloads with, as a WebhookSigningSecret that prints"
                            + " masked (its value() is the secret). Plangrep shows it only in the first answer of a"
                            + " create; it is never logged. Store it in a vault.",
              javaType = "dev.asyncjobs.plangrep.api.WebhookSigningSecret", secret = true)
    public static final String WEBHOOK_SIGNING_SECRET = "CamelPlangrepWebhookSigningSecret";
    @Metadata(label = "producer",
              description = "createJob: true when Plangrep answered with a job created earlier with the same Idempotency-Key.",
              javaType = "Boolean")
    public static final String IDEMPOTENT_REPLAY = "CamelPlangrepIdempotentReplay";
    @Metadata(label = "producer",
              description = "Uploads: the file name of a byte[] or stream body (else CamelFileName is used).",
              javaType = "String")
    public static final String FILE_NAME = "CamelPlangrepFileName";
    @Metadata(label = "producer",
              description = "Uploads: the MIME type of the file(s); guessed from the file name when absent.",
              javaType = "String")
    public static final String FILE_CONTENT_TYPE = "CamelPlangrepFileContentType";
    @Metadata(label = "producer",
              description = "Uploads: the classification hint (overrides the classification option).",
              javaType = "String", enums = "plans,specifications,documents,addenda,mixed,other")
    public static final String CLASSIFICATION = "CamelPlangrepClassification";
    @Metadata(label = "producer",
              description = "Uploads: whether to complete the uploads after this one (overrides the completeUploads option).",
              javaType = "Boolean")
    public static final String COMPLETE_UPLOADS = "CamelPlangrepCompleteUploads";
    @Metadata(label = "producer",
              description = "uploadPresigned: the registered uploads PUT so far (a List of"
                            + " dev.asyncjobs.plangrep.api.UploadInstruction), which completeUploads hands back.",
              javaType = "java.util.List")
    public static final String DIRECT_UPLOADS = "CamelPlangrepDirectUploads";
    @Metadata(description = "The job's page count, once preflight counted the pages.", javaType = "Integer")
    public static final String PAGE_COUNT = "CamelPlangrepPageCount";
    @Metadata(description = "The pages processed successfully so far (page progress: this over CamelPlangrepPageCount).",
              javaType = "Integer")
    public static final String SUCCESSFUL_PAGE_COUNT = "CamelPlangrepSuccessfulPageCount";
    @Metadata(description = "The credits debited so far.", javaType = "Integer")
    public static final String CREDITS_DEBITED = "CamelPlangrepCreditsDebited";

    private PlangrepConstants() {
    }
}
