package dev.asyncjobs.engine.camel;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.client.ApiHealth;
import dev.asyncjobs.engine.client.ApiHttpClient;
import dev.asyncjobs.engine.client.ApiPath;
import dev.asyncjobs.engine.client.ErrorDecoder;
import dev.asyncjobs.engine.learn.LearnedPollPolicy;
import dev.asyncjobs.engine.metrics.AsyncJobMetrics;
import dev.asyncjobs.engine.follow.Account;
import dev.asyncjobs.engine.follow.JobTracker;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * The part of an async job endpoint that is the same for every vendor: it builds the vendor's API client over the
 * component's pooled HTTP client and the key's request budget, validates the configuration when the endpoint is
 * created, resolves which job an exchange is about, and creates the polling consumer.
 */
public abstract class AsyncJobEndpoint extends ScheduledPollEndpoint implements EndpointServiceLocation {

    private volatile AsyncJobApi api;
    private volatile AsyncJobApi backgroundApi;
    private volatile ApiHttpClient apiHttpClient;
    /** The account's meters, looked up once per start: the account id is a hash of the key, not worth a request. */
    private volatile AsyncJobMetrics metrics;

    protected AsyncJobEndpoint(String uri, AsyncJobComponent component) {
        super(uri, component);
    }

    /** This endpoint's configuration. */
    public abstract AsyncJobConfiguration getConfiguration();

    /** The value of the {@code Authorization} header for an API key, in the vendor's documented form. */
    protected abstract String authorizationHeader(String apiKey);

    /** Creates the vendor's SPI adapter over a ready HTTP client. */
    protected abstract AsyncJobApi createApi(ApiHttpClient client);

    /** How to read the vendor's error bodies: each vendor documents its own form. */
    protected abstract ErrorDecoder errorDecoder();

    /** Vendor-specific checks of the configuration, run at endpoint creation; throw naming the option. */
    protected void validateVendorConfiguration() {
    }

    /**
     * The URL requests are resolved against: the baseUrl option (the bare host), with the API's path prefix when the
     * vendor has one. Accounts (trackers and request budgets) are keyed by it, so two spellings of one API share them.
     */
    protected String apiBaseUrl() {
        return getConfiguration().getBaseUrl();
    }

    /** The job type of an exchange (header, then the endpoint's option), or null. */
    protected String jobType(Exchange exchange) {
        return exchange == null ? null : exchange.getMessage().getHeader(AsyncJobConstants.JOB_TYPE, String.class);
    }

    /** Further attributes needed to address a job (a Pixxel workflow id); from headers and options. */
    protected Map<String, String> jobAttributes(Exchange exchange) {
        return Map.of();
    }

    @Override
    public AsyncJobComponent getComponent() {
        return (AsyncJobComponent) super.getComponent();
    }

    @Override
    public String getServiceUrl() {
        return getConfiguration().getBaseUrl();
    }

    @Override
    public String getServiceProtocol() {
        return "http";
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        AsyncJobConsumer consumer = new AsyncJobConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        // the component closes its pooled HTTP client when it stops; a restarted endpoint builds on the new one
        synchronized (this) {
            api = null;
            backgroundApi = null;
            apiHttpClient = null;
            metrics = null;
        }
    }

    /**
     * The vendor's SPI adapter for the requests a user's exchange waits on (the producer's), built on first use: they
     * may take the whole of the key's budget.
     */
    public AsyncJobApi getApi() {
        AsyncJobApi a = api;
        if (a == null) {
            synchronized (this) {
                a = api;
                if (a == null) {
                    a = createApi(getApiHttpClient());
                    api = a;
                }
            }
        }
        return a;
    }

    /**
     * The vendor's SPI adapter for the requests the engine makes on its own, built on first use over the
     * {@link ApiHttpClient#forBackground() background view} of the endpoint's client: the follow loop's status checks
     * (a producer's waits included) and result fetches, adoption and reconciliation lists, a push checked before its job
     * is adopted. They leave the key's reserve (rateLimitReserve) to the requests of {@link #getApi()}.
     */
    public AsyncJobApi getBackgroundApi() {
        AsyncJobApi a = backgroundApi;
        if (a == null) {
            synchronized (this) {
                a = backgroundApi;
                if (a == null) {
                    a = createApi(getApiHttpClient().forBackground());
                    backgroundApi = a;
                }
            }
        }
        return a;
    }

    /** The HTTP client of this endpoint's API key and base URL, built on first use. */
    public ApiHttpClient getApiHttpClient() {
        ApiHttpClient c = apiHttpClient;
        if (c == null) {
            synchronized (this) {
                c = apiHttpClient;
                if (c == null) {
                    AsyncJobConfiguration config = getConfiguration();
                    AsyncJobComponent component = getComponent();
                    Account account = getAccount();
                    c = new ApiHttpClient(vendorName(), component.getHttpClient(), apiBaseUrl(),
                            authorizationHeader(config.getApiKey()), account.pacer(), errorDecoder(),
                            component.mapper(), component.getClock(), account.requestListener());
                    apiHttpClient = c;
                }
            }
        }
        return c;
    }

