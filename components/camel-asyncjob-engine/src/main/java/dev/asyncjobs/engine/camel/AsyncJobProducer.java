package dev.asyncjobs.engine.camel;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.asyncjobs.engine.client.ApiHttpClient;
import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobWaitTimeoutException;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.metrics.AsyncJobMetrics;
import dev.asyncjobs.engine.follow.JobTracker;
import dev.asyncjobs.engine.store.SubmitIntent;
import dev.asyncjobs.engine.spi.RateLimitedException;
import dev.asyncjobs.engine.spi.SubmitUnconfirmedException;
import dev.asyncjobs.engine.spi.TransientApiException;
import java.util.Map;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.spi.InvokeOnHeader;
import org.apache.camel.support.HeaderSelectorProducer;

/**
 * The operations every async job component has (getJob, getResult, cancel, track) and the common tail of every
 * submit: set the headers, hand the job to the tracker, and optionally wait for it to finish without holding a
 * thread. The operation comes from the {@link AsyncJobConstants#OPERATION} header or the endpoint's operation option.
 * Vendor producers extend this class directly and add their own {@code @InvokeOnHeader} operations.
 */
public abstract class AsyncJobProducer extends HeaderSelectorProducer {

    private final AsyncJobEndpoint endpoint;
    private WritableHealthCheckRepository healthCheckRepository;
    private AsyncJobProducerHealthCheck healthCheck;

    protected AsyncJobProducer(AsyncJobEndpoint endpoint) {
        super(endpoint, AsyncJobConstants.OPERATION, () -> endpoint.getConfiguration().getOperationName());
        this.endpoint = endpoint;
    }

