package dev.asyncjobs.engine.tracing;

import io.opentelemetry.context.Context;

/**
 * For tests outside this package (the JDBC store's, through the test-jar) whose routes start spans from a
 * transition's {@code traceparent} header, as a tracer would: the header read by the engine's own parser, so a test
 * cannot pass on a parser of its own that disagrees with the engine's.
 */
public final class TraceParentHeader {

    private TraceParentHeader() {
    }

    /** The context {@code traceParent} names, to start a child span from; the root context when it is null. */
    public static Context context(String traceParent) {
        return OpenTelemetryJobTracing.parse(traceParent);
    }
}
