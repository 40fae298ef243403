package dev.asyncjobs.spideriq;

import java.util.Map;

import java.util.Arrays;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.camel.AsyncJobProducer;
import dev.asyncjobs.spideriq.api.JobPage;
import dev.asyncjobs.spideriq.api.ListQuery;
import dev.asyncjobs.spideriq.api.SpiderIqApi;
import dev.asyncjobs.spideriq.api.SpiderIqClient;
import dev.asyncjobs.spideriq.api.SpiderIqJobType;
import dev.asyncjobs.spideriq.api.SubmitRequests;
import dev.asyncjobs.spideriq.api.SubmittedJob;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.InvokeOnHeader;

/** SpiderIQ's own operations: submit a job and list jobs. getJob, getResult, cancel and track come from the engine. */
public class SpiderIqProducer extends AsyncJobProducer {

    private final SpiderIqEndpoint endpoint;

    public SpiderIqProducer(SpiderIqEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    /**
     * Submits a spiderSite or spiderMaps job; the body is a SpiderSiteRequest / SpiderMapsRequest, the payload (or the
     * whole request) as a Map or JSON, or the URL / search query as text. It is checked before it is sent.
     */
    @InvokeOnHeader("submit")
    public void submit(Exchange exchange, AsyncCallback callback) {
        Message message = exchange.getMessage();
        SpiderIqJobType type = jobType(message);
        SpiderIqClient client = endpoint.getClient();
        ObjectNode request = SubmitRequests.envelope(type, message.getBody(), client.http().mapper());
        Integer priority = priorityHeader(exchange);
        if (priority != null) {
            request.put("priority", priority);
        } else if (!request.hasNonNull("priority") && endpoint.getConfiguration().getPriority() != null) {
            request.put("priority", endpoint.getConfiguration().getPriority());
        }
        SubmittedJob job = recordedSubmit(exchange, type.name(), Map.of(), request.toString(),
                () -> client.submit(type, request));
        JobRef ref = JobRef.of(job.jobId(), type.name());
        if (job.fromCache() && endpoint.getConfiguration().isTrackSubmittedJobs()) {
            // The same job may come back for an identical submit within 24 h. Still tracked: the first registration
            // is kept and its transitions are emitted once. No longer tracked (its end was emitted already): its
            // current status is emitted on the first poll, whatever status the submit answer claims.
            endpoint.getTracker().track(ref, null, null);
        }
        submitted(exchange, callback, ref, SpiderIqApi.snapshot(job));
    }

    /** Lists the client's jobs; the body becomes the page's jobs, the headers tell the total and the page count. */
    @InvokeOnHeader("listJobs")
    public void listJobs(Exchange exchange) {
        Message message = exchange.getMessage();
        SpiderIqConfiguration config = endpoint.getConfiguration();
        String status = header(message, SpiderIqConstants.LIST_STATUS, config.getListStatus(), String.class,
                "a SpiderIQ job status");
        if (status != null && !SpiderIqEndpoint.STATUSES.contains(status)) {
            throw InvalidRequestException.beforeSending(SpiderIqClient.VENDOR, SpiderIqConstants.LIST_STATUS,
                    "SpiderIQ listJobs not sent: the " + SpiderIqConstants.LIST_STATUS + " header '" + status
                            + "' is not one of " + SpiderIqEndpoint.STATUSES);
        }
        String typeHeader = message.getHeader(SpiderIqConstants.LIST_TYPE, String.class);
        SpiderIqJobType type = typeHeader != null ? parseType(typeHeader, SpiderIqConstants.LIST_TYPE) : config.getListType();
        Integer page = header(message, SpiderIqConstants.LIST_PAGE, config.getListPage(), Integer.class,
                "a whole number of 1 or more");
        if (page != null && page < 1) {
            throw InvalidRequestException.beforeSending(SpiderIqClient.VENDOR, SpiderIqConstants.LIST_PAGE,
                    "SpiderIQ listJobs not sent: the " + SpiderIqConstants.LIST_PAGE + " header must be 1 or more; was "
                            + page);
        }
        Integer pageSize = header(message, SpiderIqConstants.LIST_PAGE_SIZE, config.getListPageSize(), Integer.class,
                "a whole number from 1 to " + SpiderIqClient.MAX_PAGE_SIZE);
        if (pageSize != null && (pageSize < 1 || pageSize > SpiderIqClient.MAX_PAGE_SIZE)) {
            throw InvalidRequestException.beforeSending(SpiderIqClient.VENDOR, SpiderIqConstants.LIST_PAGE_SIZE,
                    "SpiderIQ listJobs not sent: the " + SpiderIqConstants.LIST_PAGE_SIZE + " header must be from 1 to "
                            + SpiderIqClient.MAX_PAGE_SIZE + "; was " + pageSize);
        }
        JobPage result = endpoint.getClient().listJobs(new ListQuery(status, type, page, pageSize));
        message.setHeader(SpiderIqConstants.LIST_TOTAL, result.total());
        message.setHeader(SpiderIqConstants.LIST_TOTAL_PAGES, result.totalPages());
        message.setBody(result.jobs());
    }

    private SpiderIqJobType jobType(Message message) {
        String header = message.getHeader(AsyncJobConstants.JOB_TYPE, String.class);
        if (header != null) {
            return parseType(header, AsyncJobConstants.JOB_TYPE);
        }
        SpiderIqJobType configured = endpoint.getConfiguration().getJobType();
        if (configured == null) {
            throw InvalidRequestException.beforeSending(SpiderIqClient.VENDOR, "jobType",
                    "No SpiderIQ job type for the submit: set the jobType option (spiderSite or spiderMaps) or the "
                            + AsyncJobConstants.JOB_TYPE + " header");
        }
        return configured;
    }

    private static SpiderIqJobType parseType(String value, String header) {
        for (SpiderIqJobType type : SpiderIqJobType.values()) {
            if (type.name().equalsIgnoreCase(value.trim())) {
                return type;
            }
        }
        throw InvalidRequestException.beforeSending(SpiderIqClient.VENDOR, header, "The " + header + " header '" + value
                + "' is not a SpiderIQ job type; use one of " + Arrays.toString(SpiderIqJobType.values()));
    }

    private static Integer priorityHeader(Exchange exchange) {
        Object raw = exchange.getMessage().getHeader(SpiderIqConstants.PRIORITY);
        if (raw == null) {
            return null;
        }
        Integer priority = exchange.getContext().getTypeConverter().tryConvertTo(Integer.class, exchange, raw);
        if (priority == null || priority < SubmitRequests.MIN_PRIORITY || priority > SubmitRequests.MAX_PRIORITY) {
            throw InvalidRequestException.beforeSending(SpiderIqClient.VENDOR, SpiderIqConstants.PRIORITY, "The "
                    + SpiderIqConstants.PRIORITY + " header must be an integer from " + SubmitRequests.MIN_PRIORITY + " to "
                    + SubmitRequests.MAX_PRIORITY + "; was '" + raw + "'");
        }
        return priority;
    }
}
