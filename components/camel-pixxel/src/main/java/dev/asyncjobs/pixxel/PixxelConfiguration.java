package dev.asyncjobs.pixxel;

import java.time.Duration;
import java.util.Set;

import dev.asyncjobs.engine.camel.AsyncJobConfiguration;
import dev.asyncjobs.pixxel.api.PixxelClient;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** The options of a {@code pixxel:} endpoint (and, as defaults, of the component). */
@Configurer
@UriParams
public class PixxelConfiguration extends AsyncJobConfiguration {

    private static final Set<String> OPERATIONS = namesOf(PixxelOperations.class);

    @UriParam(defaultValue = PixxelClient.DEFAULT_BASE_URL,
              description = "The Pixxel API base URL; point it at the simulator in tests.")
    private String baseUrl = PixxelClient.DEFAULT_BASE_URL;
    @UriParam(label = "producer", defaultValue = "createJob", description = "The operation a producer performs.")
    private PixxelOperations operation = PixxelOperations.createJob;
    @UriParam(description = "The workflow whose jobs the endpoint works on (the " + PixxelConstants.WORKFLOW_ID
                            + " header wins); a job is addressed by workflow id and job id.")
    private String workflowId;
    @UriParam(label = "producer", description = "createJob: the project the job is created in (the "
                                                + PixxelConstants.PROJECT_ID + " header wins).")
    private String projectId;
    @UriParam(label = "security",
              description = "A scheme put before the key in the Authorization header (e.g. Bearer). Empty by default:"
                            + " Pixxel documents the key itself (Authorization: &lt;API_KEY&gt;).")
    private String authScheme;
    @UriParam(label = "producer", description = "downloadTask: the task whose output to download (the "
                                                + PixxelConstants.TASK_ID + " header wins).")
    private String taskId;
    @UriParam(label = "producer", defaultValue = "true",
              description = "downloadJob/downloadTask: whether to wait (without holding a thread) until the download"
                            + " is ready, at most waitTimeout.")
    private boolean waitForDownload = true;
    @UriParam(label = "producer", defaultValue = "5s", javaType = "java.time.Duration",
              description = "downloadJob/downloadTask: how often to ask whether a pending download is ready.")
    private Duration downloadPollInterval = Duration.ofSeconds(5);
    @UriParam(label = "producer",
              description = "downloadJob/downloadTask: a directory to stream the ready file into (without the API"
                            + " key); the body becomes the file. Unset: the body is the download with its signed URL.")
    private String downloadDirectory;
    @UriParam(label = "producer", description = "listJobs: only the job with this id.")
    private String listId;
    @UriParam(label = "producer",
              description = "listJobs: only jobs with this status (e.g. running, completed, failed).")
    private String listStatus;
    @UriParam(label = "producer", description = "listJobs: only jobs created by this user id.")
    private String listCreatedBy;
    @UriParam(label = "producer", description = "listJobs: only jobs created on this day (sent as given).")
    private String listCreatedOn;

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
    public PixxelConfiguration copy() {
        return (PixxelConfiguration) super.copy();
    }

    public PixxelOperations getOperation() {
        return operation;
    }

    public void setOperation(PixxelOperations operation) {
        this.operation = operation;
    }

    public String getWorkflowId() {
        return workflowId;
    }

    public void setWorkflowId(String workflowId) {
        this.workflowId = workflowId;
    }

    public String getProjectId() {
        return projectId;
    }

    public void setProjectId(String projectId) {
        this.projectId = projectId;
    }

    public String getAuthScheme() {
        return authScheme;
    }

    public void setAuthScheme(String authScheme) {
        this.authScheme = authScheme;
    }

    public String getTaskId() {
        return taskId;
    }

    public void setTaskId(String taskId) {
        this.taskId = taskId;
    }

    public boolean isWaitForDownload() {
        return waitForDownload;
    }

    public void setWaitForDownload(boolean waitForDownload) {
        this.waitForDownload = waitForDownload;
    }

    public Duration getDownloadPollInterval() {
        return downloadPollInterval;
    }

    public void setDownloadPollInterval(Duration downloadPollInterval) {
        this.downloadPollInterval = downloadPollInterval;
    }

    public String getDownloadDirectory() {
        return downloadDirectory;
    }

    public void setDownloadDirectory(String downloadDirectory) {
        this.downloadDirectory = downloadDirectory;
    }

    public String getListId() {
        return listId;
    }

    public void setListId(String listId) {
        this.listId = listId;
    }

    public String getListStatus() {
        return listStatus;
    }

    public void setListStatus(String listStatus) {
        this.listStatus = listStatus;
    }

    public String getListCreatedBy() {
        return listCreatedBy;
    }

    public void setListCreatedBy(String listCreatedBy) {
        this.listCreatedBy = listCreatedBy;
    }

    public String getListCreatedOn() {
        return listCreatedOn;
    }

    public void setListCreatedOn(String listCreatedOn) {
        this.listCreatedOn = listCreatedOn;
    }
}
