package dev.asyncjobs.plangrep;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static dev.asyncjobs.plangrep.dsl.StaticEndpointBuilders.plangrep;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The generated Endpoint DSL builders write the URI the docs show, and Camel resolves it to a configured endpoint. */
class PlangrepEndpointDslTest {

    @Test
    void builderResolvesToAConfiguredEndpoint() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getComponent("plangrep", PlangrepComponent.class).getConfiguration().setApiKey("test-key");
            context.start();
            var builder = plangrep("plans").operation("createJob").projectId("p-7").classification("plans");
            assertEquals("plangrep://plans?classification=plans&operation=createJob&projectId=p-7", builder.getRawUri());
            PlangrepEndpoint endpoint = (PlangrepEndpoint) builder.resolve(context);
            assertEquals("createJob", endpoint.getConfiguration().getOperationName());
        assertEquals("p-7", endpoint.getConfiguration().getProjectId());
        assertEquals("plans", endpoint.getConfiguration().getClassification());
        }
    }
}
