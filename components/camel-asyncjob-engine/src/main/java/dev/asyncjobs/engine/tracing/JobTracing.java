package dev.asyncjobs.engine.tracing;

import java.time.Instant;

import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.engine.store.JobTrace;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trace per job: a job submitted within a trace (the submitting exchange's OpenTelemetry span, or its W3C
 * {@code traceparent} header) keeps that trace with its record ({@link JobTrace}), every transition's exchange carries
 * it (so the route's own spans join it), and once the job ended, the node that saw the end records the job's span,
 * from its submit to its end, with an event per status it went through, whichever nodes saw them.
 * <p>
 * With opentelemetry-api on the classpath, {@link #of} gives the OpenTelemetry implementation (its types are only
 * touched by {@code OpenTelemetryJobTracing}, loaded after a class-presence check); without it, {@link #NONE}, which
 * records nothing and changes nothing.
 */
public abstract class JobTracing {

    private static final Logger LOG = LoggerFactory.getLogger(JobTracing.class);
    private static final boolean OPENTELEMETRY_PRESENT = isPresent("io.opentelemetry.api.OpenTelemetry");

    /** No tracing: no trace is kept, no span recorded. */
    public static final JobTracing NONE = new JobTracing("none") {
        @Override
        public String traceParentOf(Exchange exchange) {
            return null;
        }

        @Override
        protected void recordJobSpan(JobRecord ended) {
        }
    };

    private final String node;

    protected JobTracing(String node) {
        this.node = node;
    }

    /**
     * The tracing of a component: OpenTelemetry's when opentelemetry-api is on the classpath (the OpenTelemetry bean
     * of the Camel registry, else the global one once set), else {@link #NONE}.
     *
     * @param vendor the component's scheme, which names the jobs' spans
     * @param node   this process's node id, recorded with the statuses it sees
     */
    public static JobTracing of(CamelContext context, String vendor, String node) {
        if (!OPENTELEMETRY_PRESENT || context == null) {
            return NONE;
        }
        LOG.debug("Jobs of {} keep their submit's OpenTelemetry trace", vendor);
        return new OpenTelemetryJobTracing(context, vendor, node);
    }

    /** The W3C {@code traceparent} of the exchange submitting a job (its current span, else its header), or null. */
    public abstract String traceParentOf(Exchange exchange);

    /** Records the span of a job whose end was just written. */
    protected abstract void recordJobSpan(JobRecord ended);

    /**
     * The trace of a job just submitted from {@code traceParent} (null: none), with its submit's answer first. Traces
     * are stamped in real time, as the routes' own spans are, whatever clock the jobs' schedules follow (a simulator's).
     */
    public JobTrace start(String traceParent, JobSnapshot submitted) {
        return traceParent == null ? null
                : JobTrace.start(traceParent, submitted.status(), submitted.phase(), Instant.now(), node);
    }

    /** The record with the status a poll showed added to its trace (when it has one and the status is new). */
    public JobRecord observed(JobRecord record, JobSnapshot snapshot) {
        if (record.trace() == null) {
            return record;
        }
        JobTrace next = record.trace().observed(snapshot.status(), snapshot.phase(), Instant.now(), node);
        return next == record.trace() ? record : record.withTrace(next);
    }

    /**
     * A claim's outcome was written: when it recorded the job's end (its first terminal status), the job's span is
     * recorded, once, by this node. A failure to record it is logged, never the job's.
     */
    public void settled(JobRecord claimed, JobRecord written) {
        if (written.trace() == null || !written.trace().ended()
                || claimed.trace() != null && claimed.trace().ended()) {
            return;
        }
        try {
            recordJobSpan(written);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Recording the span of job {} failed: {}", written.jobId(), e.toString());
        }
    }

    /** This process's node id. */
    protected String node() {
        return node;
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, JobTracing.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
