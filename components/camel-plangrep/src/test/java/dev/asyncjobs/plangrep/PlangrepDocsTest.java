package dev.asyncjobs.plangrep;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.simulator.plangrep.PlangrepSimulator;
import dev.asyncjobs.testkit.DocsTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The docs page's main example, run as shown against the simulator (the page must show exactly this code). */
class PlangrepDocsTest extends DocsTestSupport<PlangrepSimulator> {

    @TempDir
    Path dir;

    @Override
    protected PlangrepSimulator startSimulator() {
        return PlangrepSimulator.builder().speed(60).start();
    }

    @Override
    protected void prepare(CamelContext context, Properties properties) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost("127.0.0.1");
        http.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(http));
        properties.setProperty("plangrep.inbox", dir.resolve("inbox").toString());
        properties.setProperty("plangrep.results", dir.resolve("results").toString());
        properties.setProperty("plangrep.project", PlangrepSimulator.DEFAULT_PROJECT_ID);
        properties.setProperty("plangrep.public-url", "http://127.0.0.1:" + port);
    }

    @Test
    void aPdfDroppedInTheInboxEndsAsAResult() throws Exception {
        assertSnippetOnPage("inbox", "src/main/docs/plangrep-component.md");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // docs:inbox
                from("file:{{plangrep.inbox}}?include=.*\\.pdf&move=staging&moveFailed=failed")
                    .setHeader(PlangrepConstants.EXTERNAL_ID, simple("${file:onlyname.noext}"))
                    .setBody(constant(null))
                    .to("plangrep:jobs?projectId={{plangrep.project}}&webhookUrl={{plangrep.public-url}}/plangrep/webhook");

                from("plangrep:jobs?webhookPath=/plangrep/webhook&fetchResult=true")
                    .choice()
                        .when(header(PlangrepConstants.STATUS).isEqualTo("awaiting_uploads"))
                            .setBody(e -> Path.of(e.getContext().resolvePropertyPlaceholders("{{plangrep.inbox}}"), "staging",
                                    e.getMessage().getHeader(PlangrepConstants.EXTERNAL_ID) + ".pdf"))
                            .to("plangrep:files?operation=uploadFiles&classification=plans")
                        .when(header(PlangrepConstants.STATUS).isEqualTo("blocked_insufficient_credits"))
                            .log(LoggingLevel.WARN, "Job ${header.CamelAsyncJobId} waits for credits: buy some, then send it to direct:creditsAdded")
                        .when(header(PlangrepConstants.PHASE).in(JobPhase.SUCCEEDED, JobPhase.PARTIALLY_SUCCEEDED))
                            .to("file:{{plangrep.results}}?fileName=${header.CamelAsyncJobId}.json")
                        .when(header(PlangrepConstants.TERMINAL).isEqualTo(true))
                            .log("Job ${header.CamelAsyncJobId} ended ${header.CamelAsyncJobStatus}: ${header.CamelAsyncJobErrorMessage}");
                // end:inbox
            }
        });
        context.start();
        Files.createDirectories(dir.resolve("inbox"));
        Files.write(dir.resolve("inbox").resolve("tower-a.pdf"), PlangrepTestSupport.pdf(3));

        await().atMost(30, TimeUnit.SECONDS).until(() -> Files.isDirectory(dir.resolve("results"))
                && Files.list(dir.resolve("results")).anyMatch(p -> p.toString().endsWith(".json")));
        String result = Files.readString(Files.list(dir.resolve("results")).findFirst().orElseThrow());
        assertTrue(result.contains("{"), result);
        assertTrue(Files.exists(dir.resolve("inbox/staging/tower-a.pdf")), "the PDF was kept for the upload");
        assertTrue(simulator.requestCount("POST", ".*/jobs/.*/files") >= 1, "the PDF was uploaded");
    }

    @Test
    void aFileThatCannotStartAJobIsSetAsideNotRetriedForever() throws Exception {
        context.getPropertiesComponent().addInitialProperty("plangrep.project", "proj_does_not_exist");
        aPdfRouteOnly();
        context.start();
        Files.createDirectories(dir.resolve("inbox"));
        Files.write(dir.resolve("inbox").resolve("tower-b.pdf"), PlangrepTestSupport.pdf(1));

        await().atMost(20, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("inbox/failed/tower-b.pdf")));
        assertTrue(simulator.requestCount("POST", ".*/projects/.*/jobs") == 1, "tried once");
    }

    private void aPdfRouteOnly() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("file:{{plangrep.inbox}}?include=.*\\.pdf&move=staging&moveFailed=failed")
                    .setHeader(PlangrepConstants.EXTERNAL_ID, simple("${file:onlyname.noext}"))
                    .setBody(constant(null))
                    .to("plangrep:jobs?projectId={{plangrep.project}}&webhookUrl={{plangrep.public-url}}/plangrep/webhook");
            }
        });
    }
}
