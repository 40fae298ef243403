package dev.asyncjobs.pixxel;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.pixxel.api.PixxelApi;
import org.apache.camel.spi.Metadata;

/** The headers of the {@code pixxel:} component: the common async job headers and Pixxel's own. */
public final class PixxelConstants extends AsyncJobConstants {

    @Metadata(description = "The workflow a job belongs to; overrides the workflowId option. Set on every exchange"
                            + " about a job.", javaType = "String")
    public static final String WORKFLOW_ID = PixxelApi.HEADER_WORKFLOW_ID;
    @Metadata(label = "producer", description = "createJob: the project the job is created in; overrides the"
                                                + " projectId option.", javaType = "String")
    public static final String PROJECT_ID = "CamelPixxelProjectId";
    @Metadata(label = "producer", description = "downloadTask: the task whose output to download; overrides the"
                                                + " taskId option.", javaType = "String")
    public static final String TASK_ID = "CamelPixxelTaskId";
    @Metadata(label = "producer", description = "listJobs: only the job with this id; overrides listId.",
              javaType = "String")
    public static final String LIST_ID = "CamelPixxelListId";
    @Metadata(label = "producer", description = "listJobs: only jobs with this status; overrides listStatus.",
              javaType = "String")
    public static final String LIST_STATUS = "CamelPixxelListStatus";
    @Metadata(label = "producer", description = "listJobs: only jobs created by this user; overrides listCreatedBy.",
              javaType = "String")
    public static final String LIST_CREATED_BY = "CamelPixxelListCreatedBy";
    @Metadata(label = "producer", description = "listJobs: only jobs created on this day; overrides listCreatedOn.",
              javaType = "String")
    public static final String LIST_CREATED_ON = "CamelPixxelListCreatedOn";
    @Metadata(description = "The id of the job's first failed task, when a task failed.", javaType = "String")
    public static final String FAILED_TASK_ID = PixxelApi.HEADER_FAILED_TASK_ID;
    @Metadata(description = "The name of the job's first failed task, when a task failed.", javaType = "String")
    public static final String FAILED_TASK_NAME = PixxelApi.HEADER_FAILED_TASK_NAME;
    @Metadata(description = "The failure_type of the job's first failed task (also in CamelAsyncJobErrorCode; its"
                            + " err_msg is in CamelAsyncJobErrorMessage).", javaType = "String")
    public static final String FAILURE_TYPE = PixxelApi.HEADER_FAILURE_TYPE;
    @Metadata(description = "The job's val_errors, when it has any.",
              javaType = "java.util.List<dev.asyncjobs.pixxel.api.PixxelValidationError>")
    public static final String VALIDATION_ERRORS = PixxelApi.HEADER_VALIDATION_ERRORS;
    @Metadata(description = "The job's cost (estimated or actual).", javaType = "Number")
    public static final String COST = PixxelApi.HEADER_COST;
    @Metadata(description = "The job's estimated_duration in seconds.", javaType = "Long")
    public static final String ESTIMATED_DURATION = PixxelApi.HEADER_ESTIMATED_DURATION;
    @Metadata(label = "producer", description = "downloadJob/downloadTask: the download request's id.",
              javaType = "String")
    public static final String DOWNLOAD_ID = "CamelPixxelDownloadId";
    @Metadata(label = "producer", description = "downloadJob/downloadTask: the download's status (pending, ready).",
              javaType = "String")
    public static final String DOWNLOAD_STATUS = "CamelPixxelDownloadStatus";
    @Metadata(label = "producer", description = "downloadJob/downloadTask: the download answer (with its signed URL),"
                                                + " when the body holds the downloaded file.",
              javaType = "dev.asyncjobs.pixxel.api.PixxelDownload")
    public static final String DOWNLOAD = "CamelPixxelDownload";
    @Metadata(label = "producer", description = "downloadJob/downloadTask: the file name to write in downloadDirectory"
                                                + " (default: the job id, plus -<task id>, with the signed URL's"
                                                + " extension).", javaType = "String")
    public static final String DOWNLOAD_FILE_NAME = "CamelPixxelDownloadFileName";

    private PixxelConstants() {
    }
}
