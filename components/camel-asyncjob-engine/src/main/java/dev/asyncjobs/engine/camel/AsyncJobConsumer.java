package dev.asyncjobs.engine.camel;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import dev.asyncjobs.engine.AuthenticationException;
import dev.asyncjobs.engine.JobSnapshot;
import dev.asyncjobs.engine.tracking.JobFollower;
import dev.asyncjobs.engine.tracking.JobAdoption;
import dev.asyncjobs.engine.tracking.JobFollower.Delivery;
import dev.asyncjobs.engine.tracking.JobTracker;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one exchange per status transition of every job its account follows, as a member of a consumer group (its
 * {@code consumerGroup} option, else its route id).
 * <p>
 * The account's {@link JobFollower} polls due jobs and hands each transition to every group as a delivery; this
 * consumer runs the route and answers ack (the exchange completed) or nack (it failed: the same transition comes
 * again, marked {@link AsyncJobConstants#REDELIVERED redelivered}). One group's filters ({@code statusFilter},
 * {@code terminalOnly}) never hide a transition from another group. The scheduled poll of this consumer only
 * sweeps: it drops jobs kept past their retention, and keeps the health check DOWN while the key is rejected.
 */
public class AsyncJobConsumer extends ScheduledPollConsumer implements JobFollower.Group {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncJobConsumer.class);

    private final AsyncJobEndpoint endpoint;
    private volatile JobFollower follower;
    private volatile String group;
    private volatile AuthenticationException reported;
    private volatile JobAdoption adoption;

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
        group = config.getConsumerGroup() != null && !config.getConsumerGroup().isBlank()
                ? config.getConsumerGroup() : getRouteId() != null ? getRouteId() : endpoint.getEndpointBaseUri();
        super.doStart();
        adoption = newAdoption(); // before following: a store that lost records fails the start unless adopting
        follower = endpoint.getComponent().subscribe(endpoint, this);
        if (config.getJobId() != null && !config.getJobId().isBlank()) {
            // watch a job submitted elsewhere; the first poll emits its current status
            tracker().track(endpoint.jobRef(null), null, Duration.ZERO);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (follower != null) {
            endpoint.getComponent().unsubscribe(endpoint, this);
            follower = null;
        }
        super.doStop();
    }

    /** The sweep: retention, and the health check's view of a rejected key. */
    @Override
    protected int poll() throws Exception {
        tracker().purgeExpired();
        JobFollower f = follower;
        if (f != null) {
            f.decideUndecided(); // jobs another node added to a shared store
            f.reconcileSubmits(Duration.ofMillis(endpoint.getConfiguration().getSubmitReconcileDelay()));
            if (isRunAllowed()) {
                adoption.sweep();
            }
        }
        AuthenticationException auth = f != null ? f.authFailure() : null;
        if (auth != null && auth != reported) {
            reported = auth;
            // thrown once so Camel logs it and the consumer's health check turns DOWN with this reason
            throw auth;
        }
        if (auth == null) {
            reported = null;
        }
        return 0;
    }

    @Override
    public String groupName() {
        return group;
    }

    @Override
    public boolean emitOnProgress() {
        return endpoint.getConfiguration().isEmitOnProgress();
    }

    @Override
    public boolean emitSubmitted() {
        return endpoint.getConfiguration().isEmitSubmitted();
    }

    @Override
    public boolean wantsResult() {
        return endpoint.getConfiguration().isFetchResult();
    }

    @Override
    public boolean accepts(JobSnapshot snapshot) {
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

    /** Runs the route for one delivery: ack when the exchange completed, nack when it failed. */
    @Override
    public boolean deliver(Delivery delivery) {
        if (!isRunAllowed()) {
            return false;
        }
        Exchange exchange = createExchange(false);
        try {
            populate(exchange, delivery);
            LOG.debug("{} job {} to group {}: {} -> {}", endpoint.vendorName(), delivery.ref().jobId(), group,
                    delivery.previousStatus(), delivery.snapshot().status());
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Processing the " + endpoint.vendorName() + " transition of job "
                        + delivery.ref().jobId() + " to '" + delivery.snapshot().status() + "' failed; it will be"
                        + " delivered again", exchange, exchange.getException());
                return false;
            }
            endpoint.recordEmitted(delivery.snapshot());
            return true;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void populate(Exchange exchange, Delivery delivery) {
        JobSnapshot snapshot = delivery.snapshot();
        Message message = exchange.getMessage();
        AsyncJobMessages.setHeaders(message, delivery.ref(), snapshot);
        message.setHeader(AsyncJobConstants.PREVIOUS_STATUS, delivery.previousStatus());
        message.setHeader(AsyncJobConstants.REDELIVERED, delivery.redelivered());
        message.setHeader(AsyncJobConstants.CONSUMER_GROUP, group);
        if (delivery.previousStatus() == null && JobAdoption.isAdopted(delivery.ref())) {
            message.setHeader(AsyncJobConstants.ADOPTED, true);
        }
        if (delivery.result() != null) {
            message.setHeader(AsyncJobConstants.JOB, snapshot.job());
            message.setBody(delivery.result());
        } else {
            message.setBody(snapshot.job());
        }
        if (delivery.resultError() != null) {
            message.setHeader(AsyncJobConstants.ERROR_CODE, delivery.resultError().getErrorCode());
            message.setHeader(AsyncJobConstants.ERROR_MESSAGE, delivery.resultError().getMessage());
        }
    }

    /** This consumer's adoption of jobs no record holds (a vendor's push handler adopts through it). */
    protected JobAdoption adoption() {
        return adoption;
    }

    /** Adoption of the account's unfollowed jobs (adoptJobs), and the refusal of a lost store without it. */
    private JobAdoption newAdoption() {
        AsyncJobConfiguration config = endpoint.getConfiguration();
        JobAdoption created = new JobAdoption(tracker(), endpoint.getApi(),
                new JobAdoption.Settings(config.isAdoptJobs(), Duration.ofMillis(config.getAdoptWindow()),
                        Duration.ofMillis(config.getAdoptInterval()),
                        config.isAdoptJobs() ? endpoint.jobAttributes(null) : java.util.Map.of()),
                endpoint.getComponent().getNodeId() + "/" + group);
        created.refuseUnrecoveredLoss("adoptJobs");
        return created;
    }

    private JobTracker tracker() {
        return endpoint.getTracker();
    }

    // the health check reads these: keep it DOWN while the key is rejected, even on sweeps that do not throw

    @Override
    public long getErrorCounter() {
        long counter = super.getErrorCounter();
        JobFollower f = follower;
        return f != null && f.authFailure() != null ? Math.max(1, counter) : counter;
    }

    @Override
    protected Throwable getLastError() {
        JobFollower f = follower;
        AuthenticationException auth = f != null ? f.authFailure() : null;
        return auth != null ? auth : super.getLastError();
    }

    /** The HTTP status and the vendor's code of a rejected key, in the health check's details (as producers give). */
    @Override
    protected java.util.Map<String, Object> getLastErrorDetails() {
        JobFollower f = follower;
        AuthenticationException auth = f != null ? f.authFailure() : null;
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
}
