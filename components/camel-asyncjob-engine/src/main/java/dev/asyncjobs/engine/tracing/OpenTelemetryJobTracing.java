package dev.asyncjobs.engine.tracing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.engine.store.JobTrace;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * {@link JobTracing} on the OpenTelemetry API: the application's {@link OpenTelemetry} (a bean in the Camel registry,
 * else the global one once the application set it; never the global one before, which would keep the application
 * from setting it later). The only class of the engine that touches OpenTelemetry's types.
 */
final class OpenTelemetryJobTracing extends JobTracing {

    /** The instrumentation scope of the spans. */
    static final String SCOPE = "dev.asyncjobs.camel-asyncjob";
    static final AttributeKey<String> VENDOR = AttributeKey.stringKey("asyncjob.vendor");
    static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("asyncjob.job.id");
    static final AttributeKey<String> JOB_TYPE = AttributeKey.stringKey("asyncjob.job.type");
    static final AttributeKey<String> ACCOUNT = AttributeKey.stringKey("asyncjob.account");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("asyncjob.status");
    static final AttributeKey<String> PHASE = AttributeKey.stringKey("asyncjob.phase");
    static final AttributeKey<String> NODE = AttributeKey.stringKey("asyncjob.node");
    static final AttributeKey<String> SUBMITTED_BY = AttributeKey.stringKey("asyncjob.submitted.node");

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final CamelContext context;
    private final String vendor;

    OpenTelemetryJobTracing(CamelContext context, String vendor, String node) {
        super(node);
        this.context = context;
        this.vendor = vendor;
    }

    @Override
    public String traceParentOf(Exchange exchange) {
        SpanContext current = Span.current().getSpanContext();
        if (current.isValid()) {
            return traceParent(current);
        }
        String header = exchange.getMessage().getHeader(AsyncJobConstants.TRACEPARENT, String.class);
        if (header != null) {
            SpanContext fromHeader = Span.fromContext(parse(header)).getSpanContext();
            if (fromHeader.isValid()) {
                return traceParent(fromHeader);
            }
        }
        // submitted outside any trace: the job starts one of its own, when the application records spans
        OpenTelemetry otel = openTelemetry();
        if (otel == null) {
            return null;
        }
        Span submit = otel.getTracer(SCOPE).spanBuilder(vendor + " submit").setNoParent()
                .setSpanKind(SpanKind.PRODUCER).setAttribute(NODE, node()).startSpan();
        submit.end();
        return submit.getSpanContext().isValid() ? traceParent(submit.getSpanContext()) : null;
    }

    @Override
    protected void recordJobSpan(JobRecord ended) {
        OpenTelemetry otel = openTelemetry();
        if (otel == null) {
            return;
        }
        JobTrace trace = ended.trace();
        List<JobTrace.Transition> transitions = trace.transitions();
        JobTrace.Transition first = transitions.get(0);
        JobTrace.Transition last = transitions.get(transitions.size() - 1);
        Span span = otel.getTracer(SCOPE).spanBuilder(vendor + " job").setParent(parse(trace.traceParent()))
                .setSpanKind(SpanKind.INTERNAL).setStartTimestamp(first.at())
                .setAttribute(VENDOR, vendor).setAttribute(JOB_ID, ended.jobId())
                .setAttribute(ACCOUNT, ended.account()).setAttribute(STATUS, last.status())
                .setAttribute(PHASE, last.phase().name()).setAttribute(NODE, last.node())
                .setAttribute(SUBMITTED_BY, first.node()).startSpan();
        if (ended.ref().jobType() != null) {
            span.setAttribute(JOB_TYPE, ended.ref().jobType());
        }
        for (JobTrace.Transition t : transitions) {
            span.addEvent(t.status(), Attributes.of(PHASE, t.phase().name(), NODE, t.node()), t.at());
        }
        if (last.phase() == JobPhase.FAILED || last.phase() == JobPhase.EXPIRED || last.phase() == JobPhase.NOT_FOUND) {
            span.setStatus(StatusCode.ERROR, "the job ended " + last.phase() + " (" + last.status() + ")");
        }
        span.end(last.at());
    }

    /** The registry's OpenTelemetry, else the global one if the application set it, else null. */
    private OpenTelemetry openTelemetry() {
        OpenTelemetry bean = context.getRegistry().findSingleByType(OpenTelemetry.class);
        if (bean != null) {
            return bean;
        }
        return GlobalOpenTelemetry.isSet() ? GlobalOpenTelemetry.get() : null;
    }

    /** The context a W3C {@code traceparent} header names. Package-private: tests read headers as the engine does. */
    static Context parse(String traceParent) {
        Map<String, String> carrier = new HashMap<>();
        carrier.put(AsyncJobConstants.TRACEPARENT, traceParent);
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, MAP_GETTER);
    }

    private static String traceParent(SpanContext span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }
}
