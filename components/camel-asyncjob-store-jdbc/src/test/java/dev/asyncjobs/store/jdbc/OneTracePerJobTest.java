package dev.asyncjobs.store.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.tracing.TraceParentHeader;
import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;
import dev.asyncjobs.spideriq.SpiderIqComponent;
import dev.asyncjobs.spideriq.api.SpiderSiteRequest;
import dev.asyncjobs.store.jdbc.multinode.JvmProcesses;
import dev.asyncjobs.store.jdbc.multinode.TracedNodeProcess;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.asyncjobs.store.jdbc.multinode.JvmProcesses.awaitLine;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One trace per job across nodes: a job submitted in a trace by one node (its CamelContext), followed by it for a
 * while, then followed to its end by another node on the same database, is one trace. Each node has its own
 * OpenTelemetry (a bean in its registry) with its own in-memory exporter, so the test sees which node recorded what;
 * each node's route starts its span from the transition's {@code traceparent} header, as a tracer would. And a job
 * whose node is killed (kill -9, a process of its own) while it runs ends on another node in the same trace.
 */
class OneTracePerJobTest {

    private static final Duration QUEUED = Duration.ofMinutes(1);
    private static final Duration PROCESSING = Duration.ofMinutes(5);

    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<CamelContext> contexts = new ArrayList<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private SpiderIqSimulator simulator;
    private String prefix;

    /** One node: its context, its component (for its node id), its spans. */
    private record Node(CamelContext context, SpiderIqComponent spideriq, OpenTelemetrySdk otel,
            InMemorySpanExporter spans) {
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        for (CamelContext c : contexts) {
            c.stop();
        }
        pools.forEach(HikariDataSource::close);
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void aJobSubmittedOnOneNodeAndEndedOnAnotherIsOneTrace() throws Exception {
        simulator = SpiderIqSimulator.builder().startTime(Instant.parse("2026-03-12T15:00:00Z")).speed(0)
                .timing(QUEUED, PROCESSING).start();
        prefix = Postgres.freshPrefix();
        Node a = node("node-a");
        a.context().start();

        // the application's trace: a span current while its route submits the job
        Span request = a.otel().getTracer("application").spanBuilder("order received").startSpan();
        String jobId;
        Instant beforeSubmit = Instant.now();
        try (Scope ignored = request.makeCurrent()) {
            jobId = a.context().createProducerTemplate().requestBody("direct:submit",
                    SpiderSiteRequest.of("https://example.com/shop"), String.class);
        } finally {
            request.end();
        }
        Instant afterSubmit = Instant.now();
        String traceId = request.getSpanContext().getTraceId();

        // node A follows the job while it runs
        simulator.clock().advance(QUEUED.plusSeconds(1));
        await().until(() -> seen.contains("node-a processing " + traceId));
        // ... and leaves; node B follows it to its end
        a.context().stop();
        Node b = node("node-b");
        b.context().start();
        simulator.clock().advance(PROCESSING);
        await().until(() -> seen.contains("node-b completed " + traceId));

        // the job's span: recorded once, by the node that saw the end, from the submit to the end, in the trace
        await().until(() -> !jobSpans(b).isEmpty());
        assertEquals(List.of(), jobSpans(a), "node A did not see the end: it recorded no job span");
        SpanData job = jobSpans(b).get(0);
        assertEquals(1, jobSpans(b).size());
        assertEquals(traceId, job.getTraceId(), "the job's span is in the submit's trace");
        assertEquals(request.getSpanContext().getSpanId(), job.getParentSpanId());
        assertEquals(jobId, job.getAttributes().get(AttributeKey.stringKey("asyncjob.job.id")));
        assertEquals(b.spideriq().getNodeId(), job.getAttributes().get(AttributeKey.stringKey("asyncjob.node")));
        assertEquals(a.spideriq().getNodeId(),
                job.getAttributes().get(AttributeKey.stringKey("asyncjob.submitted.node")));
        // within the submit's own request (the store may keep the time to the millisecond), however slow the machine
        Instant jobStart = Instant.ofEpochSecond(0, job.getStartEpochNanos());
        assertTrue(!jobStart.isBefore(beforeSubmit.truncatedTo(ChronoUnit.MILLIS)) && !jobStart.isAfter(afterSubmit),
                "it starts at the submit: " + jobStart + " not within " + beforeSubmit + " .. " + afterSubmit);
        // an event per status, whichever node saw it: the record carried them from node A to node B
        assertEquals(List.of("queued node-a", "processing node-a", "completed node-b"), job.getEvents().stream()
                .map(e -> e.getName() + " " + nodeName(e, a, b)).toList());

        // the routes' own spans on both nodes joined the same trace
        List<SpanData> routeSpans = new ArrayList<>(a.spans().getFinishedSpanItems());
        routeSpans.addAll(b.spans().getFinishedSpanItems());
        routeSpans.removeIf(s -> s.getKind() != SpanKind.CONSUMER);
        assertEquals(2, routeSpans.size(), routeSpans.toString());
        routeSpans.forEach(s -> assertEquals(traceId, s.getTraceId(), s.toString()));
    }

    @Test
    void aJobWhoseNodeWasKilledEndsOnAnotherNodeInTheTraceItWasSubmittedIn() throws Exception {
        simulator = SpiderIqSimulator.builder().startTime(Instant.parse("2026-03-12T15:00:00Z")).speed(0)
                .timing(QUEUED, PROCESSING).start();
        prefix = Postgres.freshPrefix();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String submitSpan = "00f067aa0ba902b7";
        String traceParent = "00-" + traceId + "-" + submitSpan + "-01";

        // node A, a process of its own, submits the job from an exchange carrying the caller's traceparent header
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve("traced-node-a.log");
        Process a = java(TracedNodeProcess.class, log, Postgres.jdbcUrl(), prefix, simulator.baseUrl(),
                simulator.apiKey(), traceParent, "2000");
        String nodeA = awaitLine(log, "READY ", a).substring("READY ".length()).trim();
        String jobId = awaitLine(log, "SUBMITTED ", a).substring("SUBMITTED ".length()).trim();
        simulator.clock().advance(QUEUED.plusSeconds(1));
        assertEquals("SEEN processing " + traceParent, awaitLine(log, "SEEN processing", a),
                "node A's transition carries the submit's trace");
        a.destroyForcibly(); // kill -9
        assertTrue(a.waitFor(30, TimeUnit.SECONDS));

        // node B, this process, follows the job to its end
        Node b = node("node-b");
        b.context().start();
        simulator.clock().advance(PROCESSING);
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("node-b completed " + traceId));
        await().until(() -> !jobSpans(b).isEmpty());

        SpanData job = jobSpans(b).get(0);
        assertEquals(1, jobSpans(b).size());
        assertEquals(traceId, job.getTraceId());
        assertEquals(submitSpan, job.getParentSpanId(), "the job's span is a child of the caller's span");
        assertEquals(jobId, job.getAttributes().get(AttributeKey.stringKey("asyncjob.job.id")));
        assertEquals(nodeA, job.getAttributes().get(AttributeKey.stringKey("asyncjob.submitted.node")));
        assertEquals(List.of("queued " + nodeA, "processing " + nodeA, "completed " + b.spideriq().getNodeId()),
                job.getEvents().stream().map(e -> e.getName() + " "
                        + e.getAttributes().get(AttributeKey.stringKey("asyncjob.node"))).toList(),
                "the statuses node A saw before it died are in the job's span");
    }

