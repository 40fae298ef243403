package dev.asyncjobs.pixxel;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.camel.AsyncJobConfiguration;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.camel.AsyncJobEndpoint;
import dev.asyncjobs.engine.client.ApiHttpClient;
import dev.asyncjobs.pixxel.api.PixxelDownloadApi;
import dev.asyncjobs.simulator.pixxel.PixxelSimulator;
import dev.asyncjobs.testkit.Stop;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks of a download wait are the follow loop's requests, so they go through the background client and leave the
 * key's reserve free (what that client does with the budget, {@code ApiHttpClientTest} shows); the producer's own
 * download request is the route's and may take the whole budget.
 */
class PixxelDownloadWaitReserveTest {

    private final CamelContext context = new DefaultCamelContext();
    private final PixxelSimulator simulator = PixxelSimulator.builder()
            .startTime(Instant.parse("2026-03-12T15:00:00Z")).speed(0).start();

    @AfterEach
    void stop() {
        Stop.camelAndSimulator(context, simulator);
    }

    @Test
    void aDownloadWaitsChecksGoThroughTheBackgroundClientAndTheRoutesRequestDoesNot() throws Exception {
        ClientRecordingComponent component = new ClientRecordingComponent();
        // the simulator's clock stands still (the test moves it): the component keeps its own, so the wait checks again
        component.getConfiguration().setApiKey(simulator.apiKey());
        component.getConfiguration().setBaseUrl(simulator.baseUrl());
        component.getConfiguration().setWorkflowId(PixxelSimulator.DEFAULT_WORKFLOW_ID);
        // options set on the component: a subclass of the endpoint has no generated configurer for URI options
        component.getConfiguration().setDownloadPollInterval(Duration.ofMillis(20));
        context.addComponent("pixxel", component);
        String jobId = simulator.createJob(PixxelSimulator.DEFAULT_WORKFLOW_ID, "prj_field_trials");
        simulator.clock().advance(Duration.ofMinutes(10));
        context.start();

        CompletableFuture<Exchange> reply = context.createProducerTemplate().asyncSend("pixxel:ops",
                e -> e.getMessage().setHeaders(java.util.Map.of(AsyncJobConstants.OPERATION, "downloadJob",
                        AsyncJobConstants.JOB_ID, jobId)));
        await().until(() -> simulator.requestCount("PUT", ".*/download") >= 2); // pending: the wait checks again
        assertFalse(reply.isDone(), "the download is still being prepared");
        simulator.clock().advance(PixxelSimulator.DEFAULT_DOWNLOAD_PREPARATION);
        Exchange out = reply.get(30, TimeUnit.SECONDS);
        assertNull(out.getException());
        assertEquals("ready", out.getMessage().getHeader(PixxelConstants.DOWNLOAD_STATUS));

        List<ApiHttpClient> handed = component.handed;
        assertEquals(2, handed.size(), "one download API for the route's request, one for the wait");
        assertFalse(handed.get(0).isBackground(), "the route's own download request may take the reserve");
        assertTrue(handed.get(1).isBackground(), "the wait's checks must leave the reserve free");
    }

    /** A Pixxel component whose endpoints record the client each download API is built over. */
    static final class ClientRecordingComponent extends PixxelComponent {
        final List<ApiHttpClient> handed = new CopyOnWriteArrayList<>();

        @Override
        protected AsyncJobEndpoint createVendorEndpoint(String uri, String remaining, AsyncJobConfiguration configuration) {
            PixxelEndpoint endpoint = new PixxelEndpoint(uri, this, (PixxelConfiguration) configuration) {
                @Override
                PixxelDownloadApi downloadApi(ApiHttpClient http) {
                    handed.add(http);
                    return super.downloadApi(http);
                }
            };
            endpoint.setLabel(remaining);
            return endpoint;
        }
    }
}
