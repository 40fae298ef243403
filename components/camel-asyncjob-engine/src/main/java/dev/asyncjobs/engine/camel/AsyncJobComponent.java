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
import dev.asyncjobs.engine.tracking.FileJobStore;
import dev.asyncjobs.engine.tracking.InMemoryJobStore;
import dev.asyncjobs.engine.tracking.JobStore;
import dev.asyncjobs.engine.tracking.JobTracker;
import org.apache.camel.Endpoint;
import org.apache.camel.SSLContextParametersAware;
import org.apache.camel.spi.Metadata;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.jsse.SSLContextParameters;
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
              description = "Where tracked jobs are kept (a bean implementing dev.asyncjobs.engine.tracking.JobStore); default in memory, or trackingFile.")
    private JobStore jobStore;
    @Metadata(label = "advanced",
              description = "A JSON file in which tracked jobs are kept across restarts (used when no jobStore is set).")
    private String trackingFile;
    @Metadata(label = "advanced",
              description = "Requests allowed per rateLimitWindow for one API key, producers and consumers together; defaults to the vendor's documented limit, 0 for none.")
    private Integer rateLimitRequests;
    @Metadata(label = "advanced", javaType = "java.time.Duration",
              description = "The window of rateLimitRequests; defaults to the vendor's.")
    private Duration rateLimitWindow;
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
    @Metadata(label = "proxy", description = "Proxy host.")
    private String proxyHost;
    @Metadata(label = "proxy", description = "Proxy port.")
    private Integer proxyPort;
    @Metadata(label = "proxy", description = "Proxy user name.")
    private String proxyAuthUsername;
    @Metadata(label = "proxy", secret = true, description = "Proxy password.")
    private String proxyAuthPassword;
    @Metadata(label = "security", description = "TLS configuration of the connections to the API.")
    private SSLContextParameters sslContextParameters;
    @Metadata(label = "security", defaultValue = "false", description = "Whether to use the global SSL context parameters.")
    private boolean useGlobalSslContextParameters;

    private volatile Clock clock = Clock.systemUTC();
    private volatile CloseableHttpClient httpClient;
    private volatile JobStore store;
    private final Map<String, JobTracker> trackers = new ConcurrentHashMap<>();
    private volatile CompletionWaiter completionWaiter;
    private ScheduledExecutorService waitScheduler;
    private ExecutorService completionExecutor;
    private final Map<String, RequestPacer> pacers = new ConcurrentHashMap<>();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

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
        AsyncJobEndpoint endpoint = createVendorEndpoint(uri, remaining, getConfiguration().copy());
        setProperties(endpoint, parameters);
        // fail at endpoint creation, not on the first request, and name the option at fault
        endpoint.validateConfiguration();
        return endpoint;
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
                    client = PooledHttpClients.create(settings);
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
        return trackers.computeIfAbsent(accountId(baseUrl, apiKey), account -> new JobTracker(getStore(), clock, account));
    }

    private JobStore getStore() {
        JobStore s = store;
        if (s == null) {
            synchronized (this) {
                s = store;
                if (s == null) {
                    s = jobStore != null ? jobStore
                            : trackingFile != null ? new FileJobStore(Path.of(trackingFile)) : new InMemoryJobStore();
                    store = s;
                }
            }
        }
        return s;
    }

    /** The request budget of one API key at one base URL (the key itself is only kept as a hash). */
    public RequestPacer getPacer(String baseUrl, String apiKey) {
        int requests = rateLimitRequests != null ? rateLimitRequests : defaultRateLimitRequests();
        Duration window = rateLimitWindow != null ? rateLimitWindow : defaultRateLimitWindow();
        return pacers.computeIfAbsent(accountId(baseUrl, apiKey), k -> new RequestPacer(requests, window, clock));
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
            // the tracker stays: a restarted component keeps following the same jobs
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

    public JobStore getJobStore() {
        return jobStore;
    }

    public void setJobStore(JobStore jobStore) {
        this.jobStore = jobStore;
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
