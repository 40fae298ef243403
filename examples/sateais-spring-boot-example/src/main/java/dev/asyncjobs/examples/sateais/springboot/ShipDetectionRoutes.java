package dev.asyncjobs.examples.sateais.springboot;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.sateais.api.DetectionRequest;
import dev.asyncjobs.sateais.api.DetectionType;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import static dev.asyncjobs.sateais.dsl.StaticEndpointBuilders.sateais;

/** One route submits a ship detection at startup, one follows every job, written with the Endpoint DSL. */
@Component
public class ShipDetectionRoutes extends RouteBuilder {

    /** Rotterdam's Maasvlakte harbour basin, lon lat (EPSG:4326). */
    static final String HARBOUR = "POLYGON((4.00 51.94, 4.06 51.94, 4.06 51.97, 4.00 51.97, 4.00 51.94))";

    private final JobsDone jobsDone;
    private final String workDir;

    public ShipDetectionRoutes(JobsDone jobsDone, @Value("${example.work-dir:target}") String workDir) {
        this.jobsDone = jobsDone;
        this.workDir = workDir;
    }

    @Override
    public void configure() {
        from("timer:submit?repeatCount=1").routeId("submit")
                .onException(Exception.class).handled(true)
                    .log(LoggingLevel.ERROR, "The submit failed: ${exception.message}")
                    .bean(jobsDone, "submitFailed")
                .end()
                .setBody(constant(DetectionRequest.polygonAtDate(HARBOUR, "2026-03-10", "nearest")))
                .to(sateais("detections").detectionType(DetectionType.ship))
                .log("Submitted ship detection ${header." + AsyncJobConstants.JOB_ID + "} (${header."
                     + AsyncJobConstants.STATUS + "})")
                .bean(jobsDone, "submitted");

        from(sateais("jobs").fetchResult(true)).routeId("transitions")
                .log("Job ${header." + AsyncJobConstants.JOB_ID + "}: ${header." + AsyncJobConstants.PREVIOUS_STATUS
                     + "} -> ${header." + AsyncJobConstants.STATUS + "}")
                .filter(header(AsyncJobConstants.TERMINAL).isEqualTo(true))
                    .choice()
                        .when(header(AsyncJobConstants.PHASE).isEqualTo(JobPhase.SUCCEEDED))
                            .toD("file:" + workDir + "/results?fileName=${header." + AsyncJobConstants.JOB_ID
                                 + "}.geojson")
                            .log("Result written to " + workDir + "/results/${header." + AsyncJobConstants.JOB_ID
                                 + "}.geojson")
                        .otherwise()
                            .log("Job failed: ${header." + AsyncJobConstants.ERROR_CODE + "} ${header."
                                 + AsyncJobConstants.ERROR_MESSAGE + "}")
                    .end()
                    .bean(jobsDone, "jobEnded");
    }
}
