package dev.asyncjobs.engine.tracing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.asyncjobs.engine.spi.FakeAsyncJobApi;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.engine.follow.FollowLoop;
import dev.asyncjobs.engine.follow.NotFoundRule;
import dev.asyncjobs.engine.follow.RecordingGroup;
import dev.asyncjobs.engine.follow.JobTracker;
import dev.asyncjobs.engine.store.MvStoreJobStore;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job's trace with OpenTelemetry: taken from the submitting exchange's traceparent header, kept in the store file
 * across a restart, carried by the transition after it, and closed by the job's span with an event per status.
 */
class JobTracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SUBMIT_SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + SUBMIT_SPAN + "-01";

    @TempDir
    Path dir;

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final CamelContext context = new DefaultCamelContext();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private MvStoreJobStore store;
    private FollowLoop follower;

    @AfterEach
    void stop() {
        if (follower != null) {
            follower.stop();
        }
        timer.shutdownNow();
        pool.shutdownNow();
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aJobSubmittedWithATraceparentEndsInThatTraceAfterARestart() {
        context.getRegistry().bind("openTelemetry", OpenTelemetrySdk.builder().setTracerProvider(
                SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build());
        FakeAsyncJobApi api = new FakeAsyncJobApi();
        Path file = dir.resolve("jobs.db");

        // before the restart: submitted from an exchange that carries its trace as a header
        JobTracker before = tracker(file, "node-1");
        Exchange submit = new DefaultExchange(context);
        submit.getMessage().setHeader(AsyncJobConstants.TRACEPARENT, TRACEPARENT);
        String traceParent = before.tracing().traceParentOf(submit);
        assertEquals(TRACEPARENT, traceParent);
        api.setStatus("job-1", "running");
        before.trackSubmitted(JobRef.of("job-1"), FakeAsyncJobApi.snapshot("job-1", "pending"), traceParent);
        store.close();

        // after it, this process follows the job to its end
        JobTracker after = tracker(file, "node-2");
        List<String> received = new CopyOnWriteArrayList<>();
        follower = new FollowLoop(after, api, api.pollPolicy(), RequestPacer.unlimited(), timer, pool,
                new FollowLoop.Settings(2, Duration.ofMillis(100), Duration.ofSeconds(30),
                        new NotFoundRule(1, Duration.ZERO), Duration.ofSeconds(1), Duration.ofMillis(20)), "node-2");
        follower.start();
        follower.subscribe(new RecordingGroup("audit", s -> true, false,
                d -> d.snapshot().status() + " " + d.traceParent(), received));
        await().until(() -> received.contains("running " + TRACEPARENT));
        api.setStatus("job-1", "done");
        await().until(() -> after.size() == 0);

        assertEquals(List.of("running " + TRACEPARENT, "done " + TRACEPARENT), received,
                "every transition carries the submit's trace");
        List<SpanData> finished = spans.getFinishedSpanItems();
        assertEquals(1, finished.size(), finished.toString());
        SpanData job = finished.get(0);
        assertEquals("fake job", job.getName());
        assertEquals(TRACE_ID, job.getTraceId());
        assertEquals(SUBMIT_SPAN, job.getParentSpanId());
        assertEquals(List.of("pending node-1", "running node-2", "done node-2"), job.getEvents().stream()
                .map(e -> e.getName() + " " + e.getAttributes().get(AttributeKey.stringKey("asyncjob.node"))).toList());
        assertEquals("SUCCEEDED", job.getAttributes().get(AttributeKey.stringKey("asyncjob.phase")));
    }

    @Test
    void aSubmitOutsideAnyTraceStartsOneWhenTheApplicationRecordsSpans() {
        context.getRegistry().bind("openTelemetry", OpenTelemetrySdk.builder().setTracerProvider(
                SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build());

        String traceParent = JobTracing.of(context, "fake", "node-1").traceParentOf(new DefaultExchange(context));

        SpanData submit = spans.getFinishedSpanItems().get(0);
        assertEquals("fake submit", submit.getName());
        assertEquals("00-" + submit.getTraceId() + "-" + submit.getSpanId() + "-"
                + submit.getSpanContext().getTraceFlags().asHex(), traceParent);
        assertNotEquals(TRACE_ID, submit.getTraceId());
    }

    @Test
    void withoutAnOpenTelemetryOfTheApplicationNothingIsKept() {
        // the API is on the classpath, but the application set up no OpenTelemetry (no bean, no global one)
        JobTracker tracker = tracker(dir.resolve("jobs.db"), "node-1");

        assertNull(tracker.tracing().traceParentOf(new DefaultExchange(context)));
        tracker.trackSubmitted(JobRef.of("job-1"), FakeAsyncJobApi.snapshot("job-1", "pending"), null);
        assertNull(tracker.get("job-1").orElseThrow().trace());
        assertTrue(spans.getFinishedSpanItems().isEmpty());
    }

    private JobTracker tracker(Path file, String node) {
        store = new MvStoreJobStore(file);
        store.open();
        JobTracker tracker = new JobTracker(store, Clock.systemUTC(), "acct");
        tracker.setTracing(JobTracing.of(context, "fake", node));
        return tracker;
    }
}
