package dev.asyncjobs.engine.camel;

import dev.asyncjobs.engine.follow.SubmitReconciler;
import org.apache.camel.spi.Metadata;

/**
 * The exchange headers all async job components share, so a route reads a job's id or status the same way whichever
 * vendor runs it. Each component's own constants class extends this one and adds its vendor's headers.
 */
public class AsyncJobConstants {

    @Metadata(label = "producer", description = "The operation to perform; overrides the endpoint's operation option.",
              javaType = "String")
    public static final String OPERATION = "CamelAsyncJobOperation";
    @Metadata(description = "The vendor's job id. Producers read it for operations on an existing job (and set it after a"
                            + " submit); consumers set it on every exchange.",
              javaType = "String")
    public static final String JOB_ID = "CamelAsyncJobId";
    @Metadata(description = "The job type where the vendor has several (a detection type, a SpiderIQ job type).",
              javaType = "String")
    public static final String JOB_TYPE = "CamelAsyncJobType";
    @Metadata(description = "The vendor's status string, verbatim.", javaType = "String")
    public static final String STATUS = "CamelAsyncJobStatus";
    @Metadata(label = "consumer",
              description = "The status emitted before this one for the job (null for the first one seen).",
              javaType = "String")
    public static final String PREVIOUS_STATUS = "CamelAsyncJobPreviousStatus";
    @Metadata(description = "The vendor-neutral phase of the status.", javaType = "dev.asyncjobs.engine.spi.JobPhase",
              enums = "QUEUED,RUNNING,WAITING_FOR_USER,SUCCEEDED,PARTIALLY_SUCCEEDED,FAILED,CANCELLED,EXPIRED,NOT_FOUND,UNKNOWN")
    public static final String PHASE = "CamelAsyncJobPhase";
    @Metadata(description = "Whether the job will not change any more.", javaType = "Boolean")
    public static final String TERMINAL = "CamelAsyncJobTerminal";
    @Metadata(description = "Progress in percent (0-100) where the API reports it.", javaType = "Double")
    public static final String PROGRESS = "CamelAsyncJobProgress";
    @Metadata(description = "The vendor's machine-readable error code of a failed job or a failed request.",
              javaType = "String")
    public static final String ERROR_CODE = "CamelAsyncJobErrorCode";
    @Metadata(description = "The vendor's human-readable error message of a failed job or a failed request.",
              javaType = "String")
    public static final String ERROR_MESSAGE = "CamelAsyncJobErrorMessage";
    @Metadata(description = "The vendor's job object, when the body holds the job's result instead (fetchResult).",
              javaType = "Object")
    public static final String JOB = "CamelAsyncJob";
    @Metadata(label = "consumer",
              description = "Whether this transition may have been delivered before: its route failed (a nack), or the node that was delivering it died. An idempotent consumer drops repeats.",
              javaType = "Boolean")
    public static final String REDELIVERED = "CamelAsyncJobRedelivered";
    @Metadata(label = "consumer", description = "The consumer group the transition is delivered to.", javaType = "String")
    public static final String CONSUMER_GROUP = "CamelAsyncJobConsumerGroup";
    @Metadata(label = "consumer",
              description = "On the exchange that reports a submit whose answer was lost and whose job cannot be identified for certain (status UNCONFIRMED_SUBMIT): the id of the submit's intent.",
              javaType = "String")
    public static final String SUBMIT_INTENT_ID = SubmitReconciler.HEADER_INTENT_ID;
    @Metadata(label = "consumer",
              description = "On the UNCONFIRMED_SUBMIT exchange: when the submit was sent (ISO 8601).",
              javaType = "String")
    public static final String SUBMITTED_AT = SubmitReconciler.HEADER_SUBMITTED_AT;
    @Metadata(label = "consumer",
              description = "On the UNCONFIRMED_SUBMIT exchange: the submit operation (a detection type, a job type).",
              javaType = "String")
    public static final String SUBMIT_OPERATION = SubmitReconciler.HEADER_OPERATION;

    @Metadata(description = "The W3C trace context of the job's submit, so the route's spans join the job's trace (with"
                            + " OpenTelemetry on the classpath; a producer submitting outside a span reads it too).",
              javaType = "String")
    public static final String TRACEPARENT = "traceparent";
    @Metadata(label = "consumer",
              description = "Set (true) on the first exchange of a job that no record held and that the consumer adopted (adoptJobs): found in the vendor's list of the account's jobs, or through a push checked with a status request. The job may have been followed before a store was lost: an idempotent route checks this as it checks redelivered.",
              javaType = "Boolean")
    public static final String ADOPTED = "CamelAsyncJobAdopted";

    protected AsyncJobConstants() {
    }
}
