package dev.asyncjobs.engine.client;

import javax.net.ssl.SSLContext;

/**
 * Connection settings for the pooled Apache HttpClient 5 a component shares between its endpoints. The names are
 * camel-http's, so users configure these components the way they configure camel-http.
 *
 * @param connectTimeout           millis to establish a connection
 * @param connectionRequestTimeout millis to wait for a connection from the pool
 * @param soTimeout                socket read timeout in millis
 * @param responseTimeout          millis to wait for a response after the request was sent (0 = soTimeout)
 * @param maxTotalConnections      pool size
 * @param connectionsPerRoute      pool size per host
 * @param proxyHost                proxy host, or null
 * @param proxyPort                proxy port
 * @param proxyAuthUsername        proxy user, or null
 * @param proxyAuthPassword        proxy password, or null
 * @param sslContext               TLS context, or null for the JVM default
 */
public record HttpClientSettings(
        long connectTimeout,
        long connectionRequestTimeout,
        long soTimeout,
        long responseTimeout,
        int maxTotalConnections,
        int connectionsPerRoute,
        String proxyHost,
        int proxyPort,
        String proxyAuthUsername,
        String proxyAuthPassword,
        SSLContext sslContext) {

    /** Defaults fit for polling APIs: 30 s to connect, 60 s to read, 20 connections per host. */
    public static HttpClientSettings defaults() {
        return new HttpClientSettings(30_000, 30_000, 60_000, 0, 200, 20, null, 0, null, null, null);
    }

    @Override
    public String toString() {
        // the proxy password stays out of logs
        return "HttpClientSettings[connectTimeout=" + connectTimeout + ", soTimeout=" + soTimeout + ", responseTimeout="
                + responseTimeout + ", maxTotalConnections=" + maxTotalConnections + ", proxyHost=" + proxyHost + "]";
    }
}
