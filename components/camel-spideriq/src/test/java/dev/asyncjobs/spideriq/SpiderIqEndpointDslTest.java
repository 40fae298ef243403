package dev.asyncjobs.spideriq;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static dev.asyncjobs.spideriq.dsl.StaticEndpointBuilders.spideriq;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The generated Endpoint DSL builders write the URI the docs show, and Camel resolves it to a configured endpoint. */
class SpiderIqEndpointDslTest {

    @Test
    void builderResolvesToAConfiguredEndpoint() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getComponent("spideriq", SpiderIqComponent.class).getConfiguration().setApiKey("test-key");
            context.start();
            var builder = spideriq("crawl").jobType("spiderMaps").priority(5);
            assertEquals("spideriq://crawl?jobType=spiderMaps&priority=5", builder.getRawUri());
            SpiderIqEndpoint endpoint = (SpiderIqEndpoint) builder.resolve(context);
            assertEquals("spiderMaps", endpoint.getConfiguration().getJobType().name());
        assertEquals(5, endpoint.getConfiguration().getPriority());
        }
    }
}
