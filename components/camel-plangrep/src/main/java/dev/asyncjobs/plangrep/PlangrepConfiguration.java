package dev.asyncjobs.plangrep;

import java.time.Duration;
import java.util.Set;

import dev.asyncjobs.engine.camel.AsyncJobConfiguration;
import dev.asyncjobs.plangrep.api.PlangrepClient;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** The options of a {@code plangrep:} endpoint (and, as defaults, of the component). */
@Configurer
@UriParams
public class PlangrepConfiguration extends AsyncJobConfiguration {

    private static final Set<String> OPERATIONS = namesOf(PlangrepOperations.class);

    @UriParam(defaultValue = PlangrepClient.DEFAULT_BASE_URL,
              description = "The Plangrep host, e.g. https://plangrep.com; the component adds the Open API's path " + PlangrepClient.API_PREFIX + " (a URL that already ends in it is used as it is).")
    private String baseUrl = PlangrepClient.DEFAULT_BASE_URL;
    @UriParam(label = "producer", defaultValue = "createJob", description = "The operation a producer performs.")
    private PlangrepOperations operation = PlangrepOperations.createJob;
    @UriParam(label = "producer",
              description = "The project createJob creates jobs in; the " + PlangrepConstants.PROJECT_ID + " header wins.")
    private String projectId;
    @UriParam(label = "producer",
              description = "The public HTTPS URL createJob asks Plangrep to POST status changes to (the "
                            + PlangrepConstants.WEBHOOK_URL + " header wins); a consumer with webhookPath receives them.")
    private String webhookUrl;
    @UriParam(label = "producer", enums = "plans,specifications,documents,addenda,mixed,other",
              description = "Uploads: the classification hint of the files (the " + PlangrepConstants.CLASSIFICATION
                            + " header wins); unset lets Plangrep classify them.")
    private String classification;
    @UriParam(label = "producer", defaultValue = "true",
              description = "Whether uploadFiles and uploadPresigned complete the uploads afterwards, which starts"
                            + " processing; turn off to upload in several batches and complete with completeUploads.")
    private boolean completeUploads = true;
    @UriParam(label = "consumer",
              description = "A path (e.g. /plangrep/webhook) on which the consumer receives Plangrep's webhook calls"
                            + " through the platform-http component; each call for a tracked job triggers an immediate"
                            + " authenticated status request, and polling slows to webhookFallbackPollInterval.")
    private String webhookPath;
    @UriParam(label = "consumer", defaultValue = "5m", javaType = "java.time.Duration",
              description = "With webhookPath: how often each job is still polled, as a fallback for lost webhook calls"
                            + " (pollInterval wins when set).")
    private Duration webhookFallbackPollInterval = Duration.ofMinutes(5);

    @Override
    public String getBaseUrl() {
        return baseUrl;
    }

    @Override
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public String getOperationName() {
        return operation == null ? null : operation.name();
    }

    @Override
    public Set<String> getOperationNames() {
        return OPERATIONS;
    }

    @Override
    public PlangrepConfiguration copy() {
        return (PlangrepConfiguration) super.copy();
    }

    public PlangrepOperations getOperation() {
        return operation;
    }

    public void setOperation(PlangrepOperations operation) {
        this.operation = operation;
    }

    public String getProjectId() {
        return projectId;
    }

    public void setProjectId(String projectId) {
        this.projectId = projectId;
    }

    public String getWebhookUrl() {
        return webhookUrl;
    }

    public void setWebhookUrl(String webhookUrl) {
        this.webhookUrl = webhookUrl;
    }

    public String getClassification() {
        return classification;
    }

    public void setClassification(String classification) {
        this.classification = classification;
    }

    public boolean isCompleteUploads() {
        return completeUploads;
    }

    public void setCompleteUploads(boolean completeUploads) {
        this.completeUploads = completeUploads;
    }

    public String getWebhookPath() {
        return webhookPath;
    }

    public void setWebhookPath(String webhookPath) {
        this.webhookPath = webhookPath;
    }

    public Duration getWebhookFallbackPollInterval() {
        return webhookFallbackPollInterval;
    }

    public void setWebhookFallbackPollInterval(Duration webhookFallbackPollInterval) {
        this.webhookFallbackPollInterval = webhookFallbackPollInterval;
    }
}
