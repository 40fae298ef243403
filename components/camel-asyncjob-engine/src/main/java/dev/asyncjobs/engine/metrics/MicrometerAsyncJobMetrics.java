package dev.asyncjobs.engine.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.client.RequestListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;

/**
 * {@link AsyncJobMetrics} on Micrometer. The only class of the engine that uses Micrometer's types: it is loaded only
 * when micrometer-core is on the classpath.
 */
public final class MicrometerAsyncJobMetrics implements AsyncJobMetrics {

    public static final String REQUESTS = "asyncjob.requests";
    public static final String RATE_WAIT = "asyncjob.rate.wait";
    public static final String STATUS_REQUESTS = "asyncjob.status.requests";
    public static final String JOBS_TRACKED = "asyncjob.jobs.tracked";
    public static final String TRANSITIONS = "asyncjob.transitions";
    public static final String DETECTION_LAG = "asyncjob.detection.lag";
    public static final String SUBMITS_UNCONFIRMED = "asyncjob.submits.unconfirmed";

    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer rateWait;
    private final Counter unconfirmed;
    private final Map<String, Counter> statusRequests = new ConcurrentHashMap<>();
    private final Map<JobPhase, Counter> transitions = new ConcurrentHashMap<>();
    private final Map<JobPhase, Timer> lags = new ConcurrentHashMap<>();
    private final Map<String, Timer> requests = new ConcurrentHashMap<>();
    private final AtomicBoolean jobsTracked = new AtomicBoolean();

    public MicrometerAsyncJobMetrics(MeterRegistry registry, String vendor, String account) {
        this.registry = registry;
        this.tags = Tags.of("vendor", vendor, "account", account);
        this.rateWait = Timer.builder(RATE_WAIT).description("Time requests waited for the API key's request budget")
                .tags(tags).register(registry);
        this.unconfirmed = Counter.builder(SUBMITS_UNCONFIRMED)
                .description("Submits whose answer never arrived, so whether the job exists is unknown")
                .tags(tags).register(registry);
    }

    /**
     * The metrics of an account in the Camel registry's MeterRegistry, or null when it has none. With several (Spring
     * Boot binds one per monitoring system and a composite of them), the composite one.
     */
    static AsyncJobMetrics fromRegistry(CamelContext context, String vendor, String account) {
        java.util.Set<MeterRegistry> registries = context.getRegistry().findByType(MeterRegistry.class);
        if (registries == null || registries.isEmpty()) {
            return null;
        }
        MeterRegistry registry = registries.size() == 1 ? registries.iterator().next()
                : registries.stream().filter(io.micrometer.core.instrument.composite.CompositeMeterRegistry.class::isInstance)
                        .findFirst().orElse(registries.iterator().next());
        return new MicrometerAsyncJobMetrics(registry, vendor, account);
    }

    @Override
    public void waitedForBudget(long nanos) {
        rateWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void answered(String method, int status, String errorCode, String message, long nanos) {
        request(method, RequestListener.outcome(status)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void failed(String method, String reason, String message, long nanos) {
        request(method, RequestListener.outcome(reason)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer request(String method, String outcome) {
        return requests.computeIfAbsent(method + " " + outcome, k -> Timer.builder(REQUESTS)
                .description("Requests to the vendor's API and their latency").tags(tags)
                .tag("method", method).tag("outcome", outcome).register(registry));
    }

    @Override
    public void statusRequest(String outcome) {
        statusRequests.computeIfAbsent(outcome, o -> Counter.builder(STATUS_REQUESTS)
                .description("Job status requests by outcome").tags(tags).tag("outcome", o).register(registry))
                .increment();
    }

    @Override
    public void transitionEmitted(JobPhase phase) {
        transitions.computeIfAbsent(phase, p -> Counter.builder(TRANSITIONS)
                .description("Job status transitions emitted to routes").tags(tags).tag("phase", p.name())
                .register(registry)).increment();
    }

    @Override
    public void detectionLag(JobPhase phase, Duration lag) {
        lags.computeIfAbsent(phase, p -> Timer.builder(DETECTION_LAG)
                .description("From when a transition could first have been seen to its exchange").tags(tags)
                .tag("phase", p.name()).register(registry)).record(lag.isNegative() ? Duration.ZERO : lag);
    }

    @Override
    public void submitUnconfirmed() {
        unconfirmed.increment();
    }

    @Override
    public void trackJobs(Supplier<Map<JobPhase, Long>> counts) {
        // every endpoint of the account calls this with the account's one tracker: a second registration would only
        // make Micrometer log "This Gauge has been already registered"
        if (!jobsTracked.compareAndSet(false, true)) {
            return;
        }
        for (JobPhase phase : JobPhase.values()) {
            Gauge.builder(JOBS_TRACKED, counts, c -> c.get().getOrDefault(phase, 0L))
                    .description("Jobs the component follows, by the phase last seen").tags(tags).tag("phase", phase.name())
                    .strongReference(true).register(registry);
        }
    }
}
