package dev.asyncjobs.engine.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pooled client reaches a vendor through the proxy the JVM's settings name (a host that does not resolve, so only
 * the proxy can answer), and an application's customizer that sets its own proxy still has it used.
 */
class PooledHttpClientsProxyTest {

    private WireMockServer proxy;
    private ProxySelector jvmDefault;

    @BeforeEach
    void startProxy() {
        proxy = new WireMockServer(options().dynamicPort());
        proxy.start();
        proxy.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/api/jobs/1"))
                .willReturn(okJson("{\"status\":\"done\"}")));
        jvmDefault = ProxySelector.getDefault();
    }

    @AfterEach
    void restore() {
        ProxySelector.setDefault(jvmDefault);
        proxy.stop();
    }

    @Test
    void theJvmsProxySettingsAreFollowed() throws Exception {
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return "vendor.invalid".equals(uri.getHost())
                        ? List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("localhost", proxy.port())))
                        : List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        });
        try (CloseableHttpClient client = PooledHttpClients.create(HttpClientSettings.defaults())) {
            for (int i = 0; i < 2; i++) { // the second request uses the kept answer
                assertEquals("{\"status\":\"done\"}", get(client, "http://vendor.invalid/api/jobs/1"));
            }
        }
        proxy.verify(2, getRequestedFor(urlPathEqualTo("/api/jobs/1")));
    }

    @Test
    void aCustomizersOwnProxyIsUsed() throws Exception {
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        });
        try (CloseableHttpClient client = PooledHttpClients.create(HttpClientSettings.defaults(),
                builder -> builder.setProxy(new HttpHost("localhost", proxy.port())))) {
            assertEquals("{\"status\":\"done\"}", get(client, "http://vendor.invalid/api/jobs/1"));
        }
        proxy.verify(1, getRequestedFor(urlPathEqualTo("/api/jobs/1")));
    }

    private static String get(CloseableHttpClient client, String url) throws IOException {
        return client.execute(new HttpGet(url), response -> EntityUtils.toString(response.getEntity()));
    }
}
