package dev.asyncjobs.engine.camel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import dev.asyncjobs.engine.CompletionWaiter;
import dev.asyncjobs.engine.client.ApiHealth;
import dev.asyncjobs.engine.client.HttpClientSettings;
import dev.asyncjobs.engine.client.PooledHttpClients;
import dev.asyncjobs.engine.client.RequestListener;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.engine.metrics.AsyncJobMetrics;
import dev.asyncjobs.engine.metrics.AsyncJobMetricsFactory;
import dev.asyncjobs.engine.tracking.InMemoryJobStore;
import dev.asyncjobs.engine.tracking.JobFollower;
import dev.asyncjobs.engine.tracking.JobStore;
import dev.asyncjobs.engine.tracking.JobTracker;
import dev.asyncjobs.engine.tracking.MvStoreJobStore;
import org.apache.camel.Endpoint;
import org.apache.camel.SSLContextParametersAware;
import org.apache.camel.spi.Metadata;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.util.URISupport;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;

/**
 * What a vendor component shares between its endpoints: one pooled HTTP client, one job tracker (so a producer's
 * submitted jobs reach the component's consumers), one request budget per API key, and the scheduler that producers
 * wait on. Vendor components extend it and add their configuration.
 * <p>
 * As a {@link HealthCheckComponent}, it has Camel's per-component switches {@code healthCheckConsumerEnabled} and
 * {@code healthCheckProducerEnabled}: consumers report DOWN while the key is rejected, producers get an
 * {@link AsyncJobProducerHealthCheck}.
 */
public abstract class AsyncJobComponent extends HealthCheckComponent implements SSLContextParametersAware {

    @Metadata(label = "advanced", autowired = true,
              description = "Where followed jobs are kept (a bean implementing dev.asyncjobs.engine.tracking.JobStore, e.g. the JDBC store for several nodes); default in memory, or trackingFile.")
    private JobStore jobStore;
    @Metadata(label = "advanced",
              description = "A file in which followed jobs are kept across restarts, for one process (used when no jobStore is set); a second process opening it fails at start.")
    private String trackingFile;
    @Metadata(label = "advanced", defaultValue = "1d", javaType = "java.time.Duration",
              description = "How long a job is kept when no consumer group follows its account and no producer waits on it.")
    private Duration jobRetention = Duration.ofDays(1);
    @Metadata(label = "advanced",
              description = "Requests allowed per rateLimitWindow for one API key, producers and consumers together; defaults to the vendor's documented limit, 0 for none.")
    private Integer rateLimitRequests;
    @Metadata(label = "advanced", javaType = "java.time.Duration",
              description = "The window of rateLimitRequests; defaults to the vendor's.")
    private Duration rateLimitWindow;
    @Metadata(label = "advanced", defaultValue = "1m", javaType = "java.time.Duration",
              description = "The longest a request waits for a slot of its key's budget (or a 429 pause) before it fails with RateLimitedException, so no route or pool thread is held longer.")
    private Duration rateLimitMaxWait = Duration.ofMinutes(1);
    @Metadata(label = "advanced", defaultValue = "30000", description = "Milliseconds to establish a connection.")
    private long connectTimeout = 30_000;
    @Metadata(label = "advanced", defaultValue = "30000",
              description = "Milliseconds to wait for a connection from the pool.")
    private long connectionRequestTimeout = 30_000;
    @Metadata(label = "advanced", defaultValue = "60000", description = "Socket read timeout in milliseconds.")
    private long soTimeout = 60_000;
    @Metadata(label = "advanced", defaultValue = "0",
              description = "Milliseconds to wait for a response once the request is sent (0: soTimeout applies).")
    private long responseTimeout;
    @Metadata(label = "advanced", defaultValue = "200", description = "Maximum pooled connections.")
    private int maxTotalConnections = 200;
    @Metadata(label = "advanced", defaultValue = "20", description = "Maximum pooled connections per host.")
    private int connectionsPerRoute = 20;
    @Metadata(label = "proxy", description = "Proxy host. Unset: the JVM's proxy settings (https.proxyHost, http.nonProxyHosts, or the default ProxySelector), asked once per target host.")
    private String proxyHost;
    @Metadata(label = "proxy", description = "Proxy port.")
    private Integer proxyPort;
    @Metadata(label = "proxy", description = "Proxy user name.")
    private String proxyAuthUsername;
    @Metadata(label = "proxy", secret = true, description = "Proxy password.")
    private String proxyAuthPassword;
    @Metadata(label = "advanced", autowired = true,
              description = "camel-http's hook to customize the HttpClientBuilder of the component's pooled client (interceptors, TLS strategy, ...), as for the http component.")
    private org.apache.camel.component.http.HttpClientConfigurer httpClientConfigurer;
    @Metadata(label = "advanced", autowired = true,
              description = "The JSON mapper for request and response bodies: the application's (a copy that ignores unknown fields, so a vendor's new field never breaks a poll); default a mapper of the component's own.")
    private com.fasterxml.jackson.databind.ObjectMapper objectMapper;
    @Metadata(label = "security", description = "TLS configuration of the connections to the API.")
    private SSLContextParameters sslContextParameters;
    @Metadata(label = "security", defaultValue = "false", description = "Whether to use the global SSL context parameters.")
    private boolean useGlobalSslContextParameters;

