package dev.asyncjobs.pixxel;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.simulator.pixxel.PixxelSimulator;
import dev.asyncjobs.testkit.DocsTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The docs page's route snippets, run as shown against the simulator (the page must show exactly this code). */
class PixxelDocsTest extends DocsTestSupport<PixxelSimulator> {

    private static final String PAGE = "src/main/docs/pixxel-component.md";

    @Override
    protected PixxelSimulator startSimulator() {
        return PixxelSimulator.builder().speed(600).start();
    }

    @Override
    protected void prepare(CamelContext context, Properties properties) {
        context.getShutdownStrategy().setTimeout(2); // the ndvi exchange still waits for its job
        properties.setProperty("pixxel.workflow-id", PixxelSimulator.DEFAULT_WORKFLOW_ID);
        properties.setProperty("pixxel.project-id", "prj_field_trials");
    }

    @Test
    void createAJobAndFollowIt() throws Exception {
        assertSnippetOnPage("create-and-follow", PAGE);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // docs:create-and-follow
                from("timer:create?repeatCount=1")
                    .to("pixxel:jobs?operation=createJob&workflowId={{pixxel.workflow-id}}&projectId={{pixxel.project-id}}")
                    .log("Created ${header.CamelAsyncJobId}, estimated ${header.CamelPixxelEstimatedDuration} s");

                from("pixxel:jobs?emitOnProgress=true")
                    .log("${header.CamelAsyncJobId}: ${header.CamelAsyncJobStatus} ${body.progress}")
                    .filter(header("CamelAsyncJobPhase").isEqualTo(JobPhase.FAILED))
                        .log("Task ${header.CamelPixxelFailedTaskName} failed: ${header.CamelPixxelFailureType} ${header.CamelAsyncJobErrorMessage}");
                // end:create-and-follow
            }
        });
        NotifyBuilder succeeded = new NotifyBuilder(context).from("pixxel:jobs*")
                .filter(org.apache.camel.builder.Builder.header("CamelAsyncJobPhase").isEqualTo("SUCCEEDED")).whenDone(1).create();
        context.start();
        assertTrue(succeeded.matches(20, TimeUnit.SECONDS), "the job created by the timer route was followed to its end");
    }

    @Test
    void createAJobAndWaitForIt() throws Exception {
        assertSnippetOnPage("ndvi", PAGE);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // docs:ndvi
                from("direct:ndvi")
                    .to("pixxel:jobs?workflowId={{pixxel.workflow-id}}&projectId={{pixxel.project-id}}&waitForCompletion=true&waitTimeout=1h")
                    .log("Job ended ${header.CamelAsyncJobStatus}");
                // end:ndvi
            }
        });
        context.start();
        // the waiter polls on Pixxel's real-time schedule (10 s at least): this test checks the job is created
        // with the page's options, not that it ends
        context.createProducerTemplate().asyncSend("direct:ndvi", e -> { });
        await().until(() -> simulator.requestCount("POST", "/v0/workflows/.*/jobs") == 1);
    }

    @Test
    void downloadACompletedJobsOutput() throws Exception {
        assertSnippetOnPage("download", PAGE);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("pixxel-docs");
        context.getPropertiesComponent().addInitialProperty("pixxel.download-dir", dir.toString());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // docs:download
                from("pixxel:jobs?terminalOnly=true")
                    .filter(header("CamelAsyncJobPhase").isEqualTo(JobPhase.SUCCEEDED))
                    .to("pixxel:outputs?operation=downloadJob&downloadDirectory={{pixxel.download-dir}}")
                    .log("Written ${body.path}");
                // end:download
            }
        });
        NotifyBuilder written = new NotifyBuilder(context).from("pixxel:jobs*").whenCompleted(1).create();
        context.start();
        context.createProducerTemplate().send(
                "pixxel:jobs?operation=createJob&workflowId={{pixxel.workflow-id}}&projectId={{pixxel.project-id}}", e -> { });

        assertTrue(written.matches(30, TimeUnit.SECONDS), "the job ended and its output was downloaded");
        try (var files = java.nio.file.Files.list(dir)) {
            assertTrue(files.anyMatch(f -> f.toFile().length() > 0), "the output is in the download directory");
        }
    }

    @Test
    void followAJobCreatedElsewhere() throws Exception {
        assertSnippetOnPage("follow", PAGE);
        String jobId = simulator.createJob(PixxelSimulator.DEFAULT_WORKFLOW_ID, "prj_field_trials");
        context.getPropertiesComponent().addInitialProperty("pixxel.job-id", jobId);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // docs:follow
                from("pixxel:jobs?workflowId={{pixxel.workflow-id}}&jobId={{pixxel.job-id}}")
                    .log("${header.CamelAsyncJobPreviousStatus} -> ${header.CamelAsyncJobStatus}");
                // end:follow
            }
        });
        NotifyBuilder ended = new NotifyBuilder(context).from("pixxel:jobs*")
                .filter(org.apache.camel.builder.Builder.header("CamelAsyncJobTerminal").isEqualTo(true)).whenDone(1).create();
        context.start();

        assertTrue(ended.matches(20, TimeUnit.SECONDS), "the job created elsewhere was followed to its end");
    }

    @Test
    void aMissingWorkflowIdIsAnInvalidRequestNamingTheOption() {
        context.start();
        Exchange failed = context.createProducerTemplate().send("pixxel:jobs?projectId=prj_field_trials", e -> { });
        InvalidRequestException error = assertInstanceOf(InvalidRequestException.class, failed.getException());
        assertEquals("workflowId", error.getField());
        assertTrue(error.getMessage().contains("CamelPixxelWorkflowId"), error.getMessage());
    }
}
