package dev.asyncjobs.engine.client;

import java.net.ProxySelector;

import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;

/** Builds the one pooled Apache HttpClient 5 a component shares between all its endpoints. */
public final class PooledHttpClients {

    private PooledHttpClients() {
    }

    /**
     * A pooled client that never follows redirects by itself (the engine follows them, dropping the API key on the way
     * to another host), never retries by itself (a POST that submits a job must not be sent twice), and keeps no
     * connection state: each request carries its own key and every connection is made with the same TLS settings, so
     * no connection belongs to one user, and tracking each connection's principal cost a host lookup per request
     * (about 2% of a poller's CPU in P2's profile).
     */
    public static CloseableHttpClient create(HttpClientSettings settings) {
        return create(settings, null);
    }

    /**
     * A pooled client with the settings, then handed to {@code customizer} (the application's hook, e.g. camel-http's
     * {@code HttpClientConfigurer}) before it is built, so it can add interceptors, a custom TLS strategy and so on.
     */
    public static CloseableHttpClient create(HttpClientSettings settings,
                                             java.util.function.Consumer<HttpClientBuilder> customizer) {
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxTotalConnections())
                .setMaxConnPerRoute(settings.connectionsPerRoute())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofMilliseconds(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.ofMilliseconds(settings.soTimeout()))
                        .build());
        if (settings.sslContext() != null) {
            pool.setTlsSocketStrategy(new DefaultClientTlsStrategy(settings.sslContext()));
        }
        PoolingHttpClientConnectionManager connectionManager = pool.build();

        RequestConfig.Builder request = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.ofMilliseconds(settings.connectionRequestTimeout()))
                .setRedirectsEnabled(false);
        if (settings.responseTimeout() > 0) {
            request.setResponseTimeout(Timeout.ofMilliseconds(settings.responseTimeout()));
        }

        HttpClientBuilder builder = HttpClients.custom()
                .setConnectionManager(connectionManager)
                .setDefaultRequestConfig(request.build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableConnectionState()
                .useSystemProperties();
        if (settings.proxyHost() != null && !settings.proxyHost().isBlank()) {
            HttpHost proxy = new HttpHost(settings.proxyHost(), settings.proxyPort());
            builder.setProxy(proxy);
            if (settings.proxyAuthUsername() != null) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                char[] password = settings.proxyAuthPassword() == null
                        ? new char[0] : settings.proxyAuthPassword().toCharArray();
                credentials.setCredentials(new AuthScope(proxy),
                        new UsernamePasswordCredentials(settings.proxyAuthUsername(), password));
                builder.setDefaultCredentialsProvider(credentials);
            }
        } else if (customizer == null) {
            // the JVM's proxy settings, as useSystemProperties() reads them, asked once per host; not when the
            // application customizes the builder, whose own setProxy or route planner must keep working
            builder.setRoutePlanner(new CachingProxyRoutePlanner(ProxySelector.getDefault()));
        }
        if (customizer != null) {
            customizer.accept(builder);
        }
        return builder.build();
    }
}