    private volatile Clock clock = Clock.systemUTC();
    private volatile CloseableHttpClient httpClient;
    private volatile JobStore store;
    /** This process's name as the owner of claims (leases) in a shared store. */
    private final String nodeId = java.util.UUID.randomUUID().toString();
    private final Map<String, FollowerRun> followers = new java.util.HashMap<>();
    private final Map<String, JobTracker> trackers = new ConcurrentHashMap<>();
    private volatile CompletionWaiter completionWaiter;
    private ScheduledExecutorService waitScheduler;
    private ExecutorService completionExecutor;
    private final Map<String, RequestPacer> pacers = new ConcurrentHashMap<>();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, dev.asyncjobs.engine.learn.LearnerStore> learners = new ConcurrentHashMap<>();

    /** What the component keeps per account besides its tracker and budget: its health and its meters. */
    private record Account(ApiHealth health, AsyncJobMetrics metrics, RequestListener listener) {
    }

    /** The vendor's name, for messages and thread names. */
    protected abstract String vendorName();

    /** The vendor's documented request budget: requests per {@link #defaultRateLimitWindow()}, 0 for none. */
    protected abstract int defaultRateLimitRequests();

    /** The window of {@link #defaultRateLimitRequests()}. */
    protected abstract Duration defaultRateLimitWindow();

    /** The component-level configuration endpoints start from. */
    public abstract AsyncJobConfiguration getConfiguration();

