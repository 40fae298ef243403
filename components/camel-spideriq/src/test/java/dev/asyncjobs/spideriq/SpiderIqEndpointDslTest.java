package dev.asyncjobs.spideriq;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import dev.asyncjobs.spideriq.api.SpiderIqJobType;
import org.junit.jupiter.api.Test;

import static dev.asyncjobs.spideriq.dsl.StaticEndpointBuilders.spideriq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated Endpoint DSL builders write the URI the docs show, and Camel resolves it to a configured endpoint. */
class SpiderIqEndpointDslTest extends SpiderIqTestSupport {

    @Test
    void builderResolvesToAConfiguredEndpoint() throws Exception {
        try (CamelContext own = new DefaultCamelContext()) {
            own.getComponent("spideriq", SpiderIqComponent.class).getConfiguration().setApiKey("test-key");
            own.start();
            var builder = spideriq("crawl").jobType("spiderMaps").priority(5);
            assertEquals("spideriq://crawl?jobType=spiderMaps&priority=5", builder.getRawUri());
            SpiderIqEndpoint endpoint = (SpiderIqEndpoint) builder.resolve(own);
            assertEquals("spiderMaps", endpoint.getConfiguration().getJobType().name());
            assertEquals(5, endpoint.getConfiguration().getPriority());
        }
    }

    /** The route snippet of the docs page's Endpoint DSL section, started on the simulator. */
    @Test
    void docsSnippetStartsOnTheSimulator() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:crawl")
                    .to(spideriq("crawls").jobType(SpiderIqJobType.spiderSite));

                from(spideriq("jobs").fetchResult(true).terminalOnly(true))
                    .log("${header.CamelAsyncJobId} ended: ${header.CamelAsyncJobStatus}");
            }
        });
        if (!context.isStarted()) {
            context.start();
        }
        assertEquals(2, context.getRoutes().size());
        context.getRoutes().forEach(route -> assertTrue(
                context.getRouteController().getRouteStatus(route.getRouteId()).isStarted(), route.getRouteId()));
        SpiderIqEndpoint producer = context.getEndpoint("spideriq://crawls?jobType=spiderSite", SpiderIqEndpoint.class);
        assertEquals(SpiderIqJobType.spiderSite, producer.getConfiguration().getJobType());
    }
}
