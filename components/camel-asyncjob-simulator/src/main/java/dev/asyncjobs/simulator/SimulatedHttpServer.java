package dev.asyncjobs.simulator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.standalone.MappingsSource;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One in-process WireMock server on 127.0.0.1 whose catch-all stub is answered by Java code. */
final class SimulatedHttpServer implements AutoCloseable {

    static final String BIND_ADDRESS = "127.0.0.1";
    /** Full records kept per server; counts stay exact beyond that. */
    static final int JOURNAL_CAPACITY = 10_000;
    /** A truncated JSON document, as a proxy cutting the body mid-way would deliver. */
    static final String TRUNCATED_JSON = "{\"status\": \"processing\", \"created_at\": \"20";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedHttpServer.class);
    private static final String EXTENSION_NAME = "asyncjob-simulator-dispatcher";

    private final String name;
    private final WireMockServer server;
    private final RequestJournal journal = new RequestJournal(JOURNAL_CAPACITY);
    private final FaultInjector faults = new FaultInjector();
    private final Function<RecordedRequest, SimulatorResponse> handler;
    private final BiFunction<Integer, String, SimulatorResponse> errors;

    /**
     * @param name    for logs
     * @param port    0 for a random free port
     * @param handler answers requests that no fault took
     * @param errors  renders an error answer (status, message) in the format of the API being simulated
     */
    SimulatedHttpServer(String name, int port, Function<RecordedRequest, SimulatorResponse> handler,
            BiFunction<Integer, String, SimulatorResponse> errors) {
        this.name = name;
        this.handler = handler;
        this.errors = errors;
        WireMockConfiguration config = WireMockConfiguration.options()
                .bindAddress(BIND_ADDRESS)
                // Jetty needs acceptors + selectors + a few workers; 12 is plenty for tests and small benchmarks
                .containerThreads(12)
                .jettyAcceptors(1)
                // delayed (slow fault) answers wait on a scheduler instead of blocking a container thread
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(4)
                // we keep our own journal, bounded and including faulted requests
                .disableRequestJournal()
                .stubRequestLoggingDisabled(true)
                .mappingSource(NO_FILE_MAPPINGS)
                .notifier(new LogNotifier(name))
                .extensions(new Dispatcher());
        if (port > 0) {
            config.port(port);
        } else {
            config.dynamicPort();
        }
        this.server = new WireMockServer(config);
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        LOG.debug("{} listening on {}", name, baseUrl());
    }

    String baseUrl() {
        return "http://" + BIND_ADDRESS + ":" + server.port();
    }

    int port() {
        return server.port();
    }

    FaultInjector faults() {
        return faults;
    }

    RequestJournal journal() {
        return journal;
    }

    /** Forgets journal and queued faults. */
    void reset() {
        journal.clear();
        faults.clear();
    }

    @Override
    public void close() {
        if (server.isRunning()) {
            server.stop();
        }
    }

    private SimulatorResponse answer(RecordedRequest request) {
        FaultInjector.Fault fault = faults.take(request.method(), request.path());
        if (fault == null) {
            return callHandler(request);
        }
        LOG.debug("{}: fault {} for {}", name, fault.kind(), request);
        switch (fault.kind()) {
            case RATE_LIMITED:
                return withRetryAfter(errors.apply(429, "Too many requests"), fault.duration());
            case STATUS:
                return withRetryAfter(errors.apply(fault.status(), "Injected fault " + fault.status()), fault.duration());
            case SERVER_ERROR:
                return errors.apply(500, "Internal server error");
            case SLOW:
                return callHandler(request).withDelay(fault.duration());
            case CONNECTION_RESET:
                return SimulatorResponse.connectionReset();
            case MALFORMED_JSON:
                // The handler is not called, so a malformed answer never has side effects (e.g. creating a job).
                return SimulatorResponse.body(200, "application/json", TRUNCATED_JSON);
            default:
                throw new IllegalStateException("unknown fault " + fault.kind());
        }
    }

    private static SimulatorResponse withRetryAfter(SimulatorResponse response, Duration retryAfter) {
        if (retryAfter == null) {
            return response;
        }
        long seconds = (retryAfter.toMillis() + 999) / 1000;
        return response.withHeader("Retry-After", Long.toString(seconds));
    }

    private SimulatorResponse callHandler(RecordedRequest request) {
        try {
            return handler.apply(request);
        } catch (RuntimeException e) {
            LOG.error("{}: handler failed for {}", name, request, e);
            return errors.apply(500, "Internal server error");
        }
    }

    private static RecordedRequest record(LoggedRequest request) {
        String url = request.getUrl();
        int q = url.indexOf('?');
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpHeader h : request.getHeaders().all()) {
            headers.put(h.key(), h.values());
        }
        return new RecordedRequest(request.getMethod().getName(), q < 0 ? url : url.substring(0, q),
                q < 0 ? null : url.substring(q + 1), headers, request.getBody(), Instant.now());
    }

    private static ResponseDefinition toWireMock(SimulatorResponse response) {
        ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition();
        if (response.isConnectionReset()) {
            return b.withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        }
        b.withStatus(response.statusCode());
        response.headers().forEach((k, v) -> b.withHeader(k, v.toArray(String[]::new)));
        byte[] body = response.bodyBytes();
        if (body != null) {
            b.withBody(body);
        }
        if (response.delay() != null) {
            b.withFixedDelay(Math.toIntExact(response.delay().toMillis()));
        }
        return b.build();
    }

    /** Turns each request matched by the catch-all stub into the simulator's answer. */
    private final class Dispatcher implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            RecordedRequest request = record(serveEvent.getRequest());
            journal.record(request);
            return toWireMock(answer(request));
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public String getName() {
            return EXTENSION_NAME;
        }
    }

    /** Routes WireMock's own messages to SLF4J at debug level instead of the console. */
    private static final class LogNotifier implements Notifier {
        private final String name;

        LogNotifier(String name) {
            this.name = name;
        }

        @Override
        public void info(String message) {
            LOG.debug("{}: {}", name, message);
        }

        @Override
        public void error(String message) {
            LOG.warn("{}: {}", name, message);
        }

        @Override
        public void error(String message, Throwable t) {
            LOG.warn("{}: {}", name, message, t);
        }
    }

    /** Never loads stubs from files (WireMock would otherwise read src/test/resources/mappings of the caller). */
    @SuppressWarnings("removal") // MappingsSaver.remove(StubMapping) is still abstract in WireMock 3.13
    private static final MappingsSource NO_FILE_MAPPINGS = new MappingsSource() {
        @Override
        public void loadMappingsInto(StubMappings stubMappings) {
        }

        @Override
        public void save(List<StubMapping> stubMappings) {
        }

        @Override
        public void save(StubMapping stubMapping) {
        }

        @Override
        public void remove(StubMapping stubMapping) {
        }

        @Override
        public void removeAll() {
        }
    };
}