    private static final Path LOGS = Path.of("target", "multinode");

    private Process java(Class<?> main, Path log, String... args) throws IOException {
        Process p = JvmProcesses.start(main, log, args);
        processes.add(p);
        return p;
    }


    private List<SpanData> jobSpans(Node node) {
        return node.spans().getFinishedSpanItems().stream().filter(s -> s.getName().equals("spideriq job")).toList();
    }

    private static String nodeName(EventData event, Node a, Node b) {
        String node = event.getAttributes().get(AttributeKey.stringKey("asyncjob.node"));
        return node.equals(a.spideriq().getNodeId()) ? "node-a" : node.equals(b.spideriq().getNodeId()) ? "node-b" : node;
    }

    /**
     * A node: the spideriq component on the shared tables, its own OpenTelemetry, a submit route and a route that
     * follows every job (consumer group "audit", as every replica runs it) and records what it got, with the trace id
     * of the span it started from the transition's traceparent.
     */
    private Node node(String name) throws Exception {
        HikariDataSource pool = Postgres.pool(Postgres.jdbcUrl(), 4);
        pools.add(pool);
        JdbcJobStore store = new JdbcJobStore(pool);
        store.setTablePrefix(prefix);
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();

        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        context.getRegistry().bind("openTelemetry", otel);
        SpiderIqComponent spideriq = new SpiderIqComponent();
        spideriq.setJobStore(store);
        spideriq.getConfiguration().setBaseUrl(simulator.baseUrl());
        spideriq.getConfiguration().setApiKey(simulator.apiKey());
        context.addComponent("spideriq", spideriq);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("spideriq:crawls?jobType=spiderSite").setBody(header(AsyncJobConstants.JOB_ID));
                from("spideriq:jobs?consumerGroup=audit&delay=20&initialDelay=0&firstPollDelay=0&pollingMode=fixed")
                        .process(e -> {
                            String traceParent = e.getMessage().getHeader(AsyncJobConstants.TRACEPARENT, String.class);
                            Span route = otel.getTracer("route").spanBuilder("follow").setSpanKind(SpanKind.CONSUMER)
                                    .setParent(TraceParentHeader.context(traceParent)).startSpan();
                            route.end();
                            seen.add(name + " " + e.getMessage().getHeader(AsyncJobConstants.STATUS) + " "
                                    + route.getSpanContext().getTraceId());
                        });
            }
        });
        return new Node(context, spideriq, otel, spans);
    }
}
