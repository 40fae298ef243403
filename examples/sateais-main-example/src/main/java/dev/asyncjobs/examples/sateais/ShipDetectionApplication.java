package dev.asyncjobs.examples.sateais;

import java.time.Instant;

import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import org.apache.camel.main.Main;

/**
 * Submits a ship detection over a harbour polygon, logs every status transition as it happens, writes the result
 * GeoJSON to {@code <example.work-dir>/results/} (default {@code target/results/}), and exits once the job is done.
 * <p>
 * With no {@code sateais.api-key} configured (a -D system property or the SATEAIS_API_KEY environment variable: keys
 * do not belong in files that are committed) it starts the SateAIs simulator in-process, running 600 times faster than real time, so the
 * ~15-minute ship detection takes a couple of seconds and needs no network.
 */
public final class ShipDetectionApplication {

    private ShipDetectionApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        String apiKey = System.getProperty("sateais.api-key", System.getenv("SATEAIS_API_KEY"));
        SateaisSimulator simulator = null;
        if (apiKey != null && !apiKey.isBlank()) {
            main.addOverrideProperty("sateais.api-key", apiKey);
        } else {
            simulator = SateaisSimulator.builder().startTime(Instant.now()).speed(600).start();
            System.out.println("No sateais.api-key configured: using the in-process SateAIs simulator at " + simulator.baseUrl());
            main.addOverrideProperty("sateais.api-key", simulator.apiKey());
            main.addOverrideProperty("sateais.base-url", simulator.baseUrl());
            // the simulator runs 600x faster: poll every second instead of the vendor's 5 minutes / 1 minute
            main.addOverrideProperty("camel.component.sateais.first-poll-delay", "1s");
            main.addOverrideProperty("camel.component.sateais.poll-interval", "1s");
        }
        ShipDetectionRoutes routes = new ShipDetectionRoutes(main);
        main.configure().addRoutesBuilder(routes);
        try {
            main.run(args);
            if (routes.submitFailure() != null) {
                throw new IllegalStateException("The ship detection could not be submitted: "
                        + routes.submitFailure().getMessage(), routes.submitFailure());
            }
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
    }
}
