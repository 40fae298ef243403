package dev.asyncjobs.engine.client;

import java.net.ProxySelector;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The JVM's proxy settings ({@code https.proxyHost}, {@code http.nonProxyHosts}, or an application's
 * {@link ProxySelector}), asked once per target host rather than on every request.
 * <p>
 * Why: Apache's {@link SystemDefaultRoutePlanner} builds a {@code java.net.URI} and runs the selector on each request;
 * with the JDK's selector that reads and matches the system properties each time, about 7% of a status poller's CPU
 * in the benchmarks' profile. A component talks to one vendor host, and to a few hosts its downloads redirect to, so
 * the answer per host is asked once and kept. The price: proxy settings changed after a host's first request are not
 * seen until the component restarts.
 */
final class CachingProxyRoutePlanner extends SystemDefaultRoutePlanner {

    /** More hosts than this (a redirect to a new host per download, say) and the cache starts afresh. */
    static final int MAX_HOSTS = 256;

    private final Map<HttpHost, Optional<HttpHost>> proxies = new ConcurrentHashMap<>();

    CachingProxyRoutePlanner(ProxySelector selector) {
        super(selector);
    }

    @Override
    protected HttpHost determineProxy(HttpHost target, HttpContext context) throws HttpException {
        Optional<HttpHost> known = proxies.get(target);
        if (known == null) {
            known = Optional.ofNullable(super.determineProxy(target, context));
            if (proxies.size() >= MAX_HOSTS) {
                proxies.clear();
            }
            proxies.put(target, known);
        }
        return known.orElse(null);
    }
}
