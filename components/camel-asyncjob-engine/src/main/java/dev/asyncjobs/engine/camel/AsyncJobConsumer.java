package dev.asyncjobs.engine.camel;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.AuthenticationException;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.follow.Delivery;
import dev.asyncjobs.engine.follow.FollowLoop;
import dev.asyncjobs.engine.follow.Group;
import dev.asyncjobs.engine.follow.JobAdoption;
import dev.asyncjobs.engine.follow.JobTracker;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one exchange per status transition of every job its account follows, as a member of a consumer group (its
 * {@code consumerGroup} option, else its route id). Event-driven: the account's {@link FollowLoop} hands each
 * transition to every group as a delivery, and this consumer runs the route and answers ack (the exchange completed)
 * or nack (it failed: the same transition comes again, marked {@link AsyncJobConstants#REDELIVERED redelivered}). One
 * group's filters ({@code statusFilter}, {@code terminalOnly}) never hide a transition from another group.
 * <p>
 * Every {@code delay} it also sweeps the account: jobs kept past their retention leave, jobs another node added get
 * their first poll, lost submits are reconciled. Its health check ({@link AsyncJobConsumerHealthCheck}) is DOWN while
 * the account's key is rejected.
 */
public class AsyncJobConsumer extends DefaultConsumer implements Group, HealthCheckAware {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncJobConsumer.class);

    private final AsyncJobEndpoint endpoint;
    private final AsyncJobConsumerHealthCheck healthCheck;
    private volatile FollowLoop follower;
    private volatile String group;
    private ScheduledExecutorService sweeper;
    private volatile JobAdoption adoption;
    /** Read from the options at start: the loop asks on every status answer. */
    private volatile boolean everyStatus;
    private volatile Set<String> statusFilter = Set.of();

    public AsyncJobConsumer(AsyncJobEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.healthCheck = new AsyncJobConsumerHealthCheck(this);
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
        statusFilter = config.statusFilterSet();
        everyStatus = wantsEveryStatus(config, statusFilter);
        super.doStart();
        adoption = newAdoption(); // before following: a store that lost records fails the start unless adopting
        follower = endpoint.getAccount().subscribe(this, endpoint.getComponent().loopSpec(endpoint));
        if (config.getJobId() != null && !config.getJobId().isBlank()) {
            // watch a job submitted elsewhere; the first poll emits its current status
            tracker().track(endpoint.jobRef(null), null, Duration.ZERO);
        }
        sweeper = endpoint.getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, endpoint.vendorName() + "ConsumerSweep");
        sweeper.scheduleWithFixedDelay(this::sweep, Math.max(0, endpoint.getInitialDelay()),
                Math.max(1, endpoint.getDelay()), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        if (sweeper != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(sweeper);
            sweeper = null;
        }
        if (follower != null) {
            endpoint.getAccount().unsubscribe(this);
            follower = null;
        }
        super.doStop();
    }

    /** Retention, jobs another node added to a shared store, lost submits, adoption. */
    private void sweep() {
        try {
            tracker().purgeExpired();
            FollowLoop f = follower;
            if (f != null) {
                f.decideUndecided();
                f.reconcileSubmits(Duration.ofMillis(endpoint.getConfiguration().getSubmitReconcileDelay()));
                if (isRunAllowed()) {
                    adoption.sweep();
                    sweepMore();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Sweeping the {} jobs of {} failed; trying again in {} ms", endpoint.vendorName(),
                    endpoint.getEndpointBaseUri(), endpoint.getDelay(), e);
        }
    }

    /** A vendor's own part of the sweep, after the engine's, on the sweep thread. */
    protected void sweepMore() {
    }

    /**
     * Runs a task on the sweep thread as soon as it is free: a vendor's request that must not hold its caller (a
     * webhook call) while the key's budget is short. Dropped once the consumer stopped.
     */
    protected final void runOnSweepThread(Runnable task) {
        ScheduledExecutorService s = sweeper;
        if (s == null) {
            return;
        }
        try {
            s.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("Not running a {} sweep task: the consumer is stopping", endpoint.vendorName());
        }
    }

    /** The key was rejected on the account's last status request (null once a request succeeds again). */
    AuthenticationException authFailure() {
        FollowLoop f = follower;
        return f != null ? f.authFailure() : null;
    }

    @Override
    public HealthCheck getHealthCheck() {
        return healthCheck;
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
    public boolean wantsEveryStatus() {
        return everyStatus;
    }

    private boolean wantsEveryStatus(AsyncJobConfiguration config, Set<String> filter) {
        if (config.isEmitOnProgress()) {
            return true;
        }
        if (config.isTerminalOnly()) {
            return false;
        }
        if (filter.isEmpty()) {
            return true;
        }
        dev.asyncjobs.engine.spi.StatusMapping mapping = endpoint.getApi().statusMapping();
        for (String f : filter) {
            JobPhase phase = java.util.Arrays.stream(JobPhase.values()).filter(p -> p.name().equalsIgnoreCase(f))
                    .findFirst().orElseGet(() -> mapping.phaseOf(f.toLowerCase(Locale.ROOT)));
            if (!phase.isTerminal()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean accepts(JobSnapshot snapshot) {
        AsyncJobConfiguration config = endpoint.getConfiguration();
        if (config.isTerminalOnly() && !snapshot.terminal()) {
            return false;
        }
        Set<String> filter = statusFilter;
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
        if (delivery.traceParent() != null) {
            message.setHeader(AsyncJobConstants.TRACEPARENT, delivery.traceParent()); // the route joins the job's trace
        }
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
        JobAdoption created = new JobAdoption(tracker(), endpoint.getBackgroundApi(),
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
}
