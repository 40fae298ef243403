package dev.asyncjobs.engine.metrics;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates an account's {@link AsyncJobMetrics}: Micrometer meters when micrometer-core is on the classpath and a
 * {@code MeterRegistry} is in the Camel registry, else {@link AsyncJobMetrics#NOOP}. Micrometer's types are only
 * touched by {@link MicrometerAsyncJobMetrics}, which is loaded only when micrometer-core is present, so the engine
 * runs without it.
 */
public final class AsyncJobMetricsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncJobMetricsFactory.class);
    private static final boolean MICROMETER_PRESENT = isPresent("io.micrometer.core.instrument.MeterRegistry");

    private AsyncJobMetricsFactory() {
    }

    /**
     * @param vendor  the component's scheme, the {@code vendor} tag
     * @param account the opaque account id, the {@code account} tag
     */
    public static AsyncJobMetrics create(CamelContext context, String vendor, String account) {
        if (!MICROMETER_PRESENT || context == null) {
            return AsyncJobMetrics.NOOP;
        }
        AsyncJobMetrics metrics = MicrometerAsyncJobMetrics.fromRegistry(context, vendor, account);
        if (metrics == null) {
            return AsyncJobMetrics.NOOP;
        }
        LOG.debug("Recording {} metrics of account {} in Micrometer", vendor, account);
        return metrics;
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, AsyncJobMetricsFactory.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
