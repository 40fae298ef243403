package dev.asyncjobs.examples.sateais;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.sateais.api.DetectionRequest;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.MainSupport;

/** The example's routes: one submits the detection, one follows it. */
public class ShipDetectionRoutes extends RouteBuilder {

    /** Rotterdam's Maasvlakte harbour basin, lon lat (EPSG:4326). */
    static final String HARBOUR = "POLYGON((4.00 51.94, 4.06 51.94, 4.06 51.97, 4.00 51.97, 4.00 51.94))";

    private final MainSupport main;
    private volatile Exception submitFailure;

    public ShipDetectionRoutes(MainSupport main) {
        this.main = main;
    }

    /** Why the submit failed, or null when it did not. */
    public Exception submitFailure() {
        return submitFailure;
    }

    @Override
    public void configure() {
        from("timer:submit?repeatCount=1").routeId("submit")
                // no job was submitted: nothing to wait for, so end now with the error instead of idling
                .onException(Exception.class).handled(true)
                    .log(LoggingLevel.ERROR, "Submitting the ship detection failed: ${exception.message}")
                    .process(exchange -> {
                        submitFailure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                        main.completed();
                    })
                .end()
                .setBody(constant(DetectionRequest.polygonAtDate(HARBOUR, "2026-03-10", "nearest")))
                .to("sateais:detections?detectionType=ship")
                .log("Submitted ship detection ${header." + AsyncJobConstants.JOB_ID + "} (${header."
                     + AsyncJobConstants.STATUS + "})");

        from("sateais:jobs?fetchResult=true").routeId("transitions")
                .log("Job ${header." + AsyncJobConstants.JOB_ID + "}: ${header." + AsyncJobConstants.PREVIOUS_STATUS
                     + "} -> ${header." + AsyncJobConstants.STATUS + "}")
                .filter(header(AsyncJobConstants.TERMINAL).isEqualTo(true))
                    .choice()
                        .when(header(AsyncJobConstants.PHASE).isEqualTo(JobPhase.SUCCEEDED))
                            .to("file:{{example.work-dir:target}}/results?fileName=${header." + AsyncJobConstants.JOB_ID + "}.geojson")
                            .log("Result written to {{example.work-dir:target}}/results/${header." + AsyncJobConstants.JOB_ID
                                 + "}.geojson")
                        .otherwise()
                            .log("Job failed: ${header." + AsyncJobConstants.ERROR_CODE + "} ${header."
                                 + AsyncJobConstants.ERROR_MESSAGE + "}")
                    .end()
                    .process(exchange -> main.completed());
    }
}
