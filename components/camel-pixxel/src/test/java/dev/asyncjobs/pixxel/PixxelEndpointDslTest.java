package dev.asyncjobs.pixxel;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static dev.asyncjobs.pixxel.dsl.StaticEndpointBuilders.pixxel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated Endpoint DSL builders write the URI the docs show, and Camel resolves it to a configured endpoint. */
class PixxelEndpointDslTest extends PixxelTestSupport {

    @Test
    void builderResolvesToAConfiguredEndpoint() throws Exception {
        try (CamelContext own = new DefaultCamelContext()) {
            own.getComponent("pixxel", PixxelComponent.class).getConfiguration().setApiKey("test-key");
            own.start();
            var builder = pixxel("ndvi").operation("getJob").projectId("p-42");
            assertEquals("pixxel://ndvi?operation=getJob&projectId=p-42", builder.getRawUri());
            PixxelEndpoint endpoint = (PixxelEndpoint) builder.resolve(own);
            assertEquals("getJob", endpoint.getConfiguration().getOperationName());
            assertEquals("p-42", endpoint.getConfiguration().getProjectId());
        }
    }

    /** The route snippet of the docs page's Endpoint DSL section, started on the simulator. */
    @Test
    void docsSnippetStartsOnTheSimulator() throws Exception {
        context.getPropertiesComponent().addInitialProperty("pixxel.workflow-id", "wf-ndvi");
        context.getPropertiesComponent().addInitialProperty("pixxel.project-id", "p-42");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ndvi")
                    .to(pixxel("jobs").operation(PixxelOperations.createJob)
                        .workflowId("{{pixxel.workflow-id}}").projectId("{{pixxel.project-id}}"));

                from(pixxel("jobs").emitOnProgress(true))
                    .log("${header.CamelAsyncJobId}: ${header.CamelAsyncJobStatus} ${header.CamelAsyncJobProgress}");
            }
        });
        if (!context.isStarted()) {
            context.start();
        }
        assertEquals(2, context.getRoutes().size());
        context.getRoutes().forEach(route -> assertTrue(
                context.getRouteController().getRouteStatus(route.getRouteId()).isStarted(), route.getRouteId()));
        PixxelEndpoint producer = context.getEndpoint("pixxel://jobs?operation=createJob&projectId=p-42&workflowId=wf-ndvi", PixxelEndpoint.class);
        assertEquals("wf-ndvi", producer.getConfiguration().getWorkflowId());
    }
}
