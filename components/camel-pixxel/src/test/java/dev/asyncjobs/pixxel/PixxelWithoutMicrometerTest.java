package dev.asyncjobs.pixxel;

import dev.asyncjobs.engine.camel.AsyncJobEndpoint;
import dev.asyncjobs.engine.metrics.AsyncJobMetrics;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** micrometer-core is optional in the engine: this module's tests run without it, and the meters are no-ops. */
class PixxelWithoutMicrometerTest extends PixxelTestSupport {

    @Test
    void theComponentWorksWithoutMicrometerOnTheClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.micrometer.core.instrument.MeterRegistry"));
        context.start();

        Exchange created = template.send("pixxel:jobs?operation=createJob", e -> { });

        assertNull(created.getException());
        assertSame(AsyncJobMetrics.NOOP, context.getEndpoint("pixxel:jobs", AsyncJobEndpoint.class).getMetrics());
    }
}