    /** This endpoint's account (API key and base URL): its jobs, budget, health, meters and follow loop. */
    public Account getAccount() {
        return getComponent().account(apiBaseUrl(), getConfiguration().getApiKey());
    }

    /** The jobs of this endpoint's account. */
    public JobTracker getTracker() {
        return getAccount().tracker();
    }

    /** What the latest requests of this endpoint's account say about its health. */
    public ApiHealth getApiHealth() {
        return getAccount().health();
    }

    /** The meters of this endpoint's account (no-ops unless a Micrometer MeterRegistry is in the registry). */
    public AsyncJobMetrics getMetrics() {
        AsyncJobMetrics m = metrics;
        if (m == null) {
            m = getAccount().metrics();
            metrics = m;
        }
        return m;
    }

    /**
     * Records a transition handed to a route: the {@code asyncjob.transitions} count and the detection lag, from when
     * the vendor says the job changed (on the component's clock) or else from the status answer that showed it.
     */
    public void recordEmitted(JobSnapshot snapshot) {
        AsyncJobMetrics metrics = getMetrics();
        metrics.transitionEmitted(snapshot.phase());
        java.time.Duration lag = snapshot.changedAt() != null
                ? java.time.Duration.between(snapshot.changedAt(), getComponent().getClock().instant())
                : java.time.Duration.between(snapshot.observedAt(), java.time.Instant.now());
        metrics.detectionLag(snapshot.phase(), lag);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // the account's tracked jobs by phase, read whenever the registry asks (registered once per account)
        JobTracker tracker = getTracker();
        getMetrics().trackJobs(() -> {
            Map<JobPhase, Long> counts = new java.util.EnumMap<>(JobPhase.class);
            for (dev.asyncjobs.engine.store.JobRecord job : tracker.all()) {
                // the phase the account's groups have reached (their first cursor), else what the submit said
                dev.asyncjobs.engine.store.JobRecord.Cursor at = job.cursors().isEmpty() ? job.baseline()
                        : job.cursors().values().iterator().next();
                JobPhase phase = at == null || at.status() == null ? JobPhase.QUEUED
                        : getApi().statusMapping().phaseOf(at.status());
                counts.merge(phase, 1L, Long::sum);
            }
            return counts;
        });
    }

    /**
     * The interval between two status requests when the user sets none: the vendor's guidance (null). A vendor whose
     * guidance depends on other options (Plangrep's webhooks) overrides it.
     */
    protected Duration defaultPollInterval() {
        return null;
    }

    /** The poll policy: the vendor's guidance with this endpoint's overrides, kept as set (refused when too short). */
    public PollPolicy getPollPolicy() {
        Duration interval = getConfiguration().getPollInterval() != null ? getConfiguration().getPollInterval()
                : defaultPollInterval();
        PollPolicy policy = getApi().pollPolicy().overriddenBy(getConfiguration().getFirstPollDelay(), interval);
        Duration min = getConfiguration().getMinPollInterval();
        return min == null ? policy : policy.atLeast(min);
    }

    /**
     * The poll policy of this endpoint's consumer: with pollingMode=learned, the {@link #getPollPolicy() vendor's
     * policy with this endpoint's overrides} placed by what the account learned of its jobs' durations (one learner
     * per account, shared by its endpoints, kept in the job store); with fixed, that vendor policy as it is.
     * Producers waiting on a job (waitForCompletion) poll with {@link #getPollPolicy()}.
     */
    public PollPolicy getFollowPollPolicy() {
        PollPolicy vendor = getPollPolicy();
        AsyncJobConfiguration config = getConfiguration();
        if (!config.isLearnedPolling()) {
            return vendor;
        }
        return new LearnedPollPolicy(vendor, getAccount().learner(getApi()), config.getMaxDetectionDelay(),
                config.getDetectionDelayPercentile(), config.getMinPollInterval(),
                LearnedPollPolicy.DEFAULT_MIN_SAMPLES,
                getApi().statusMapping().documented().containsValue(JobPhase.WAITING_FOR_USER));
    }

    /** The vendor's name. */
    public String vendorName() {
        return getComponent().vendorName();
    }

