package dev.asyncjobs.pixxel;

import java.util.Map;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;

import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.camel.AsyncJobProducer;
import dev.asyncjobs.pixxel.api.PixxelApi;
import dev.asyncjobs.pixxel.api.PixxelClient;
import dev.asyncjobs.pixxel.api.PixxelDownload;
import dev.asyncjobs.pixxel.api.PixxelDownloadApi;
import dev.asyncjobs.pixxel.api.PixxelJob;
import dev.asyncjobs.pixxel.api.PixxelJobFilter;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;
import org.apache.camel.WrappedFile;
import org.apache.camel.spi.InvokeOnHeader;

/**
 * Pixxel's own operations: create a job, list jobs, download a job or a task, get a cost estimate. getJob and track
 * come from the engine.
 */
public class PixxelProducer extends AsyncJobProducer {

    private final PixxelEndpoint endpoint;

    public PixxelProducer(PixxelEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    /** Creates a job of the workflow for the project; the body, if any, is sent as it is. */
    @InvokeOnHeader("createJob")
    public void createJob(Exchange exchange, AsyncCallback callback) {
        Message message = exchange.getMessage();
        String workflowId = endpoint.workflowId(exchange);
        String projectId = message.getHeader(PixxelConstants.PROJECT_ID, endpoint.getConfiguration().getProjectId(),
                String.class);
        if (projectId == null || projectId.isBlank()) {
            throw InvalidRequestException.beforeSending(PixxelClient.VENDOR, "projectId", "Pixxel job not created:"
                    + " no project id; set the projectId option or the " + PixxelConstants.PROJECT_ID + " header");
        }
        Object body = body(message);
        PixxelJob job = recordedSubmit(exchange, "createJob", Map.of(PixxelApi.WORKFLOW_ID, workflowId), null,
                () -> client().createJob(workflowId, projectId, body));
        PixxelApi api = (PixxelApi) api();
        message.setHeader(PixxelConstants.WORKFLOW_ID, workflowId);
        submitted(exchange, callback, PixxelApi.ref(workflowId, job.id()), api.snapshot(job));
    }

    /** Lists the workflow's jobs; the body becomes the list. */
    @InvokeOnHeader("listJobs")
    public void listJobs(Exchange exchange) {
        Message message = exchange.getMessage();
        PixxelConfiguration config = endpoint.getConfiguration();
        PixxelJobFilter filter = new PixxelJobFilter(
                message.getHeader(PixxelConstants.LIST_ID, config.getListId(), String.class),
                message.getHeader(PixxelConstants.LIST_STATUS, config.getListStatus(), String.class),
                message.getHeader(PixxelConstants.LIST_CREATED_BY, config.getListCreatedBy(), String.class),
                message.getHeader(PixxelConstants.LIST_CREATED_ON, config.getListCreatedOn(), String.class));
        message.setBody(client().listJobs(endpoint.workflowId(exchange), filter));
    }

    /** The workflow's cost estimate; the body becomes what the API answered (a Map). */
    @InvokeOnHeader("getCostEstimate")
    public void getCostEstimate(Exchange exchange) {
        String workflowId = endpoint.workflowId(exchange);
        exchange.getMessage().setHeader(PixxelConstants.WORKFLOW_ID, workflowId);
        exchange.getMessage().setBody(client().costEstimate(workflowId));
    }

    /** Asks for the job's download, waits until it is ready and fetches it (see the options). */
    @InvokeOnHeader("downloadJob")
    public void downloadJob(Exchange exchange, AsyncCallback callback) {
        download(exchange, callback, null);
    }

    /** Asks for one task's download, waits until it is ready and fetches it (see the options). */
    @InvokeOnHeader("downloadTask")
    public void downloadTask(Exchange exchange, AsyncCallback callback) {
        String taskId = exchange.getMessage().getHeader(PixxelConstants.TASK_ID,
                endpoint.getConfiguration().getTaskId(), String.class);
        if (taskId == null || taskId.isBlank()) {
            throw InvalidRequestException.beforeSending(PixxelClient.VENDOR, "taskId", "No Pixxel task to download:"
                    + " set the taskId option or the " + PixxelConstants.TASK_ID + " header");
        }
        String source = exchange.getMessage().getHeader(PixxelConstants.TASK_ID) != null ? PixxelConstants.TASK_ID : "taskId";
        dev.asyncjobs.engine.client.ApiPath.checkSegment(PixxelClient.VENDOR, source, taskId.trim());
        download(exchange, callback, taskId.trim());
    }

    private void download(Exchange exchange, AsyncCallback callback, String taskId) {
        JobRef job = endpoint.jobRef(exchange);
        checkFileName(exchange.getMessage().getHeader(PixxelConstants.DOWNLOAD_FILE_NAME, String.class));
        JobRef ref = PixxelDownloadApi.ref(job.requireAttribute(PixxelApi.WORKFLOW_ID), job.jobId(), taskId);
        PixxelDownloadApi downloads = endpoint.getDownloadApi();
        JobSnapshot first = downloads.fetchJob(ref);
        PixxelConfiguration config = endpoint.getConfiguration();
        if (!config.isWaitForDownload() || first.terminal()) {
            downloaded(exchange, ref, first);
            callback.done(false);
            return;
        }
        awaitResource(exchange, callback, taskId == null ? "download" : "download of task " + taskId,
                endpoint::downloadApi, downloads.pollPolicy(), ref, first,
                ready -> downloaded(exchange, ref, ready));
    }

    /** Sets the message from a download answer, streaming a ready file to downloadDirectory when it is set. */
    private void downloaded(Exchange exchange, JobRef ref, JobSnapshot snapshot) {
        Message message = exchange.getMessage();
        PixxelDownload download = (PixxelDownload) snapshot.job();
        String taskId = ref.attributes().get(PixxelDownloadApi.TASK_ID);
        message.setHeader(AsyncJobConstants.JOB_ID, ref.jobId());
        message.setHeader(PixxelConstants.WORKFLOW_ID, ref.requireAttribute(PixxelApi.WORKFLOW_ID));
        if (taskId != null) {
            message.setHeader(PixxelConstants.TASK_ID, taskId);
        }
        message.setHeader(PixxelConstants.DOWNLOAD_ID, download.id());
        message.setHeader(PixxelConstants.DOWNLOAD_STATUS, download.status());
        String directory = endpoint.getConfiguration().getDownloadDirectory();
        if (download.ready() && directory != null && !directory.isBlank()) {
            String name = message.getHeader(PixxelConstants.DOWNLOAD_FILE_NAME, String.class);
            if (name == null || name.isBlank()) {
                name = ref.jobId() + (taskId != null ? "-" + taskId : "") + extension(download.signedUrl());
            }
            checkFileName(name);
            Path dir = Path.of(directory).toAbsolutePath().normalize();
            Path target = dir.resolve(name).normalize();
            if (!dir.equals(target.getParent())) {
                throw InvalidRequestException.beforeSending(PixxelClient.VENDOR, PixxelConstants.DOWNLOAD_FILE_NAME,
                        "Pixxel download not written: '" + name + "' is not a file directly inside " + dir);
            }
            Path file = client().downloadToFile(download, target);
            message.setHeader(PixxelConstants.DOWNLOAD, download);
            message.setBody(file.toFile());
        } else {
            message.setBody(download);
        }
    }

    /**
     * The download file name header names a file inside downloadDirectory, nothing else: no directory part, no
     * {@code ..}, no absolute path, no control character. Checked before any request, so nothing is spent on a
     * download that could not be written.
     */
    static void checkFileName(String name) {
        if (name == null || name.isBlank()) {
            return;
        }
        String problem = dev.asyncjobs.engine.client.ApiPath.problemOf(name);
        if (problem == null && (name.contains(":") || name.startsWith("~"))) {
            problem = "is not a plain file name";
        }
        if (problem != null) {
            throw InvalidRequestException.beforeSending(PixxelClient.VENDOR, PixxelConstants.DOWNLOAD_FILE_NAME,
                    "Pixxel download not requested: the " + PixxelConstants.DOWNLOAD_FILE_NAME + " header " + problem
                            + "; give a plain file name, which is written inside the downloadDirectory option's directory");
        }
    }

    /** The extension of the signed URL's file name (".zip"), or ".bin" when it has none. */
    static String extension(String url) {
        String path;
        try {
            path = URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            path = null;
        }
        if (path != null) {
            String last = path.substring(path.lastIndexOf('/') + 1);
            int dot = last.lastIndexOf('.');
            if (dot > 0 && dot < last.length() - 1 && last.length() - dot <= 10) {
                return last.substring(dot).replaceAll("[^A-Za-z0-9.]", "");
            }
        }
        return ".bin";
    }

    /** The message body to send with createJob: streams and files are read as text first. */
    private static Object body(Message message) {
        Object body = message.getBody();
        if (body instanceof InputStream || body instanceof StreamCache || body instanceof WrappedFile<?>) {
            return message.getBody(String.class);
        }
        return body;
    }

    private PixxelClient client() {
        return endpoint.getClient();
    }
}
