package dev.asyncjobs.spideriq;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.follow.SubmitReconciler;
import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 during a burst of submits, one of them sent and not yet answered (crash point 2): after a restart on the
 * same tracking file, every job created on the simulator is followed to its end or reported as unconfirmed; none
 * is silently lost, and none is created twice.
 */
class SubmitCrashTest {

    @TempDir
    Path dir;

    private SpiderIqSimulator sim;
    private Process child;

    @AfterEach
    void cleanUp() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void aProcessKilledMidSubmitLosesNoJob() throws Exception {
        sim = SpiderIqSimulator.builder().speed(0).start();
        Path trackingFile = dir.resolve("spideriq-jobs.db");
        int answered = 5;
        // the answer of submit number 5 never comes before the kill: the job exists, its id is unknown to the process
        sim.faults().next(answered, "POST", "/api/v1/jobs/spiderSite/submit").slow(Duration.ZERO);
        sim.faults().next(1, "POST", "/api/v1/jobs/spiderSite/submit").slow(Duration.ofMinutes(5));

        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SubmitBurstMain.class.getName(), sim.baseUrl(), sim.apiKey(),
                trackingFile.toString(), "20")
                .redirectErrorStream(true).start();
        Set<String> lines = ConcurrentHashMap.newKeySet();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> lines.contains("sending " + answered)
                && sim.jobIds().size() == answered + 1);

        child.destroyForcibly(); // kill -9: no shutdown hook, no goodbye
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        List<String> created = sim.jobIds();
        assertEquals(answered + 1, created.size(), "the stalled submit created its job before the kill");

        // the restart: same file, a consumer that follows the account and reconciles lost submits at once
        try (DefaultCamelContext restarted = new DefaultCamelContext()) {
            SpiderIqComponent component = new SpiderIqComponent();
            component.getConfiguration().setApiKey(sim.apiKey());
            component.getConfiguration().setBaseUrl(sim.baseUrl());
            component.setTrackingFile(trackingFile.toString());
            restarted.addComponent("spideriq", component);
            Set<String> ended = ConcurrentHashMap.newKeySet();
            Set<String> unconfirmed = ConcurrentHashMap.newKeySet();
            restarted.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("spideriq:jobs?delay=100&firstPollDelay=2s&pollInterval=2s&submitReconcileDelay=0")
                            .routeId("jobs")
                            .process(e -> {
                                String status = e.getMessage().getHeader(SpiderIqConstants.STATUS, String.class);
                                String id = e.getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class);
                                if (SubmitReconciler.UNCONFIRMED_SUBMIT.equals(status)) {
                                    unconfirmed.add(id);
                                } else if (e.getMessage().getHeader(SpiderIqConstants.PHASE, JobPhase.class)
                                        .isTerminal()) {
                                    ended.add(id);
                                }
                            });
                }
            });
            restarted.start();
            sim.clock().advance(Duration.ofMinutes(10)); // every job completes

            await().atMost(Duration.ofSeconds(60)).until(() -> ended.containsAll(created));
            assertEquals(Set.of(), unconfirmed, "SpiderIQ's submit cache identifies the lost submit's job for certain");
            assertEquals(created, sim.jobIds(), "no job was created twice");
        }
    }
}