    /** Creates the vendor's endpoint from a copy of the component configuration. */
    protected abstract AsyncJobEndpoint createVendorEndpoint(String uri, String remaining, AsyncJobConfiguration configuration)
            throws Exception;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        validateComponentOptions();
        if (remaining == null || remaining.isBlank()) {
            String scheme = getDefaultName() != null ? getDefaultName() : vendorName().toLowerCase(java.util.Locale.ROOT);
            throw new IllegalArgumentException("The " + scheme + " endpoint has no label: write " + scheme
                    + ":jobs (or any name, e.g. " + scheme + ":detections) followed by the options, not " + scheme
                    + ":?...");
        }
        // the endpoint's own URI never holds a secret option's value (see validateURI): Camel prints
        // getEndpointUri() in its logs, JMX, dev consoles and health checks, not always sanitised
        AsyncJobEndpoint endpoint = createVendorEndpoint(URISupport.sanitizeUri(uri), remaining, getConfiguration().copy());
        refuseNegativeDurations(parameters);
        parameters.replaceAll((name, value) -> value instanceof SecretOption secret ? secret.value() : value);
        setProperties(endpoint, parameters);
        // fail at endpoint creation, not on the first request, and name the option at fault
        endpoint.validateConfiguration();
        return endpoint;
    }

    /** The component's number and duration options, checked before its first endpoint is made; names the option. */
    private void validateComponentOptions() {
        String scheme = getDefaultName() != null ? getDefaultName() : vendorName();
        if (rateLimitRequests != null && rateLimitRequests < 0) {
            throw new IllegalArgumentException("The rateLimitRequests option of the " + scheme
                    + " component must be 0 (no client-side budget) or more, was " + rateLimitRequests);
        }
        if (rateLimitWindow != null && (rateLimitWindow.isNegative() || rateLimitWindow.isZero())) {
            throw new IllegalArgumentException("The rateLimitWindow option of the " + scheme
                    + " component must be positive, was " + rateLimitWindow);
        }
        Map<String, Long> notNegative = new java.util.LinkedHashMap<>();
        notNegative.put("connectTimeout", connectTimeout);
        notNegative.put("connectionRequestTimeout", connectionRequestTimeout);
        notNegative.put("soTimeout", soTimeout);
        notNegative.put("responseTimeout", responseTimeout);
        notNegative.forEach((name, value) -> {
            if (value < 0) {
                throw new IllegalArgumentException("The " + name + " option of the " + scheme
                        + " component must not be negative (milliseconds; 0 for no limit), was " + value);
            }
        });
        if (maxTotalConnections < 1 || connectionsPerRoute < 1) {
            throw new IllegalArgumentException("The maxTotalConnections and connectionsPerRoute options of the " + scheme
                    + " component must be at least 1, were " + maxTotalConnections + " and " + connectionsPerRoute);
        }
        if (proxyPort != null && (proxyPort < 1 || proxyPort > 65535)) {
            throw new IllegalArgumentException("The proxyPort option of the " + scheme
                    + " component must be a port from 1 to 65535, was " + proxyPort);
        }
    }

    /**
     * Wraps the values of secret options (the API key) written into an endpoint URI before Camel logs the parameters
     * (DefaultComponent prints them at TRACE); {@link #createEndpoint} unwraps them again.
     */
    @Override
    protected void validateURI(String uri, String path, Map<String, Object> parameters) {
        super.validateURI(uri, path, parameters);
        parameters.replaceAll((name, value) -> SECRET_OPTIONS.contains(name) && value instanceof String text
                ? new SecretOption(text) : value);
    }

    /** The endpoint options whose values are secrets (their metadata says secret = true). */
    private static final java.util.Set<String> SECRET_OPTIONS = java.util.Set.of("apiKey");

    /** A secret option's value on its way from the URI to the endpoint; it prints as Camel's mask. */
    private record SecretOption(String value) {
        @Override
        public String toString() {
            return "xxxxxx";
        }
    }

    /**
     * Camel reads a duration option such as {@code firstPollDelay=-1s} as one second (its time parser ignores the
     * sign), so a negative duration would pass unnoticed: it is refused here, from the value as written.
     */
    private void refuseNegativeDurations(Map<String, Object> parameters) {
        if (!(getEndpointPropertyConfigurer() instanceof org.apache.camel.spi.PropertyConfigurerGetter getter)) {
            return;
        }
        for (Map.Entry<String, Object> option : parameters.entrySet()) {
            if (option.getValue() instanceof String value && value.trim().startsWith("-")
                    && getter.getOptionType(option.getKey(), true) == Duration.class) {
                throw new IllegalArgumentException("The " + option.getKey() + " option must not be negative, was "
                        + value.trim());
            }
        }
    }

    /** The shared pooled HTTP client, created on first use. */
    public CloseableHttpClient getHttpClient() {
        CloseableHttpClient client = httpClient;
        if (client == null) {
            synchronized (this) {
                client = httpClient;
                if (client == null) {
                    SSLContextParameters ssl = sslContextParameters != null
                            ? sslContextParameters : (useGlobalSslContextParameters ? retrieveGlobalSslContextParameters() : null);
                    HttpClientSettings settings = new HttpClientSettings(connectTimeout, connectionRequestTimeout, soTimeout,
                            responseTimeout, maxTotalConnections, connectionsPerRoute, proxyHost,
                            proxyPort != null ? proxyPort : 0, proxyAuthUsername, proxyAuthPassword,
                            ssl != null ? createSslContext(ssl) : null);
                    org.apache.camel.component.http.HttpClientConfigurer configurer = httpClientConfigurer;
                    client = PooledHttpClients.create(settings,
                            configurer == null ? null : configurer::configureHttpClient);
                    httpClient = client;
                }
            }
        }
        return client;
    }

    /**
     * The tracker of one account (API key at a base URL), shared by this component's producers and consumers that
     * use it: a job is always polled with the key it was submitted with. Created on first use.
     */
    public JobTracker getTracker(String baseUrl, String apiKey) {
        String account = accountId(baseUrl, apiKey);
        JobTracker tracker = trackers.get(account);
        if (tracker != null) {
            return tracker;
        }
        JobTracker created = new JobTracker(getStore(), clock, account);
        created.setRetention(jobRetention);
        // what a follower of the account sees also ends the producers' waits on those jobs, without requests of theirs
        created.observeWith((jobId, snapshot) -> {
            CompletionWaiter w = completionWaiter;
            if (w != null) {
                w.observed(account, jobId, snapshot);
            }
        });
        tracker = trackers.putIfAbsent(account, created);
        if (tracker != null) {
            return tracker;
        }
        scheduleRetentionSweep(created); // outside the map's lock: the sweep has a lock of its own
        return created;
    }

    /**
     * The store, opened on first use: a store that cannot be opened (corrupt, held by another process) fails the
     * start of the context, before any submit could create a job that would then not be followed.
     */
    public JobStore getStore() {
        JobStore s = store;
        if (s == null) {
            synchronized (this) {
                s = store;
                if (s == null) {
                    s = jobStore != null ? jobStore
                            : trackingFile != null ? new MvStoreJobStore(Path.of(trackingFile), clock) : new InMemoryJobStore();
                    s.open();
                    store = s;
                }
            }
        }
        return s;
    }

    /**
     * Ends producers' waits as soon as the context starts stopping: a graceful shutdown would otherwise wait (its
     * timeout, 45 s by default) for exchanges that wait on jobs lasting hours.
     */
    private final org.apache.camel.support.EventNotifierSupport stopWaits = new org.apache.camel.support.EventNotifierSupport() {
        @Override
        public boolean isEnabled(org.apache.camel.spi.CamelEvent event) {
            return event instanceof org.apache.camel.spi.CamelEvent.CamelContextStoppingEvent;
        }

        @Override
        public void notify(org.apache.camel.spi.CamelEvent event) {
            CompletionWaiter w = completionWaiter;
            if (w != null) {
                w.stop();
            }
        }
    };

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (!getCamelContext().getManagementStrategy().getEventNotifiers().contains(stopWaits)) {
            getCamelContext().getManagementStrategy().addEventNotifier(stopWaits);
            org.apache.camel.support.service.ServiceHelper.startService(stopWaits);
        }
        getStore();
        trackers.values().forEach(this::scheduleRetentionSweep); // after a restart of the component
    }

    private ScheduledExecutorService sweeper;
    private final Object sweepLock = new Object();

    /** Drops jobs kept past their retention for nobody, also in applications without any consumer. */
    private void scheduleRetentionSweep(JobTracker tracker) {
        synchronized (sweepLock) {
            scheduleRetentionSweepLocked(tracker);
        }
    }

    private void scheduleRetentionSweepLocked(JobTracker tracker) {
        if (getCamelContext() == null || !(isStarted() || isStarting())) {
            return; // doStart schedules the sweeps of the trackers made before it
        }
        if (sweeper == null) {
            sweeper = getCamelContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, vendorName() + "JobRetention");
        }
        long period = Math.max(10, Math.min(jobRetention.toMillis(), Duration.ofMinutes(1).toMillis()));
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                tracker.purgeExpired();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(AsyncJobComponent.class)
                        .warn("Dropping expired {} jobs failed; trying again later", vendorName(), e);
            }
        }, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private record FollowerRun(JobFollower follower, ScheduledExecutorService timer, ExecutorService pool) {
    }

    /**
     * Subscribes a consumer (as a member of its group) to its account's follower, starting the follower with the
     * consumer's polling options when it is the account's first.
     */
    public synchronized JobFollower subscribe(AsyncJobEndpoint endpoint, JobFollower.Group group) {
        JobTracker tracker = endpoint.getTracker();
        FollowerRun run = followers.get(tracker.account());
        if (run == null) {
            AsyncJobConfiguration config = endpoint.getConfiguration();
            ScheduledExecutorService timer = getCamelContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, vendorName() + "JobFollower");
            ExecutorService pool = getCamelContext().getExecutorServiceManager()
                    .newFixedThreadPool(this, vendorName() + "JobPoller", config.getMaxConcurrentPolls());
            JobFollower.Settings settings = new JobFollower.Settings(config.getMaxConcurrentPolls(),
                    Duration.ofMillis(config.getMaxPollBackoff()), Duration.ofMillis(config.getLeaseDuration()),
                    config.getNotFoundConfirmations(), Duration.ofMillis(config.getNotFoundWindow()),
                    Duration.ofMillis(config.getAuthFailureRetryDelay()),
                    Duration.ofMillis(Math.max(1, endpoint.getDelay())));
            JobFollower follower = new JobFollower(tracker, endpoint.meteredApi(), endpoint.getFollowPollPolicy(),
                    endpoint.getApiHttpClient().pacer(), timer, pool, settings, nodeId);
            run = new FollowerRun(follower, timer, pool);
            followers.put(tracker.account(), run);
            follower.start();
        }
        run.follower().subscribe(group);
        return run.follower();
    }

    /** Whether a consumer of this account follows its jobs in this process now. */
    public synchronized boolean isFollowing(String account) {
        return followers.containsKey(account);
    }

    /** Removes a consumer; the account's follower stops with its last consumer. */
    public synchronized void unsubscribe(AsyncJobEndpoint endpoint, JobFollower.Group group) {
        String account = endpoint.getTracker().account();
        FollowerRun run = followers.get(account);
        if (run != null && !run.follower().unsubscribe(group)) {
            followers.remove(account);
            run.follower().stop();
            getCamelContext().getExecutorServiceManager().shutdownNow(run.timer());
            // requests in flight finish and settle; anything claimed and not started is released by its lease
            getCamelContext().getExecutorServiceManager().shutdownGraceful(run.pool());
        }
    }

    /**
     * What the account learned of its jobs' durations with this vendor (learned polling): one per account, shared by
     * the account's endpoints, restored from the job store on first use and saved there every few jobs and when the
     * component stops.
     */
    public dev.asyncjobs.engine.learn.DurationLearner getLearner(String account, dev.asyncjobs.engine.AsyncJobApi api) {
        return learners.computeIfAbsent(account, a -> dev.asyncjobs.engine.learn.LearnerStore.open(getStore(), a,
                new dev.asyncjobs.engine.learn.DurationLearner(vendorName(), api.durationFeatures()))).learner();
    }

    /**
     * The request budget of one API key at one base URL (the key itself is only kept as a hash). When the job store is
     * shared by several nodes and offers a shared budget ({@link JobStore#requestBudget}), every node's requests with
     * the key take their slots from it: the nodes together stay within {@code rateLimitRequests}.
     */
    public RequestPacer getPacer(String baseUrl, String apiKey) {
        int requests = rateLimitRequests != null ? rateLimitRequests : defaultRateLimitRequests();
        Duration window = rateLimitWindow != null ? rateLimitWindow : defaultRateLimitWindow();
        return pacers.computeIfAbsent(accountId(baseUrl, apiKey), account -> {
            RequestPacer pacer = new RequestPacer(requests, window, clock).maxWait(rateLimitMaxWait);
            if (requests > 0) {
                getStore().requestBudget(account, requests, window, sharedSlotHold(window), nodeId)
                        .ifPresent(pacer::sharedBudget);
            }
            return pacer;
        });
    }

    /**
     * How long a slot of a shared budget stays taken when its node dies before the answer: the longest a request may
     * take (waiting for a connection, connecting, reading) plus one window.
     */
    private Duration sharedSlotHold(Duration window) {
        long read = responseTimeout > 0 ? Math.max(responseTimeout, soTimeout) : soTimeout;
        return Duration.ofMillis(connectionRequestTimeout + connectTimeout + read).plus(window);
    }

    /** What the latest requests of an account say about its health (shared by its producers and consumers). */
    public ApiHealth getApiHealth(String baseUrl, String apiKey) {
        return account(baseUrl, apiKey).health();
    }

    /** The meters of an account: Micrometer's when a MeterRegistry is in the registry, else no-ops. */
    public AsyncJobMetrics getMetrics(String baseUrl, String apiKey) {
        return account(baseUrl, apiKey).metrics();
    }

    /** Told about every request of an account: feeds its health and its meters. */
    public RequestListener getRequestListener(String baseUrl, String apiKey) {
        return account(baseUrl, apiKey).listener();
    }

    private Account account(String baseUrl, String apiKey) {
        return accounts.computeIfAbsent(accountId(baseUrl, apiKey), id -> {
            ApiHealth health = new ApiHealth(clock);
            AsyncJobMetrics metrics = AsyncJobMetricsFactory.create(getCamelContext(), metricsVendorTag(), id);
            return new Account(health, metrics, RequestListener.all(health, metrics));
        });
    }

    /** The {@code vendor} tag of the meters: the component's scheme. */
    private String metricsVendorTag() {
        String scheme = getDefaultName();
        return scheme != null ? scheme : vendorName().toLowerCase(java.util.Locale.ROOT);
    }

    /** Waits for jobs on behalf of producers, created on first use. */
    public CompletionWaiter getCompletionWaiter() {
        CompletionWaiter w = completionWaiter;
        if (w == null) {
            synchronized (this) {
                w = completionWaiter;
                if (w == null) {
                    waitScheduler = getCamelContext().getExecutorServiceManager()
                            .newScheduledThreadPool(this, vendorName() + "JobWaiter", 2);
                    completionExecutor = getCamelContext().getExecutorServiceManager()
                            .newDefaultThreadPool(this, vendorName() + "JobCompletion");
                    w = new CompletionWaiter(waitScheduler, completionExecutor, clock);
                    completionWaiter = w;
                }
            }
        }
        return w;
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        synchronized (this) {
            synchronized (sweepLock) {
                if (sweeper != null) {
                    getCamelContext().getExecutorServiceManager().shutdownNow(sweeper);
                    sweeper = null;
                }
            }
            if (completionWaiter != null) {
                // every exchange still waiting completes now, with an exception naming its job (it stays tracked)
                completionWaiter.stop();
            }
            if (waitScheduler != null) {
                getCamelContext().getExecutorServiceManager().shutdownNow(waitScheduler);
                getCamelContext().getExecutorServiceManager().shutdown(completionExecutor);
                waitScheduler = null;
                completionExecutor = null;
                completionWaiter = null;
            }
            if (httpClient != null) {
                httpClient.close(CloseMode.GRACEFUL);
                httpClient = null;
            }
            // what polling learned is saved (its followers stopped with their consumers); a restart restores it
            learners.values().forEach(dev.asyncjobs.engine.learn.LearnerStore::save);
            learners.clear();
            // the trackers stay: a restarted component keeps following the same jobs
            if (store != null && jobStore == null && trackingFile != null) {
                store.close(); // releases the file's lock; a restart reopens it (a bean's lifecycle is its owner's)
                store = null;
                trackers.clear();
            }
        }
    }

    private javax.net.ssl.SSLContext createSslContext(SSLContextParameters ssl) {
        try {
            return ssl.createSSLContext(getCamelContext());
        } catch (Exception e) {
            throw new IllegalArgumentException("sslContextParameters cannot create an SSL context: " + e.getMessage(), e);
        }
    }

    /** An opaque, stable id of an account: a truncated SHA-256 of base URL and key (the key itself is never kept). */
    public static String accountId(String baseUrl, String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((baseUrl + "\n" + apiKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The clock the component measures polls and budgets with (tests may replace it). */
    public Clock getClock() {
        return clock;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    public org.apache.camel.component.http.HttpClientConfigurer getHttpClientConfigurer() {
        return httpClientConfigurer;
    }

    public void setHttpClientConfigurer(org.apache.camel.component.http.HttpClientConfigurer httpClientConfigurer) {
        this.httpClientConfigurer = httpClientConfigurer;
    }

    public com.fasterxml.jackson.databind.ObjectMapper getObjectMapper() {
        return objectMapper;
    }

    public void setObjectMapper(com.fasterxml.jackson.databind.ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    private volatile com.fasterxml.jackson.databind.ObjectMapper mapper;

    /**
     * The one JSON mapper of this component's endpoints: a copy of the application's {@code objectMapper} when one is
     * set (or autowired from the registry), else the component's own; either way unknown fields are ignored.
     */
    public com.fasterxml.jackson.databind.ObjectMapper mapper() {
        com.fasterxml.jackson.databind.ObjectMapper m = mapper;
        if (m == null) {
            synchronized (this) {
                m = mapper;
                if (m == null) {
                    m = objectMapper != null ? objectMapper.copy()
                            : com.fasterxml.jackson.databind.json.JsonMapper.builder().build();
                    m.configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
                    mapper = m;
                }
            }
        }
        return m;
    }

    public JobStore getJobStore() {
        return jobStore;
    }

    public void setJobStore(JobStore jobStore) {
        this.jobStore = jobStore;
    }

    public Duration getJobRetention() {
        return jobRetention;
    }

    public void setJobRetention(Duration jobRetention) {
        this.jobRetention = jobRetention;
    }

    /** This process's owner id for claims in a shared store. */
    public String getNodeId() {
        return nodeId;
    }

    public String getTrackingFile() {
        return trackingFile;
    }

    public void setTrackingFile(String trackingFile) {
        this.trackingFile = trackingFile;
    }

    public Integer getRateLimitRequests() {
        return rateLimitRequests;
    }

    public void setRateLimitRequests(Integer rateLimitRequests) {
        this.rateLimitRequests = rateLimitRequests;
    }

    public Duration getRateLimitMaxWait() {
        return rateLimitMaxWait;
    }

    public void setRateLimitMaxWait(Duration rateLimitMaxWait) {
        this.rateLimitMaxWait = rateLimitMaxWait;
    }

    public Duration getRateLimitWindow() {
        return rateLimitWindow;
    }

    public void setRateLimitWindow(Duration rateLimitWindow) {
        this.rateLimitWindow = rateLimitWindow;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getConnectionRequestTimeout() {
        return connectionRequestTimeout;
    }

    public void setConnectionRequestTimeout(long connectionRequestTimeout) {
        this.connectionRequestTimeout = connectionRequestTimeout;
    }

    public long getSoTimeout() {
        return soTimeout;
    }

    public void setSoTimeout(long soTimeout) {
        this.soTimeout = soTimeout;
    }

    public long getResponseTimeout() {
        return responseTimeout;
    }

    public void setResponseTimeout(long responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    public int getMaxTotalConnections() {
        return maxTotalConnections;
    }

    public void setMaxTotalConnections(int maxTotalConnections) {
        this.maxTotalConnections = maxTotalConnections;
    }

    public int getConnectionsPerRoute() {
        return connectionsPerRoute;
    }

    public void setConnectionsPerRoute(int connectionsPerRoute) {
        this.connectionsPerRoute = connectionsPerRoute;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public String getProxyAuthUsername() {
        return proxyAuthUsername;
    }

    public void setProxyAuthUsername(String proxyAuthUsername) {
        this.proxyAuthUsername = proxyAuthUsername;
    }

    public String getProxyAuthPassword() {
        return proxyAuthPassword;
    }

    public void setProxyAuthPassword(String proxyAuthPassword) {
        this.proxyAuthPassword = proxyAuthPassword;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    @Override
    public boolean isUseGlobalSslContextParameters() {
        return useGlobalSslContextParameters;
    }

    @Override
    public void setUseGlobalSslContextParameters(boolean useGlobalSslContextParameters) {
        this.useGlobalSslContextParameters = useGlobalSslContextParameters;
    }
}
