package dev.asyncjobs.examples.pixxel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.simulator.pixxel.PixxelSimulator;
import org.springframework.context.support.ClassPathXmlApplicationContext;

/**
 * Runs the Spring XML routes of {@code META-INF/spring/pixxel-example.xml} in a plain Spring application context:
 * creates a Pixxel workflow job, logs each of its transitions and task changes, downloads its output when it is
 * completed, and exits.
 * <p>
 * Without an API key ({@code -Dpixxel.api-key} or the {@code PIXXEL_API_KEY} environment variable, with
 * {@code pixxel.workflow-id}/{@code PIXXEL_WORKFLOW_ID} and {@code pixxel.project-id}/{@code PIXXEL_PROJECT_ID}) it
 * starts the Pixxel simulator in-process, 300 times faster than real time, so the 10-minute workflow takes about two
 * seconds and needs no network.
 */
public final class PixxelSpringXmlApplication {

    /** Simulated seconds per real second when running on the simulator. */
    static final double SIMULATOR_SPEED = 300;

    private PixxelSpringXmlApplication() {
    }

    /** What one run produced. */
    record Outcome(String finalStatus, List<String> transitions, File output) {
    }

    public static void main(String[] args) throws Exception {
        copyEnvironment("PIXXEL_API_KEY", "pixxel.api-key");
        copyEnvironment("PIXXEL_WORKFLOW_ID", "pixxel.workflow-id");
        copyEnvironment("PIXXEL_PROJECT_ID", "pixxel.project-id");
        Outcome outcome = run(System.getProperty("pixxel.api-key"), Duration.ofHours(2));
        System.out.println("Job ended " + outcome.finalStatus() + " after " + outcome.transitions().size()
                + " transitions" + (outcome.output() != null ? "; output in " + outcome.output() : ""));
    }

    /**
     * Runs the example until the job it created is over (or the timeout passed) and returns what happened: against
     * the real API with this key (and the pixxel.workflow-id and pixxel.project-id system properties), or against an
     * in-process simulator when the key is null or blank.
     */
    static Outcome run(String apiKey, Duration timeout) throws Exception {
        PixxelSimulator simulator = null;
        Path scratch = null;
        List<String> set = new ArrayList<>();
        if (apiKey == null || apiKey.isBlank()) {
            simulator = PixxelSimulator.builder().startTime(Instant.now()).speed(SIMULATOR_SPEED).start();
            System.out.println("No pixxel.api-key configured: using the in-process Pixxel simulator at "
                               + simulator.baseUrl());
            // jobs of a simulator die with it: track them in a file of this run only
            scratch = Files.createTempDirectory("pixxel-example");
            set(set, "pixxel.tracking-file", scratch.resolve("jobs.db").toString());
            set(set, "pixxel.api-key", simulator.apiKey());
            set(set, "pixxel.base-url", simulator.baseUrl());
            set(set, "pixxel.workflow-id", PixxelSimulator.DEFAULT_WORKFLOW_ID);
            set(set, "pixxel.project-id", "prj_example");
            // the simulator runs 300x faster: poll in (real) milliseconds instead of seconds and minutes
            set(set, "pixxel.poll-interval", "100");
            set(set, "pixxel.download-poll-interval", "100");
        } else {
            for (String required : List.of("pixxel.workflow-id", "pixxel.project-id")) {
                String value = System.getProperty(required);
                if (value == null || value.isBlank()) {
                    throw new IllegalArgumentException("With an API key, set -D" + required + "=... (or the "
                            + required.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_')
                            + " environment variable): the job is created in that Pixxel workflow and project");
                }
            }
        }
        try (ClassPathXmlApplicationContext spring =
                new ClassPathXmlApplicationContext("META-INF/spring/pixxel-example.xml")) {
            PixxelExampleSupport example = spring.getBean("example", PixxelExampleSupport.class);
            if (!example.doneLatch().await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("The job did not end within " + timeout);
            }
            return new Outcome(example.finalStatus(), List.copyOf(example.transitions()), example.output());
        } finally {
            set.forEach(System::clearProperty);
            if (simulator != null) {
                simulator.close();
            }
            if (scratch != null) {
                try (var files = Files.list(scratch)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(scratch);
            }
        }
    }

    private static void set(List<String> set, String property, String value) {
        String current = System.getProperty(property);
        if (current == null || current.isBlank()) {
            System.setProperty(property, value);
            set.add(property);
        }
    }

    private static void copyEnvironment(String variable, String property) {
        String value = System.getenv(variable);
        if (System.getProperty(property) == null && value != null && !value.isBlank()) {
            System.setProperty(property, value);
        }
    }
}
