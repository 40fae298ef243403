package com.example;

import com.zaxxer.hikari.HikariDataSource;
import dev.asyncjobs.sateais.SateaisComponent;
import dev.asyncjobs.sateais.SateaisConstants;
import dev.asyncjobs.sateais.api.DetectionRequest;
import dev.asyncjobs.simulator.camel.SimulatorSupport;
import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import dev.asyncjobs.store.jdbc.JdbcJobStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Your route test: the routes against the SateAIs simulator, 600 times faster than real time (no key, no network),
 * with the jobs kept in PostgreSQL through the JDBC job store, as several nodes would keep them.
 */
class ShipDetectionRoutesTest {

    @Test
    void aDetectionEndsWithItsGeoJsonFollowedThroughTheJdbcStore() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
             SateaisSimulator api = SateaisSimulator.builder().speed(600).start()) {
            HikariDataSource db;
            try (CamelContext context = new DefaultCamelContext()) {
                db = JobStoreSetup.bindJobStore(context, postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
                SimulatorSupport.connect(context, api);
                context.addRoutes(new ShipDetectionRoutes());
                context.start();
                assertInstanceOf(JdbcJobStore.class, context.getComponent("sateais", SateaisComponent.class).getStore());

                Exchange done = context.createProducerTemplate().send("direct:detect", e -> e.getMessage().setBody(
                        DetectionRequest.polygonAtDate(
                                "POLYGON((4.00 51.94, 4.06 51.94, 4.06 51.97, 4.00 51.97, 4.00 51.94))", "2026-03-10",
                                "nearest")));

                assertNull(done.getException());
                assertEquals("completed", done.getMessage().getHeader(SateaisConstants.STATUS));
                String geoJson = done.getMessage().getBody(String.class);
                assertTrue(geoJson.contains("\"FeatureCollection\""), geoJson);
                assertEquals(1, api.jobIds().size());
            }
            db.close();
        }
    }
}
