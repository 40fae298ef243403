package dev.asyncjobs.sateais;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import dev.asyncjobs.testkit.DocsTestSupport;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.FileUtil;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's "A taste" Java DSL, run as shown against the simulator (the README must show exactly this code). */
class SateaisDocsTest extends DocsTestSupport<SateaisSimulator> {

    @Override
    protected SateaisSimulator startSimulator() {
        return SateaisSimulator.builder().speed(600).start();
    }

    @Override
    protected void afterStop() {
        FileUtil.removeDir(Path.of("results").toFile()); // the snippet writes to ./results
    }

    @Test
    void theReadmesTaste() throws Exception {
        assertSnippetOnPage("taste", "../../README.md");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // docs:taste
                from("direct:detect")
                    .to("sateais:detections?detectionType=ship");          // body: DetectionRequest, Map or JSON

                from("sateais:jobs?fetchResult=true")
                    .log("${header.CamelAsyncJobId}: ${header.CamelAsyncJobPreviousStatus} -> ${header.CamelAsyncJobStatus}")
                    .filter(header("CamelAsyncJobPhase").isEqualTo("SUCCEEDED"))
                        .to("file:results?fileName=${header.CamelAsyncJobId}.geojson");
                // end:taste
            }
        });
        NotifyBuilder done = new NotifyBuilder(context).from("sateais:jobs*")
                .filter(org.apache.camel.builder.Builder.header("CamelAsyncJobPhase").isEqualTo("SUCCEEDED")).whenDone(1).create();
        context.start();

        String jobId = context.createProducerTemplate().request("direct:detect",
                e -> e.getMessage().setBody(SateaisTestSupport.shipRequest()))
                .getMessage().getHeader("CamelAsyncJobId", String.class);

        assertTrue(done.matches(10, TimeUnit.SECONDS), "the job's success was emitted");
        Path result = Path.of("results", jobId + ".geojson");
        assertTrue(Files.readString(result).contains("FeatureCollection"), "the result was written");
    }
}
