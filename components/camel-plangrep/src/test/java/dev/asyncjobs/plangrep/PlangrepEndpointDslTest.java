package dev.asyncjobs.plangrep;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static dev.asyncjobs.plangrep.dsl.StaticEndpointBuilders.plangrep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated Endpoint DSL builders write the URI the docs show, and Camel resolves it to a configured endpoint. */
class PlangrepEndpointDslTest extends PlangrepTestSupport {

    @Test
    void builderResolvesToAConfiguredEndpoint() throws Exception {
        try (CamelContext own = new DefaultCamelContext()) {
            own.getComponent("plangrep", PlangrepComponent.class).getConfiguration().setApiKey("test-key");
            own.start();
            var builder = plangrep("plans").operation("createJob").projectId("p-7").classification("plans");
            assertEquals("plangrep://plans?classification=plans&operation=createJob&projectId=p-7", builder.getRawUri());
            PlangrepEndpoint endpoint = (PlangrepEndpoint) builder.resolve(own);
            assertEquals("createJob", endpoint.getConfiguration().getOperationName());
            assertEquals("p-7", endpoint.getConfiguration().getProjectId());
            assertEquals("plans", endpoint.getConfiguration().getClassification());
        }
    }

    /** The route snippet of the docs page's Endpoint DSL section, started on the simulator. */
    @Test
    void docsSnippetStartsOnTheSimulator() throws Exception {
        context.getPropertiesComponent().addInitialProperty("plangrep.project-id", "p-7");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:plans")
                    .to(plangrep("jobs").operation(PlangrepOperations.createJob).projectId("{{plangrep.project-id}}"));

                from(plangrep("jobs").fetchResult(true))
                    .to("file:plangrep-results?fileName=${header.CamelAsyncJobId}.json");
            }
        });
        if (!context.isStarted()) {
            context.start();
        }
        assertEquals(2, context.getRoutes().size());
        context.getRoutes().forEach(route -> assertTrue(
                context.getRouteController().getRouteStatus(route.getRouteId()).isStarted(), route.getRouteId()));
        PlangrepEndpoint producer = context.getEndpoint("plangrep://jobs?operation=createJob&projectId=p-7", PlangrepEndpoint.class);
        assertEquals("p-7", producer.getConfiguration().getProjectId());
    }
}
