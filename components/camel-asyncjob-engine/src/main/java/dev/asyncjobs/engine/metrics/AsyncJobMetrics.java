package dev.asyncjobs.engine.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.client.RequestListener;

/**
 * The meters of one account (an API key at a base URL) of one vendor, so that every call site is one line. The
 * default does nothing; {@link MicrometerAsyncJobMetrics} records into a Micrometer {@code MeterRegistry} when the
 * application has one (see {@link AsyncJobMetricsFactory}). Meter names and tags follow Micrometer's conventions:
 * <ul>
 * <li>{@code asyncjob.requests} (timer: count and latency of every request to the vendor; tags method, outcome)</li>
 * <li>{@code asyncjob.rate.wait} (timer: time a request waited for the key's request budget)</li>
 * <li>{@code asyncjob.status.requests} (counter: job status requests; tag outcome)</li>
 * <li>{@code asyncjob.jobs.tracked} (gauge: jobs the component follows; tag phase)</li>
 * <li>{@code asyncjob.transitions} (counter: transitions emitted to routes; tag phase)</li>
 * <li>{@code asyncjob.detection.lag} (timer: from when a transition could first have been seen to its exchange; tag
 * phase)</li>
 * <li>{@code asyncjob.submits.unconfirmed} (counter: submits whose answer never arrived, so whether the job exists is
 * unknown)</li>
 * </ul>
 * Every meter carries {@code vendor} (the component's scheme) and {@code account} (an opaque hash of base URL and key;
 * never the key). Outcomes are {@code success}, {@code unauthorized}, {@code not_found}, {@code rate_limited},
 * {@code client_error}, {@code server_error}, {@code timeout}, {@code io_error}.
 */
public interface AsyncJobMetrics extends RequestListener {

    /** Records nothing. */
    AsyncJobMetrics NOOP = new AsyncJobMetrics() {
    };

    /** The outcome tag of a failed request: from its HTTP status, or timeout/io_error when no answer came. */
    static String outcomeOf(Throwable error) {
        if (error == null) {
            return "success";
        }
        if (error instanceof dev.asyncjobs.engine.spi.AsyncJobApiException api) {
            if (api.getHttpStatus() > 0) {
                return RequestListener.outcome(api.getHttpStatus());
            }
            return "TIMEOUT".equals(api.getErrorCode()) ? "timeout" : api.getErrorCode() != null
                    && api.getErrorCode().startsWith("IO") ? "io_error" : "error";
        }
        return "error";
    }

    /** One job status request ended with this outcome (see {@link RequestListener#outcome(int)}). */
    default void statusRequest(String outcome) {
    }

    /** A transition was emitted to a route. */
    default void transitionEmitted(JobPhase phase) {
    }

    /** A transition reached its exchange this long after it could first have been seen. */
    default void detectionLag(JobPhase phase, Duration lag) {
    }

    /** A submit's answer never arrived (timeout, connection lost): the job may or may not exist. */
    default void submitUnconfirmed() {
    }

    /**
     * Publishes the number of tracked jobs per phase, read from {@code counts} whenever the registry asks. Every
     * endpoint of the account calls it with the account's tracker; the first call registers, the others are ignored.
     */
    default void trackJobs(Supplier<Map<JobPhase, Long>> counts) {
    }
}
