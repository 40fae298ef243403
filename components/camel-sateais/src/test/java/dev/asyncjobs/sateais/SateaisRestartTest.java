package dev.asyncjobs.sateais;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.store.MvStoreJobStore;
import dev.asyncjobs.sateais.api.SateaisJob;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job submitted before a stop is still followed after the start, when tracking is kept in a file. */
class SateaisRestartTest extends SateaisTestSupport {

    @TempDir
    Path dir;

    @Test
    void aJobSubmittedBeforeARestartIsFollowedAfterIt() throws Exception {
        Path trackingFile = dir.resolve("sateais-jobs.json");
        component().setTrackingFile(trackingFile.toString());
        context.start();
        String jobId = template.requestBodyAndHeader("sateais:detections", shipRequest(), AsyncJobConstants.JOB_TYPE, "ship",
                SateaisJob.class).jobId();
        String account = tracker().account();
        context.stop();
        try (MvStoreJobStore store = new MvStoreJobStore(trackingFile)) {
            store.open(); // the stopped context released the file
            assertTrue(store.find(account, jobId).isPresent(), "the job is in the tracking file");
        }

        toProcessing();
        toEnd();
        try (CamelContext restarted = new DefaultCamelContext()) {
            SateaisComponent component = restarted.getComponent("sateais", SateaisComponent.class);
            component.getConfiguration().setApiKey(simulator.apiKey());
            component.getConfiguration().setBaseUrl(simulator.baseUrl());
            component.setTrackingFile(trackingFile.toString());
            restarted.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("sateais:jobs?" + FAST).to("mock:transitions");
                }
            });
            restarted.start();
            MockEndpoint transitions = restarted.getEndpoint("mock:transitions", MockEndpoint.class);

            await().until(() -> !component.getTracker(simulator.baseUrl(), simulator.apiKey()).isTracked(jobId));

            assertEquals(List.of("pending->completed"), transitions.getExchanges().stream()
                    .map(e -> e.getMessage().getHeader(AsyncJobConstants.PREVIOUS_STATUS) + "->"
                              + e.getMessage().getHeader(AsyncJobConstants.STATUS))
                    .toList());
        }
    }

    @Test
    void aCorruptTrackingFileFailsTheStartNamingTheFileBeforeAnyJobIsSubmitted() throws Exception {
        Path trackingFile = dir.resolve("sateais-jobs.db");
        Files.writeString(trackingFile, "this is not a job store");
        component().setTrackingFile(trackingFile.toString());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("sateais:jobs?" + FAST).to("mock:transitions");
            }
        });

        Exception failed = assertThrows(Exception.class, () -> context.start());

        String message = failed.getMessage() + (failed.getCause() != null ? " / " + failed.getCause().getMessage() : "");
        assertTrue(message.contains(trackingFile.toAbsolutePath().toString()), message);
        assertEquals(0, simulator.requestCount(null, null), "nothing was sent");
    }

    @Test
    void aStoppedAndStartedComponentBuildsANewHttpClientAndKeepsItsJobs() throws Exception {
        context.start();
        String first = template.requestBodyAndHeader("sateais:detections", shipRequest(), AsyncJobConstants.JOB_TYPE, "ship",
                SateaisJob.class).jobId();
        context.getRouteController().stopAllRoutes();
        context.getEndpoint("sateais:detections").stop();
        component().stop();
        component().start();
        context.getEndpoint("sateais:detections").start();

        String second = template.requestBodyAndHeader("sateais:detections", shipRequest(), AsyncJobConstants.JOB_TYPE, "ship",
                SateaisJob.class).jobId();

        assertTrue(tracker().isTracked(first) && tracker().isTracked(second), "both jobs are tracked");
    }
}