    @Override
    public AsyncJobEndpoint getEndpoint() {
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // health checks are optional: registered only when the producers' repository is present and enabled
        healthCheckRepository = HealthCheckHelper.getHealthCheckRepository(endpoint.getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (healthCheckRepository != null && endpoint.getComponent().isHealthCheckProducerEnabled()) {
            healthCheck = new AsyncJobProducerHealthCheck(endpoint, endpoint.getComponent().getDefaultName() + "-"
                    + endpoint.getId());
            healthCheckRepository.addHealthCheck(healthCheck);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (healthCheckRepository != null && healthCheck != null) {
            healthCheckRepository.removeHealthCheck(healthCheck);
            healthCheck = null;
        }
        super.doStop();
    }

    /** This producer's health check, when the producers' health check repository is enabled; else null. */
    public AsyncJobProducerHealthCheck getHealthCheck() {
        return healthCheck;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        String operation = exchange.getMessage().getHeader(AsyncJobConstants.OPERATION, String.class);
        if (operation == null) {
            operation = endpoint.getConfiguration().getOperationName();
        }
        if (operation == null || !endpoint.getConfiguration().getOperationNames().contains(operation)) {
            // HeaderSelectorProducer would silently do nothing for an unknown operation
            exchange.setException(new IllegalArgumentException("Unknown " + endpoint.vendorName() + " operation '"
                    + operation + "' (from the " + AsyncJobConstants.OPERATION + " header or the operation option); use one of "
                    + endpoint.getConfiguration().getOperationNames()));
            callback.done(true);
            return true;
        }
        return super.process(exchange, callback);
    }

    /** Fetches the job's current status; the body becomes the vendor's job object. */
    @InvokeOnHeader("getJob")
    public void getJob(Exchange exchange) {
        JobRef ref = endpoint.jobRef(exchange);
        JobSnapshot snapshot;
        try {
            snapshot = api().fetchJob(ref);
            endpoint.getMetrics().statusRequest("success");
        } catch (RuntimeException e) {
            endpoint.getMetrics().statusRequest(AsyncJobMetrics.outcomeOf(e));
            throw e;
        }
        setJob(exchange.getMessage(), ref, snapshot);
    }

    /** Fetches the job's result; the body becomes the result. */
    @InvokeOnHeader("getResult")
    public void getResult(Exchange exchange) {
        JobRef ref = endpoint.jobRef(exchange);
        Object result = api().fetchResult(ref);
        exchange.getMessage().setHeader(AsyncJobConstants.JOB_ID, ref.jobId());
        exchange.getMessage().setBody(result);
    }

    /** Asks the vendor to cancel the job; the body becomes what it answered. */
    @InvokeOnHeader("cancel")
    public void cancel(Exchange exchange) {
        JobRef ref = endpoint.jobRef(exchange);
        JobSnapshot snapshot = api().cancelJob(ref);
        setJob(exchange.getMessage(), ref, snapshot);
    }

    /**
     * Starts tracking an existing job (submitted elsewhere), so the component's consumer emits its transitions, the
     * first one being its current status. The body is left as it is.
     */
    @InvokeOnHeader("track")
    public void track(Exchange exchange) {
        JobRef ref = endpoint.jobRef(exchange);
        endpoint.getTracker().track(ref, null, Duration.ZERO);
        exchange.getMessage().setHeader(AsyncJobConstants.JOB_ID, ref.jobId());
    }

    /**
     * The common tail of a vendor's submit: sets the headers and body from what the submit answered, hands the job to
     * the tracker (unless trackSubmittedJobs is off), and either completes the exchange now or, with
     * waitForCompletion, when the job is terminal.
     */
    protected void submitted(Exchange exchange, AsyncCallback callback, JobRef ref, JobSnapshot submitted) {
        AsyncJobConfiguration config = endpoint.getConfiguration();
        setJob(exchange.getMessage(), ref, submitted);
        if (config.isTrackSubmittedJobs()) {
            // the consumer that follows the job decides when to poll it first, from its options and this answer
            JobTracker tracker = endpoint.getTracker();
            tracker.trackSubmitted(ref, submitted, tracker.tracing().traceParentOf(exchange)); // continues its trace
        }
        SubmitIntent intent = exchange.getProperty(SUBMIT_INTENT, SubmitIntent.class);
        if (intent != null) {
            exchange.removeProperty(SUBMIT_INTENT);
            endpoint.getTracker().submitSettled(intent); // the job is known (and tracked): nothing to reconcile
        }
        if (!config.isWaitForCompletion()) {
            callback.done(false);
            return;
        }
        // while a producer waits, the job is kept even with no consumer; once it ended, it is not kept for nobody
        JobTracker tracker = endpoint.getTracker();
        tracker.waitStarted(ref.jobId());
        AsyncCallback ended = doneSync -> {
            tracker.waitEnded(ref.jobId(), exchange.getException() == null);
            callback.done(doneSync);
        };
        awaitTerminal(exchange, ended, ref, submitted, terminal -> completed(exchange, ref, terminal));
    }

    /**
     * Sends a submit with its intent recorded first, so that a submit whose answer never arrives (a timeout, a reset,
     * a crash) is reconciled by the account's consumer instead of leaving a job nobody follows. The intent is settled
     * by {@link #submitted} once the job is tracked, or here when the failure proves no job was created (the vendor
     * answered with a client error, or the connection was never made).
     *
     * @param operation   the submit operation (a detection type, a job type), for the reconciliation
     * @param attributes  what jobs of this submit need to be addressed (a workflow id); never secrets
     * @param requestBody the request as sent, so a vendor whose API allows it can repeat it safely
     * @param post        the request itself
     */
    protected <T> T recordedSubmit(Exchange exchange, String operation, Map<String, String> attributes,
                                   String requestBody, java.util.function.Supplier<T> post) {
        JobTracker tracker = endpoint.getTracker();
        SubmitIntent intent = tracker.beginSubmit(endpoint.vendorName(), operation, attributes, requestBody,
                endpoint.getComponent().getNodeId());
        exchange.setProperty(SUBMIT_INTENT, intent);
        try {
            return post.get();
        } catch (RuntimeException e) {
            exchange.removeProperty(SUBMIT_INTENT);
            if (mayHaveCreatedAJob(e)) {
                tracker.submitAnswerLost(intent);
                throw new SubmitUnconfirmedException(endpoint.vendorName(), intent.intentId(), (TransientApiException) e);
            }
            tracker.submitSettled(intent);
            throw e;
        }
    }

    /** Whether a failed submit may still have created a job: its request may have reached the vendor. */
    static boolean mayHaveCreatedAJob(Throwable e) {
        if (!(e instanceof TransientApiException) || e instanceof RateLimitedException) {
            return false; // a client error, a rejected key, 429: the vendor created nothing
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.ConnectException || c instanceof java.net.UnknownHostException
                    || c instanceof org.apache.hc.client5.http.ConnectTimeoutException
                    || c instanceof org.apache.hc.client5.http.HttpHostConnectException) {
                return false; // never connected: the request was not sent
            }
        }
        return true;
    }

    /** The exchange property holding the intent of a submit under way. */
    static final String SUBMIT_INTENT = "CamelAsyncJobSubmitIntent";

    /**
     * Completes the exchange once the job is terminal, without holding a thread: the wait subscribes to the account's
     * follow loop (a consumer of the account polling the job costs it no request of its own); {@code onTerminal} sets
     * the message; a timeout (waitTimeout, real time), a confirmed 404 or a non-retryable error becomes the exchange's
     * exception.
     */
    protected void awaitTerminal(Exchange exchange, AsyncCallback callback, JobRef ref, JobSnapshot latest,
                                 Consumer<JobSnapshot> onTerminal) {
        await(exchange, callback, null, null, endpoint.getPollPolicy(), ref, latest, onTerminal);
    }

    /**
     * Completes the exchange once a resource of a job that the vendor prepares asynchronously (a download) is ready,
     * through the account's follow loop like a job: the API that {@code resourceApi} builds asks about it,
     * {@code resource} names it (one wait per name and job). It is handed the endpoint's
     * {@link ApiHttpClient#forBackground() background client}, so the loop's asks leave the key's reserve free, as its
     * status checks of jobs do.
     */
    protected void awaitResource(Exchange exchange, AsyncCallback callback, String resource,
                                 Function<ApiHttpClient, AsyncJobApi> resourceApi, PollPolicy policy, JobRef ref,
                                 JobSnapshot latest, Consumer<JobSnapshot> onReady) {
        await(exchange, callback, resource, resourceApi.apply(endpoint.getApiHttpClient().forBackground()), policy, ref,
                latest, onReady);
    }

    private void await(Exchange exchange, AsyncCallback callback, String resource, AsyncJobApi resourceApi,
                       PollPolicy policy, JobRef ref, JobSnapshot latest, Consumer<JobSnapshot> onEnd) {
        AsyncJobConfiguration config = endpoint.getConfiguration();
        endpoint.getAccount().await(endpoint.getComponent().loopSpec(endpoint), ref, resource, resourceApi, policy,
                latest, Duration.ofMillis(config.getWaitTimeout()),
                terminal -> {
                    try {
                        onEnd.accept(terminal);
                    } catch (Exception e) {
                        exchange.setException(e);
                    } finally {
                        callback.done(false);
                    }
                },
                failure -> {
                    Throwable reported = failure;
                    if (failure instanceof JobWaitTimeoutException timeout && config.isCancelOnTimeout()
                            && resource == null) {
                        reported = cancelAfterTimeout(exchange, ref, timeout);
                    }
                    exchange.setException(reported);
                    callback.done(false);
                });
    }

    /**
     * cancelOnTimeout: nobody waits for the job any more, so the vendor is asked to cancel it. The message gets the
     * vendor's answer (its status headers); the exception says whether the cancel was accepted.
     */
    private JobWaitTimeoutException cancelAfterTimeout(Exchange exchange, JobRef ref, JobWaitTimeoutException timeout) {
        try {
            JobSnapshot after = api().cancelJob(ref);
            setJob(exchange.getMessage(), ref, after);
            return timeout.cancelled(after.status());
        } catch (RuntimeException e) {
            return timeout.cancelFailed(e);
        }
    }

    /** Sets the message from a terminal snapshot, fetching the result when asked to. */
    protected void completed(Exchange exchange, JobRef ref, JobSnapshot terminal) {
        Message message = exchange.getMessage();
        setJob(message, ref, terminal);
        if (endpoint.getConfiguration().isFetchResult() && terminal.phase().hasResult()) {
            Object result = api().fetchResult(ref);
            message.setHeader(AsyncJobConstants.JOB, terminal.job());
            message.setBody(result);
        }
    }

    /** Puts a snapshot on the message: common headers, the job as the body. */
    protected void setJob(Message message, JobRef ref, JobSnapshot snapshot) {
        AsyncJobMessages.setHeaders(message, ref, snapshot);
        message.setBody(snapshot.job());
    }

    /**
     * A header that feeds a request, converted to its type; a value that does not convert is refused before anything is
     * sent, naming the header and what it takes (Camel's own TypeConversionException names neither).
     *
     * @param fallback the endpoint option's value, used when the header is absent
     * @param allowed  what the header takes, in words, e.g. "a whole number from 1 to 30"
     */
    protected <T> T header(Message message, String name, T fallback, Class<T> type, String allowed) {
        Object raw = message.getHeader(name);
        if (raw == null) {
            return fallback;
        }
        try {
            T value = message.getExchange().getContext().getTypeConverter().mandatoryConvertTo(type, message.getExchange(), raw);
            if (value instanceof String text && text.isBlank()) {
                return fallback;
            }
            return value;
        } catch (org.apache.camel.NoTypeConversionAvailableException | org.apache.camel.TypeConversionException e) {
            throw dev.asyncjobs.engine.spi.InvalidRequestException.beforeSending(endpoint.vendorName(), name,
                    endpoint.vendorName() + " request not sent: the " + name + " header '" + raw + "' is not "
                            + allowed);
        }
    }

    /** The vendor's SPI adapter. */
    protected AsyncJobApi api() {
        return endpoint.getApi();
    }
}