    /**
     * The job an exchange is about: the {@link AsyncJobConstants#JOB_ID} header, else the jobId option.
     *
     * @throws IllegalArgumentException naming both when neither is set
     */
    public JobRef jobRef(Exchange exchange) {
        String jobId = exchange != null ? exchange.getMessage().getHeader(AsyncJobConstants.JOB_ID, String.class) : null;
        String source = AsyncJobConstants.JOB_ID + " header";
        if (jobId == null || jobId.isEmpty()) {
            jobId = getConfiguration().getJobId();
            source = "jobId option";
        }
        if (jobId == null || jobId.isBlank()) {
            throw new IllegalArgumentException("No job id: set the " + AsyncJobConstants.JOB_ID
                    + " header or the jobId option of " + getEndpointBaseUri());
        }
        // refused before any request: a job id goes into a request path
        ApiPath.checkSegment(vendorName(), source.equals("jobId option") ? "jobId" : AsyncJobConstants.JOB_ID,
                jobId);
        return new JobRef(jobId, jobType(exchange), new HashMap<>(jobAttributes(exchange)));
    }

    /** Checks the configuration at endpoint creation, naming the option at fault and the fix. */
    public void validateConfiguration() {
        AsyncJobConfiguration config = getConfiguration();
        String scheme = getComponent().getDefaultName() != null ? getComponent().getDefaultName() : vendorName();
        if (config.getApiKey() == null || config.getApiKey().isBlank()) {
            throw new IllegalArgumentException("The apiKey option is required for " + vendorName()
                    + ": set it on the endpoint (apiKey=RAW(...)) or on the component (camel.component." + scheme
                    + ".api-key, ideally from a property placeholder or a vault)");
        }
        String baseUrl = config.getBaseUrl();
        try {
            URI uri = URI.create(baseUrl);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The baseUrl option '" + baseUrl + "' is not a valid http(s) URL: "
                    + e.getMessage(), e);
        }
        if (config.getMaxConcurrentPolls() < 1) {
            throw new IllegalArgumentException("The maxConcurrentPolls option must be at least 1, was "
                    + config.getMaxConcurrentPolls());
        }
        if (config.getWaitTimeout() <= 0) {
            throw new IllegalArgumentException("The waitTimeout option must be positive, was " + config.getWaitTimeout() + " ms");
        }
        if (config.getFirstPollDelay() != null && config.getFirstPollDelay().isNegative()) {
            throw new IllegalArgumentException("The firstPollDelay option must not be negative, was "
                    + config.getFirstPollDelay() + "; use 0 to poll a new job at once");
        }
        if (config.getMaxPollBackoff() <= 0) {
            throw new IllegalArgumentException("The maxPollBackoff option must be positive, was "
                    + config.getMaxPollBackoff() + " ms");
        }
        if (config.getAuthFailureRetryDelay() <= 0) {
            throw new IllegalArgumentException("The authFailureRetryDelay option must be positive, was "
                    + config.getAuthFailureRetryDelay() + " ms");
        }
        // the scheduled poll options of the consumer (ScheduledPollEndpoint); -1 is its "not set"
        if (getDelay() == 0 || getDelay() < -1) {
            throw new IllegalArgumentException("The delay option (time between consumer ticks) must be positive, was "
                    + getDelay());
        }
        if (getInitialDelay() < -1) {
            throw new IllegalArgumentException("The initialDelay option must not be negative, was " + getInitialDelay());
        }
        if (getRepeatCount() < 0) {
            throw new IllegalArgumentException("The repeatCount option must not be negative (0: no limit), was "
                    + getRepeatCount());
        }
        if (getBackoffMultiplier() < 0 || getBackoffIdleThreshold() < 0 || getBackoffErrorThreshold() < 0) {
            throw new IllegalArgumentException("The backoffMultiplier, backoffIdleThreshold and backoffErrorThreshold"
                    + " options must not be negative, were " + getBackoffMultiplier() + ", " + getBackoffIdleThreshold()
                    + ", " + getBackoffErrorThreshold());
        }
        if (config.getPollInterval() != null && (config.getPollInterval().isNegative() || config.getPollInterval().isZero())) {
            throw new IllegalArgumentException("The pollInterval option must be positive, was " + config.getPollInterval());
        }
        if (config.getAdoptInterval() <= 0 || config.getAdoptWindow() <= 0) {
            throw new IllegalArgumentException("The adoptInterval and adoptWindow options must be positive, were "
                    + config.getAdoptInterval() + " ms and " + config.getAdoptWindow() + " ms");
        }
        if (config.getJobId() != null && !config.getJobId().isEmpty() && ApiPath.problemOf(config.getJobId()) != null) {
            throw new IllegalArgumentException("The jobId option " + ApiPath.problemOf(config.getJobId())
                    + "; give the id exactly as " + vendorName() + " returned it");
        }
        if (config.isCancelOnTimeout() && !getApi().canCancel()) {
            throw new IllegalArgumentException("The cancelOnTimeout option cannot be used with " + vendorName()
                    + ": its API has no cancel operation, so a job whose wait timed out runs to its end");
        }
        if (config.getNotFoundConfirmations() < 1) {
            throw new IllegalArgumentException("The notFoundConfirmations option must be at least 1, was "
                    + config.getNotFoundConfirmations());
        }
        if (config.getNotFoundWindow() < 0 || config.getSubmitReconcileDelay() < 0) {
            throw new IllegalArgumentException("The notFoundWindow and submitReconcileDelay options must not be negative");
        }
        if (config.getLeaseDuration() <= 0) {
            throw new IllegalArgumentException("The leaseDuration option must be positive, was "
                    + config.getLeaseDuration() + " ms");
        }
        if (config.getConsumerGroup() != null && config.getConsumerGroup().isBlank()) {
            throw new IllegalArgumentException("The consumerGroup option must not be blank: name the group, or leave it"
                    + " unset to use the route id");
        }
        Set<String> operations = config.getOperationNames();
        if (config.getOperationName() != null && !operations.contains(config.getOperationName())) {
            throw new IllegalArgumentException("The operation option '" + config.getOperationName() + "' is not one of "
                    + operations);
        }
        for (String filter : config.statusFilterSet()) {
            if (!isKnownStatusOrPhase(filter)) {
                throw new IllegalArgumentException("The statusFilter option names '" + filter + "', which is neither a "
                        + vendorName() + " status " + getStatusNames() + " nor a phase " + java.util.Arrays.toString(JobPhase.values()));
            }
        }
        validateVendorConfiguration();
        validatePollingOptions(config); // after the vendor's: it asks the vendor's policy for its floor
    }

    /** pollingMode, maxDetectionDelay, detectionDelayPercentile and minPollInterval: each named with its fix. */
    private void validatePollingOptions(AsyncJobConfiguration config) {
        String mode = config.getPollingMode();
        if (!"learned".equals(mode) && !"fixed".equals(mode)) {
            throw new IllegalArgumentException("The pollingMode option must be learned or fixed, was '" + mode
                    + "': use learned (the default) to poll from the account's own job durations, or fixed for the"
                    + " vendor's interval (or pollInterval) on every job");
        }
        Duration max = config.getMaxDetectionDelay();
        Duration min = config.getMinPollInterval();
        if (!config.isLearnedPolling() && max != null) {
            throw new IllegalArgumentException("The maxDetectionDelay option only applies to pollingMode=learned, and"
                    + " pollingMode is fixed: remove it, or set pollingMode=learned (with fixed polling, pollInterval"
                    + " sets the interval)");
        }
        double percentile = config.getDetectionDelayPercentile();
        if (!(percentile > 50 && percentile < 100)) {
            throw new IllegalArgumentException("The detectionDelayPercentile option must be between 50 and 100"
                    + " (exclusive), was " + percentile + ": use 95 for a p95 target, or leave it unset for "
                    + LearnedPollPolicy.DEFAULT_PERCENTILE);
        }
        if (!config.isLearnedPolling()
                && percentile != LearnedPollPolicy.DEFAULT_PERCENTILE) {
            throw new IllegalArgumentException("The detectionDelayPercentile option only applies to"
                    + " pollingMode=learned, and pollingMode is fixed: remove it, or set pollingMode=learned");
        }
        if (max != null && (max.isZero() || max.isNegative())) {
            throw new IllegalArgumentException("The maxDetectionDelay option must be positive, was " + max
                    + "; leave it unset to bound detection by the vendor's interval");
        }
        Duration floor = getApi().pollPolicy().floor();
        if (config.getPollInterval() != null && config.getPollInterval().compareTo(floor) < 0) {
            throw new IllegalArgumentException("The pollInterval option (" + config.getPollInterval() + ") is below "
                    + vendorName() + "'s documented floor of " + floor + " between two status requests of a job: use"
                    + " at least " + floor + ", or leave it unset for " + vendorName() + "'s guidance");
        }
        if (min != null && min.compareTo(floor) < 0) {
            throw new IllegalArgumentException("The minPollInterval option (" + min + ") is below " + vendorName()
                    + "'s floor of " + floor + " between two status requests of a job: use at least " + floor
                    + ", or leave it unset for the floor");
        }
        Duration shortest = min != null ? min : floor;
        if (max != null && max.compareTo(shortest) < 0) {
            throw new IllegalArgumentException("The maxDetectionDelay option (" + max + ") is shorter than the shortest"
                    + " allowed interval between two status requests (" + shortest + (min != null
                            ? ", minPollInterval" : ", " + vendorName() + "'s floor")
                    + "), so it could not be kept: use at least " + shortest);
        }
    }

    private Set<String> getStatusNames() {
        return getApi().statusMapping().documented().keySet();
    }

    private boolean isKnownStatusOrPhase(String value) {
        if (getStatusNames().contains(value.toLowerCase(Locale.ROOT))) {
            return true;
        }
        for (JobPhase phase : JobPhase.values()) {
            if (phase.name().equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }
}
