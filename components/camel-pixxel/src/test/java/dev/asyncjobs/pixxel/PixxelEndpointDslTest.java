package dev.asyncjobs.pixxel;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static dev.asyncjobs.pixxel.dsl.StaticEndpointBuilders.pixxel;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The generated Endpoint DSL builders write the URI the docs show, and Camel resolves it to a configured endpoint. */
class PixxelEndpointDslTest {

    @Test
    void builderResolvesToAConfiguredEndpoint() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getComponent("pixxel", PixxelComponent.class).getConfiguration().setApiKey("test-key");
            context.start();
            var builder = pixxel("ndvi").operation("getJob").projectId("p-42");
            assertEquals("pixxel://ndvi?operation=getJob&projectId=p-42", builder.getRawUri());
            PixxelEndpoint endpoint = (PixxelEndpoint) builder.resolve(context);
            assertEquals("getJob", endpoint.getConfiguration().getOperationName());
        assertEquals("p-42", endpoint.getConfiguration().getProjectId());
        }
    }
}
