package dev.asyncjobs.engine.camel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import dev.asyncjobs.engine.AsyncJobApi;
import dev.asyncjobs.engine.AsyncJobApiException;
import dev.asyncjobs.engine.AuthenticationException;
import dev.asyncjobs.engine.JobSnapshot;
import dev.asyncjobs.engine.NotFoundException;
import dev.asyncjobs.engine.PollPolicy;
import dev.asyncjobs.engine.RateLimitedException;
import dev.asyncjobs.engine.TransientApiException;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.engine.tracking.JobTracker;
import dev.asyncjobs.engine.tracking.TrackedJob;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one exchange per observed status transition of every job the component tracks.
 * <p>
 * Each scheduler tick claims the jobs that are due (at most what the API key's request budget allows right now),
 * fetches their status on a small fixed pool ({@code maxConcurrentPolls}: no thread per job), and processes one
 * exchange per job whose status changed. When the budget leaves due jobs waiting, the jobs polled back off
 * exponentially (their interval doubles per such poll, up to {@code maxPollBackoff}) and come back to the vendor's
 * interval step by step once the budget allows it again. The new status is committed only when the exchange completed without an
 * exception; otherwise the same transition is emitted again on a later poll. A terminal job leaves tracking once its
 * exchange succeeded. Failed polls never drop a job: 429 pauses the key, 5xx/timeouts/malformed answers back off per
 * job, 401/403 pause polling and turn the health check DOWN, and a 404 is emitted once (phase NOT_FOUND) before the
 * job is forgotten.
 */
public class AsyncJobConsumer extends ScheduledPollConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncJobConsumer.class);

    private final AsyncJobEndpoint endpoint;
    private ExecutorService pollExecutor;
    private volatile AuthenticationException authFailure;
    private volatile Instant authRetryAt = Instant.MIN;

    public AsyncJobConsumer(AsyncJobEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    public AsyncJobEndpoint getEndpoint() {
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        AsyncJobConfiguration config = endpoint.getConfiguration();
        pollExecutor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, endpoint.vendorName() + "JobPoller", config.getMaxConcurrentPolls());
        if (config.getJobId() != null && !config.getJobId().isBlank()) {
            // watch a job submitted elsewhere; the first poll emits its current status
            tracker().track(endpoint.jobRef(null), null, Duration.ZERO);
        }
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (pollExecutor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(pollExecutor);
            pollExecutor = null;
        }
    }

    @Override
    protected int poll() throws Exception {
        Clock clock = endpoint.getComponent().getClock();
        Instant now = clock.instant();
        if (authFailure != null && now.isBefore(authRetryAt)) {
            return 0; // the key was rejected: do not hammer the API; health stays DOWN
        }
        RequestPacer pacer = endpoint.getApiHttpClient().pacer();
        if (pacer.pausedUntil().isAfter(now)) {
            return 0; // the API asked this key to pause (429)
        }
        int maxJobs = endpoint.getConfiguration().getMaxJobsPerPoll();
        int available = pacer.availableNow();
        PollPolicy policy = endpoint.getPollPolicy();
        List<TrackedJob> due = tracker().claimDue(Math.min(maxJobs, available), policy::firstPollDelay);
        if (due.isEmpty()) {
            return 0;
        }
        // the request budget (not maxJobsPerPoll) left due jobs waiting: the jobs polled now back off exponentially
        boolean budgetShort = available <= maxJobs
                && tracker().nextDue().filter(next -> !next.isAfter(now)).isPresent();

        List<Future<Outcome>> fetches = new ArrayList<>(due.size());
        for (TrackedJob job : due) {
            fetches.add(pollExecutor.submit(() -> fetch(job)));
        }
        int emitted = 0;
        AuthenticationException rejected = null;
        RuntimeException unexpected = null;
        for (int i = 0; i < fetches.size(); i++) {
            Outcome outcome;
            try {
                outcome = fetches.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                releaseUnhandled(due.subList(i, due.size()), clock);
                return emitted;
            } catch (ExecutionException e) {
                outcome = new Outcome(due.get(i), null, null, null,
                        new TransientApiException(endpoint.vendorName(), 0, "POLL_FAILED", null,
                                "Polling job " + due.get(i).jobId() + " failed: " + e.getCause(), e.getCause()));
            }
            if (outcome.error instanceof AuthenticationException auth) {
                rejected = auth;
            }
            try {
                emitted += handle(outcome, clock, budgetShort);
            } catch (RuntimeException e) {
                // e.g. the job store cannot be written: the job must not stay claimed (never polled again)
                tracker().rescheduleAfterFailure(outcome.job.jobId(), policy.nextPollDelay(outcome.job.ref(), null),
                        Duration.ofMillis(endpoint.getConfiguration().getMaxPollBackoff()));
                unexpected = unexpected == null ? e : unexpected;
            }
        }
        if (unexpected != null) {
            throw unexpected;
        }
        if (rejected != null) {
            authFailure = rejected;
            authRetryAt = clock.instant().plusMillis(endpoint.getConfiguration().getAuthFailureRetryDelay());
            // thrown once so Camel logs it and the consumer's health check turns DOWN with this reason
            throw rejected;
        }
        return emitted;
    }

    /** One status request (and, for a successful transition that asks for it, the result). Runs on the pool. */
    private Outcome fetch(TrackedJob job) {
        AsyncJobApi api = endpoint.getApi();
        try {
            JobSnapshot snapshot = endpoint.fetchJob(job.ref()); // metered: asyncjob.status.requests
            Object result = null;
            AsyncJobApiException resultError = null;
            if (endpoint.getConfiguration().isFetchResult() && snapshot.phase().hasResult() && isTransition(job, snapshot)
                    && shouldEmit(snapshot)) {
                try {
                    result = api.fetchResult(job.ref());
                } catch (AsyncJobApiException e) {
                    if (e.isRetryable() || e instanceof AuthenticationException) {
                        return new Outcome(job, null, null, null, e);
                    }
                    resultError = e;
                }
            }
            return new Outcome(job, snapshot, result, resultError, null);
        } catch (NotFoundException e) {
            return new Outcome(job, JobSnapshot.notFound(job.jobId(), e.getErrorCode(), e.getVendorMessage()), null, null,
                    null);
        } catch (AsyncJobApiException e) {
            return new Outcome(job, null, null, null, e);
        } catch (RuntimeException e) {
            // a bug in a vendor mapping must not lose the job: treat it as a failed poll
            return new Outcome(job, null, null, null, new TransientApiException(endpoint.vendorName(), 0, "POLL_FAILED",
                    null, "Polling job " + job.jobId() + " failed: " + e, e));
        }
    }

    /** Emits the transition an outcome shows, if any, and schedules the job's next poll. Runs on the poll thread. */
    private int handle(Outcome outcome, Clock clock, boolean budgetShort) {
        TrackedJob job = outcome.job;
        JobTracker tracker = tracker();
        PollPolicy policy = endpoint.getPollPolicy();
        if (outcome.error != null) {
            onPollFailure(job, outcome.error, policy, clock);
            return 0;
        }
        authFailure = null;
        JobSnapshot snapshot = outcome.snapshot;
        if (!isTransition(job, snapshot)) {
            finish(job, snapshot, policy, budgetShort);
            return 0;
        }
        if (!shouldEmit(snapshot)) {
            tracker.commit(job.jobId(), snapshot.status(), snapshot.detail());
            finish(job, snapshot, policy, budgetShort);
            return 0;
        }

        Exchange exchange = createExchange(false);
        try {
            populate(exchange, job, outcome);
            endpoint.recordEmitted(snapshot); // metrics: asyncjob.transitions, asyncjob.detection.lag
            LOG.debug("{} job {}: {} -> {}", endpoint.vendorName(), job.jobId(), job.lastStatus(), snapshot.status());
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                // not committed: the same transition is emitted again on a later poll
                tracker.reschedule(job.jobId(), policy.nextPollDelay(job.ref(), snapshot));
                getExceptionHandler().handleException("Processing the " + endpoint.vendorName() + " transition of job "
                        + job.jobId() + " to '" + snapshot.status() + "' failed; it will be emitted again", exchange,
                        exchange.getException());
                return 1;
            }
            tracker.commit(job.jobId(), snapshot.status(), snapshot.detail());
            finish(job, snapshot, policy, budgetShort);
            return 1;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void onPollFailure(TrackedJob job, AsyncJobApiException error, PollPolicy policy, Clock clock) {
        JobTracker tracker = tracker();
        if (error instanceof RateLimitedException) {
            Instant resume = endpoint.getApiHttpClient().pacer().pausedUntil();
            Instant soonest = clock.instant().plusSeconds(1);
            tracker.rescheduleAt(job.jobId(), resume.isAfter(soonest) ? resume : soonest);
            LOG.debug("{} rate-limited the status request of job {}; polling for this key resumes at {}",
                    endpoint.vendorName(), job.jobId(), resume);
        } else if (error instanceof AuthenticationException) {
            tracker.rescheduleAt(job.jobId(),
                    clock.instant().plusMillis(endpoint.getConfiguration().getAuthFailureRetryDelay()));
        } else {
            Duration delay = tracker.rescheduleAfterFailure(job.jobId(), policy.nextPollDelay(job.ref(), null),
                    Duration.ofMillis(endpoint.getConfiguration().getMaxPollBackoff()));
            LOG.warn("Status request of {} job {} failed ({}); the job stays tracked and is polled again in {}",
                    endpoint.vendorName(), job.jobId(), error.getMessage(), delay);
        }
    }

    private void finish(TrackedJob job, JobSnapshot snapshot, PollPolicy policy, boolean budgetShort) {
        if (snapshot.terminal()) {
            tracker().forget(job.jobId());
        } else {
            tracker().reschedule(job.jobId(), policy.nextPollDelay(job.ref(), snapshot),
                    Duration.ofMillis(endpoint.getConfiguration().getMaxPollBackoff()), budgetShort);
        }
    }

    private boolean isTransition(TrackedJob job, JobSnapshot snapshot) {
        if (!Objects.equals(snapshot.status(), job.lastStatus())) {
            return true;
        }
        return endpoint.getConfiguration().isEmitOnProgress() && !Objects.equals(snapshot.detail(), job.lastDetail());
    }

    private boolean shouldEmit(JobSnapshot snapshot) {
        AsyncJobConfiguration config = endpoint.getConfiguration();
        if (config.isTerminalOnly() && !snapshot.terminal()) {
            return false;
        }
        Set<String> filter = config.statusFilterSet();
        if (filter.isEmpty()) {
            return true;
        }
        for (String f : filter) {
            if (f.equalsIgnoreCase(snapshot.status()) || f.toUpperCase(Locale.ROOT).equals(snapshot.phase().name())) {
                return true;
            }
        }
        return false;
    }

    private void populate(Exchange exchange, TrackedJob job, Outcome outcome) {
        JobSnapshot snapshot = outcome.snapshot;
        Message message = exchange.getMessage();
        AsyncJobMessages.setHeaders(message, job.ref(), snapshot);
        message.setHeader(AsyncJobConstants.PREVIOUS_STATUS, job.lastStatus());
        if (outcome.result != null) {
            message.setHeader(AsyncJobConstants.JOB, snapshot.job());
            message.setBody(outcome.result);
        } else {
            message.setBody(snapshot.job());
        }
        if (outcome.resultError != null) {
            message.setHeader(AsyncJobConstants.ERROR_CODE, outcome.resultError.getErrorCode());
            message.setHeader(AsyncJobConstants.ERROR_MESSAGE, outcome.resultError.getMessage());
        }
    }

    private void releaseUnhandled(List<TrackedJob> jobs, Clock clock) {
        for (TrackedJob job : jobs) {
            tracker().rescheduleAt(job.jobId(), clock.instant());
        }
    }

    private JobTracker tracker() {
        return endpoint.getTracker();
    }

    // the health check reads these: keep it DOWN while the key is rejected, even on polls that skip the API

    @Override
    public long getErrorCounter() {
        long counter = super.getErrorCounter();
        return authFailure != null ? Math.max(1, counter) : counter;
    }

    @Override
    protected Throwable getLastError() {
        AuthenticationException auth = authFailure;
        return auth != null ? auth : super.getLastError();
    }

    /** The HTTP status and the vendor's code of a rejected key, in the health check's details (as producers give). */
    @Override
    protected java.util.Map<String, Object> getLastErrorDetails() {
        AuthenticationException auth = authFailure;
        if (auth == null) {
            return super.getLastErrorDetails();
        }
        java.util.Map<String, Object> details = new java.util.HashMap<>();
        if (super.getLastErrorDetails() != null) {
            details.putAll(super.getLastErrorDetails());
        }
        details.put(AsyncJobProducerHealthCheck.SERVICE_STATUS_CODE, auth.getHttpStatus());
        if (auth.getErrorCode() != null) {
            details.put(AsyncJobProducerHealthCheck.SERVICE_ERROR_CODE, auth.getErrorCode());
        }
        return details;
    }

    private record Outcome(TrackedJob job, JobSnapshot snapshot, Object result, AsyncJobApiException resultError,
                           AsyncJobApiException error) {
    }
}
