package dev.asyncjobs.testkit;

import dev.asyncjobs.simulator.VendorSimulator;
import org.apache.camel.CamelContext;

/** The end of a test that ran a Camel context against a simulator. */
public final class Stop {

    private Stop() {
    }

    /**
     * Stops the context (its routes first, so nothing calls the simulator any more), then closes the simulator.
     * Either may be null: a test that failed before creating it.
     */
    public static void camelAndSimulator(CamelContext context, VendorSimulator simulator) {
        if (context != null) {
            context.stop();
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
