package dev.asyncjobs.engine.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CachingProxyRoutePlannerTest {

    /** Proxies vendor.example through proxy.example:3128, the rest direct; remembers what it was asked. */
    static final class RecordingSelector extends ProxySelector {
        final List<URI> asked = new ArrayList<>();

        @Override
        public synchronized List<Proxy> select(URI uri) {
            asked.add(uri);
            return "vendor.example".equals(uri.getHost())
                    ? List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.example", 3128)))
                    : List.of(Proxy.NO_PROXY);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        }
    }

    @Test
    void theJvmsProxySettingsAreAskedOncePerHost() throws Exception {
        RecordingSelector selector = new RecordingSelector();
        CachingProxyRoutePlanner planner = new CachingProxyRoutePlanner(selector);
        HttpHost vendor = new HttpHost("https", "vendor.example", 443);
        HttpHost storage = new HttpHost("https", "storage.example", 443);

        for (int i = 0; i < 3; i++) {
            planner.determineRoute(vendor, HttpClientContext.create());
            planner.determineRoute(storage, HttpClientContext.create());
        }

        assertEquals(List.of(URI.create("https://vendor.example:443"), URI.create("https://storage.example:443")),
                selector.asked);
    }

    @Test
    void aHostTheSettingsProxyGoesThroughTheProxyAndTheOthersGoDirect() throws Exception {
        CachingProxyRoutePlanner planner = new CachingProxyRoutePlanner(new RecordingSelector());

        HttpRoute proxied = planner.determineRoute(new HttpHost("https", "vendor.example", 443),
                HttpClientContext.create());
        HttpRoute direct = planner.determineRoute(new HttpHost("https", "storage.example", 443),
                HttpClientContext.create());

        assertEquals(new HttpHost("http", "proxy.example", 3128), proxied.getProxyHost());
        assertNull(direct.getProxyHost());
        // asked again, the cached answers are the same
        assertEquals(proxied, planner.determineRoute(new HttpHost("https", "vendor.example", 443),
                HttpClientContext.create()));
    }
}
