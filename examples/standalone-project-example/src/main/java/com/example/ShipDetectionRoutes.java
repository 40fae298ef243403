package com.example;

import dev.asyncjobs.sateais.SateaisConstants;
import org.apache.camel.builder.RouteBuilder;

/**
 * Your routes: a detection sent to {@code direct:detect} is submitted, and the exchange completes with its GeoJSON
 * result once the job has ended (without holding a thread meanwhile); every transition of every job is logged.
 */
public class ShipDetectionRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:detect")
            .to("sateais:detections?detectionType=ship&waitForCompletion=true&fetchResult=true");

        from("sateais:jobs")
            .log("${header." + SateaisConstants.JOB_ID + "}: ${header." + SateaisConstants.PREVIOUS_STATUS
                 + "} -> ${header." + SateaisConstants.STATUS + "}");
    }
}
