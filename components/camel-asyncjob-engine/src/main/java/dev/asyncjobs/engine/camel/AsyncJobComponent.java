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

import dev.asyncjobs.engine.client.ApiHealth;
import dev.asyncjobs.engine.client.HttpClientSettings;
import dev.asyncjobs.engine.client.PooledHttpClients;
import dev.asyncjobs.engine.client.RequestListener;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.engine.follow.Account;
import dev.asyncjobs.engine.follow.FollowLoop;
import dev.asyncjobs.engine.follow.JobTracker;
import dev.asyncjobs.engine.metrics.AsyncJobMetrics;
import dev.asyncjobs.engine.metrics.AsyncJobMetricsFactory;
import dev.asyncjobs.engine.store.InMemoryJobStore;
import dev.asyncjobs.engine.store.JobStore;
import dev.asyncjobs.engine.store.MvStoreJobStore;
import dev.asyncjobs.engine.tracing.JobTracing;
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
              description = "Where followed jobs are kept (a bean implementing dev.asyncjobs.engine.store.JobStore, e.g. the JDBC store for several nodes); default in memory, or trackingFile.")
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
    @Metadata(label = "advanced",
              description = "Requests of rateLimitRequests that the engine's own requests (status polls, results fetched for consumers, adoption and reconciliation lists) never take, kept for submits and the producer's other operations so that a user's exchange does not wait behind them; defaults to a tenth of the budget (at least 1 of a budget above 1), 0 lets them take the whole budget. Must be below rateLimitRequests.")
    private Integer rateLimitReserve;
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
    /** The accounts (API key at a base URL) this component's endpoints use, by their opaque id. */
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private volatile ExecutorService completions;

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
        validateRateLimitReserve(scheme);
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

    /** An explicit reserve is honoured or refused: it must leave polls at least one request of a budget there is. */
    private void validateRateLimitReserve(String scheme) {
        if (rateLimitReserve == null) {
            return;
        }
        int requests = rateLimitRequests != null ? rateLimitRequests : defaultRateLimitRequests();
        if (rateLimitReserve < 0) {
            throw new IllegalArgumentException("The rateLimitReserve option of the " + scheme
                    + " component must be 0 (polls may take the whole budget) or more, was " + rateLimitReserve);
        }
        if (rateLimitReserve > 0 && requests <= 0) {
            throw new IllegalArgumentException("The rateLimitReserve option of the " + scheme + " component ("
                    + rateLimitReserve + ") keeps requests of the key's budget from polls, but there is no"
                    + " client-side budget (rateLimitRequests is 0): set rateLimitRequests, or remove rateLimitReserve");
        }
        if (rateLimitReserve > 0 && rateLimitReserve >= requests) {
            throw new IllegalArgumentException("The rateLimitReserve option of the " + scheme + " component ("
                    + rateLimitReserve + ") leaves polls no request of the budget of " + requests
                    + " per rateLimitWindow, so no job would be followed: set rateLimitReserve below " + requests
                    + " (by default it is " + defaultReserve(requests) + "), or raise rateLimitRequests");
        }
    }

    /** A tenth of the budget, at least 1 of a budget above 1: submits then never wait behind a window full of polls. */
    static int defaultReserve(int requests) {
        return requests > 1 ? Math.max(1, requests / 10) : 0;
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
     * The account of an API key at a base URL: its jobs, request budget, health, meters, learned durations and follow
     * loop, shared by this component's producers and consumers that use it (a job is always polled with the key it
     * was submitted with). Created on first use.
     */
    public Account account(String baseUrl, String apiKey) {
        String id = accountId(baseUrl, apiKey);
        Account account = accounts.get(id);
        if (account != null) {
            return account;
        }
        synchronized (accounts) {
            account = accounts.get(id);
            if (account == null) {
                JobTracker tracker = new JobTracker(getStore(), clock, id);
                tracker.setRetention(jobRetention);
                tracker.setTracing(JobTracing.of(getCamelContext(), metricsVendorTag(),
                        nodeId));
                account = new Account(id, vendorName(), tracker, newPacer(id), new ApiHealth(Clock.systemUTC()),
                        AsyncJobMetricsFactory.create(getCamelContext(), metricsVendorTag(), id), nodeId, threads);
                accounts.put(id, account);
                scheduleRetentionSweep(tracker);
            }
            return account;
        }
    }

    /** The accounts in use, for operators (dev console) and the component's lifecycle. */
    public java.util.Collection<Account> accounts() {
        return java.util.List.copyOf(accounts.values());
    }

    /** The jobs of one account (see {@link #account}). */
    public JobTracker getTracker(String baseUrl, String apiKey) {
        return account(baseUrl, apiKey).tracker();
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
            accounts.values().forEach(Account::stopWaits);
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
        accounts.values().forEach(a -> scheduleRetentionSweep(a.tracker())); // after a restart of the component
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

    /** The loop's threads, from Camel's ExecutorServiceManager (named, managed, shut down with the context). */
    private final Account.Threads threads = new Account.Threads() {
        @Override
        public ScheduledExecutorService timer(String name) {
            return getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(
                    AsyncJobComponent.this, name);
        }

        @Override
        public ExecutorService pool(String name, int size) {
            return getCamelContext().getExecutorServiceManager().newFixedThreadPool(AsyncJobComponent.this, name, size);
        }

        @Override
        public java.util.concurrent.Executor completions() {
            ExecutorService c = completions;
            if (c == null) {
                synchronized (AsyncJobComponent.this) {
                    c = completions;
                    if (c == null) {
                        c = getCamelContext().getExecutorServiceManager().newDefaultThreadPool(
                                AsyncJobComponent.this, vendorName() + "JobCompletion");
                        completions = c;
                    }
                }
            }
            return c;
        }

        @Override
        public void shutdown(ScheduledExecutorService timer, ExecutorService pool) {
            getCamelContext().getExecutorServiceManager().shutdownNow(timer);
            getCamelContext().getExecutorServiceManager().shutdownGraceful(pool);
        }
    };

    /** How the account's loop runs, from the endpoint of its first subscriber. */
    Account.LoopSpec loopSpec(AsyncJobEndpoint endpoint) {
        AsyncJobConfiguration config = endpoint.getConfiguration();
        // what the loop sends (status checks, result fetches, reconciliation lists) is the engine's own work
        return new Account.LoopSpec(endpoint.getBackgroundApi(), endpoint.getFollowPollPolicy(),
                new FollowLoop.Settings(config.getMaxConcurrentPolls(), Duration.ofMillis(config.getMaxPollBackoff()),
                        Duration.ofMillis(config.getLeaseDuration()), config.notFoundRule(),
                        Duration.ofMillis(config.getAuthFailureRetryDelay()),
                        Duration.ofMillis(Math.max(1, endpoint.getDelay()))));
    }

    /**
     * The request budget of a new account. When the job store is shared by several nodes and offers a shared budget
     * ({@link JobStore#requestBudget}), every node's requests with the key take their slots from it: the nodes together
     * stay within {@code rateLimitRequests}. Real time, as the vendor counts it: a simulator's faster clock must not
     * speed the budget up.
     */
    private RequestPacer newPacer(String account) {
        int requests = rateLimitRequests != null ? rateLimitRequests : defaultRateLimitRequests();
        Duration window = rateLimitWindow != null ? rateLimitWindow : defaultRateLimitWindow();
        RequestPacer pacer = new RequestPacer(requests, window, Clock.systemUTC()).maxWait(rateLimitMaxWait)
                .reserve(rateLimitReserve != null ? rateLimitReserve : defaultReserve(requests));
        if (requests > 0) {
            getStore().requestBudget(account, requests, window, sharedSlotHold(window), nodeId)
                    .ifPresent(pacer::sharedBudget);
        }
        return pacer;
    }

    /**
     * How long a slot of a shared budget stays taken when its node dies before the answer: the longest a request may
     * take (waiting for a connection, connecting, reading) plus one window.
     */
    private Duration sharedSlotHold(Duration window) {
        long read = responseTimeout > 0 ? Math.max(responseTimeout, soTimeout) : soTimeout;
        return Duration.ofMillis(connectionRequestTimeout + connectTimeout + read).plus(window);
    }

    /** The {@code vendor} tag of the meters: the component's scheme. */
    private String metricsVendorTag() {
        String scheme = getDefaultName();
        return scheme != null ? scheme : vendorName().toLowerCase(java.util.Locale.ROOT);
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
            // every loop stops (their consumers stopped with their routes): a wait still pending completes now, with an
            // exception naming its job (it stays tracked), and what polling learned is saved; a restart restores it
            accounts.values().forEach(Account::stop);
            if (completions != null) {
                getCamelContext().getExecutorServiceManager().shutdown(completions);
                completions = null;
            }
            if (httpClient != null) {
                httpClient.close(CloseMode.GRACEFUL);
                httpClient = null;
            }
            // the accounts stay: a restarted component keeps following the same jobs
            if (store != null && jobStore == null && trackingFile != null) {
                store.close(); // releases the file's lock; a restart reopens it (a bean's lifecycle is its owner's)
                store = null;
                accounts.clear();
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

    public Integer getRateLimitReserve() {
        return rateLimitReserve;
    }

    public void setRateLimitReserve(Integer rateLimitReserve) {
        this.rateLimitReserve = rateLimitReserve;
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
