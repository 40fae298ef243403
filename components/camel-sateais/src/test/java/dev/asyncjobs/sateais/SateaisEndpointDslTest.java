package dev.asyncjobs.sateais;

import java.time.Duration;
import java.util.List;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.sateais.api.DetectionType;
import dev.asyncjobs.sateais.api.SateaisJob;
import dev.asyncjobs.sateais.dsl.endpoint.SateaisEndpointBuilderFactory.SateaisEndpointConsumerBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static dev.asyncjobs.sateais.dsl.StaticEndpointBuilders.sateais;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routes written with the generated Endpoint DSL builders, run against the simulator. */
class SateaisEndpointDslTest extends SateaisTestSupport {

    @Test
    void builderWritesTheUriTheDocsShow() {
        SateaisEndpointConsumerBuilder builder = sateais("jobs").statusFilter("FAILED").fetchResult(true);
        assertEquals("sateais://jobs?fetchResult=true&statusFilter=FAILED", builder.getRawUri());
    }

    @Test
    void routeBuiltWithTheBuildersSubmitsAndFollowsJobs() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to(sateais("detections").detectionType(DetectionType.ship));
                from(sateais("jobs").statusFilter("FAILED").fetchResult(true)
                        .delay(20).initialDelay(0)
                        .advanced().firstPollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)))
                        .to("mock:failed");
            }
        });
        context.start();
        MockEndpoint failed = context.getEndpoint("mock:failed", MockEndpoint.class);

        String succeeding = template.requestBody("direct:submit", shipRequest(), SateaisJob.class).jobId();
        String failing = template.requestBody("direct:submit", shipRequest(), SateaisJob.class).jobId();
        int pollsBefore = simulator.requestCount("GET", "/api/v1/jobs/" + succeeding);
        simulator.completeJob(succeeding);
        simulator.failJob(failing, "NO_SCENE", "No scene covers the area at that date");

        await().until(() -> failed.getReceivedCounter() >= 1);
        // the consumer has seen the completed job too, and let it pass without an exchange
        await().until(() -> simulator.requestCount("GET", "/api/v1/jobs/" + succeeding) > pollsBefore);
        List<String> ids = failed.getExchanges().stream()
                .map(e -> e.getMessage().getHeader(AsyncJobConstants.JOB_ID, String.class)).toList();
        assertEquals(List.of(failing), ids);
        assertEquals("NO_SCENE", failed.getExchanges().get(0).getMessage().getHeader(AsyncJobConstants.ERROR_CODE));
    }

    /** The route snippet of the docs page's Endpoint DSL section, started on the simulator. */
    @Test
    void docsSnippetStartsOnTheSimulator() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:detect")
                    .to(sateais("detections").detectionType(DetectionType.ship));

                from(sateais("jobs").statusFilter("FAILED").fetchResult(true))
                    .log("${header.CamelAsyncJobId} failed: ${header.CamelAsyncJobErrorCode} ${header.CamelAsyncJobErrorMessage}");
            }
        });
        context.start();
        context.getRoutes().forEach(route -> assertTrue(
                context.getRouteController().getRouteStatus(route.getRouteId()).isStarted(), route.getRouteId()));
        String jobId = template.requestBody("direct:detect", shipRequest(), SateaisJob.class).jobId();
        assertTrue(simulator.jobIds().contains(jobId));
        assertEquals(1, simulator.requestCount("POST", "/api/v1/detect/ship"), "submitted as a ship detection");
    }
}
