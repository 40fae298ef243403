package dev.asyncjobs.examples.plangrep;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.asyncjobs.simulator.plangrep.PlangrepSimulator;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Runs the YAML routes of {@code routes/plangrep-example.camel.yaml} with Camel Main: creates a Plangrep job, uploads
 * the PDF shipped with the example once the job awaits uploads, follows every status change as Plangrep pushes it by
 * webhook, saves the result JSON under {@code target/plangrep-results/} and exits.
 * <p>
 * With no {@code plangrep.api-key} (system property or PLANGREP_API_KEY) it starts the Plangrep simulator in-process:
 * no key, no network. The simulator posts its webhook calls to this application's HTTP server on a free port.
 */
public final class PlangrepYamlApplication {

    private PlangrepYamlApplication() {
    }

    public static void main(String[] args) throws Exception {
        run(args);
    }

    /** Runs the example until the job is done; returns where the result was written. */
    public static Path run(String... args) throws Exception {
        Main main = new Main(PlangrepYamlApplication.class);
        Path outbox = Path.of(setting("example.outbox", "EXAMPLE_OUTBOX", "target/plangrep-results")).toAbsolutePath();
        main.addOverrideProperty("example.outbox", outbox.toString());
        int port = Integer.parseInt(setting("example.http-port", "EXAMPLE_HTTP_PORT", "0"));

        String apiKey = setting("plangrep.api-key", "PLANGREP_API_KEY", null);
        PlangrepSimulator simulator = null;
        if (apiKey == null || apiKey.isBlank()) {
            double speed = Double.parseDouble(setting("example.simulator-speed", "EXAMPLE_SIMULATOR_SPEED", "2"));
            simulator = PlangrepSimulator.builder().speed(speed).start();
            port = port == 0 ? freePort() : port;
            System.out.println("No plangrep.api-key configured: using the in-process Plangrep simulator at "
                    + simulator.baseUrl());
            main.addOverrideProperty("plangrep.api-key", simulator.apiKey());
            main.addOverrideProperty("plangrep.base-url", simulator.baseUrl());
            main.addOverrideProperty("plangrep.project-id", PlangrepSimulator.DEFAULT_PROJECT_ID);
            main.addOverrideProperty("plangrep.webhook-url", "http://127.0.0.1:" + port + "/plangrep/webhook");
        } else {
            port = port == 0 ? 8080 : port;
            main.addOverrideProperty("plangrep.api-key", apiKey);
            // real jobs cost credits: keep following them across restarts (simulated ones die with the simulator)
            main.addOverrideProperty("camel.component.plangrep.tracking-file",
                    outbox.resolveSibling("plangrep-jobs.db").toString());
            copyToOverride(main, "plangrep.project-id", "PLANGREP_PROJECT_ID");
            copyToOverride(main, "plangrep.webhook-url", "PLANGREP_WEBHOOK_URL");
        }

        // the webhook receiver: platform-http on a vert.x server (what camel-platform-http-main starts for you)
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindPort(port);
        if (simulator != null) {
            http.setBindHost("127.0.0.1"); // only the in-process simulator calls it
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport support) {
                try {
                    support.getCamelContext().addService(new VertxPlatformHttpServer(http));
                } catch (Exception e) {
                    throw new IllegalStateException("cannot start the HTTP server on port " + http.getBindPort(), e);
                }
            }
        });
        main.bind("samplePlan", samplePlan().toFile());
        Processor done = exchange -> main.completed();
        main.bind("exampleDone", done);
        try {
            main.run(args);
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
        return outbox;
    }

    /** The PDF shipped in the example's resources, copied to a file the upload can stream from. */
    private static Path samplePlan() throws IOException {
        Path dir = Files.createTempDirectory("plangrep-example");
        Path file = dir.resolve("sample-plan.pdf");
        try (InputStream in = PlangrepYamlApplication.class.getResourceAsStream("/sample-plan.pdf")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        file.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        return file;
    }

    private static String setting(String property, String env, String defaultValue) {
        String value = System.getProperty(property, System.getenv(env));
        return value == null || value.isBlank() ? defaultValue : value;
    }

    private static void copyToOverride(Main main, String property, String env) {
        String value = setting(property, env, null);
        if (value != null) {
            main.addOverrideProperty(property, value);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
