package dev.asyncjobs.sateais;

import java.util.Map;

import dev.asyncjobs.simulator.camel.SimulatorSupport;
import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The producer's health check, as a readiness probe (Spring Boot Actuator, Camel Main's health endpoint) sees it. */
class SateaisHealthCheckTest {

    private static final String ROTATED_KEY = "sk_live_rotated_key_0001";
    private static final String CHECK_ID = "producer:sateais-";

    private SateaisSimulator simulator;
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        // a clock that runs (at real speed): the component measures its request budget on it
        simulator = SateaisSimulator.builder().speed(1).start();
        start(true);
    }

    private void start(boolean producerChecks) throws Exception {
        context = new DefaultCamelContext();
        // as Camel Main or Spring Boot do with camel.health.producers-enabled=true
        HealthCheckRegistry registry = new DefaultHealthCheckRegistry();
        registry.setCamelContext(context);
        registry.setExposureLevel("full"); // every check's result, not only the failing ones
        registry.register(registry.resolveById("context"));
        registry.register(registry.resolveById("consumers"));
        HealthCheckRepository producers = (HealthCheckRepository) registry.resolveById("producers");
        producers.setEnabled(true);
        registry.register(producers);
        context.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
        SimulatorSupport.connect(context, simulator);
        // the application's key, which the vendor does not accept yet
        context.getComponent("sateais", SateaisComponent.class).getConfiguration().setApiKey(ROTATED_KEY);
        context.getComponent("sateais", SateaisComponent.class).setHealthCheckProducerEnabled(producerChecks);
        context.getPropertiesComponent().addInitialProperty("job", simulator.createJob("ship"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:status").routeId("status").to("sateais:status?operation=getJob");
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
        simulator.close();
    }

    @Test
    void downWithStatusAndVendorCodeWhileTheKeyIsRejectedAndUpOnceItIsAccepted() {
        assertEquals(HealthCheck.State.UP, producerCheck().getState(), "nothing requested yet: nothing known to be wrong");

        Exchange rejected = context.createProducerTemplate().send("direct:status",
                e -> e.getMessage().setHeader(SateaisConstants.JOB_ID, "job-1"));
        assertNotNull(rejected.getException());

        HealthCheck.Result down = producerCheck();
        assertEquals(HealthCheck.State.DOWN, down.getState());
        Map<String, Object> details = down.getDetails();
        assertEquals(401, details.get(AbstractHealthCheck.SERVICE_STATUS_CODE));
        assertEquals("UNAUTHORIZED", details.get(AbstractHealthCheck.SERVICE_ERROR_CODE));
        assertTrue(down.getMessage().orElseThrow().contains("rejected the key"), down.getMessage().orElse(""));
        assertFalse(down.getMessage().orElseThrow().contains(ROTATED_KEY), "the key is never shown");
        assertFalse(details.toString().contains(ROTATED_KEY), "the key is never shown");

        // the key is enabled at the vendor: the next request of the account is accepted (a 404 for an unknown job)
        simulator.setApiKey(ROTATED_KEY);
        Exchange accepted = context.createProducerTemplate().send("direct:status",
                e -> e.getMessage().setHeader(SateaisConstants.JOB_ID, "job-1"));
        assertNotNull(accepted.getException(), "no such job");

        HealthCheck.Result up = producerCheck();
        assertEquals(HealthCheck.State.UP, up.getState());
        assertNull(up.getDetails().get(AbstractHealthCheck.SERVICE_STATUS_CODE));
    }

    @Test
    void downOnceTheVendorIsUnreachablePastTheThreshold() {
        simulator.setApiKey(ROTATED_KEY);
        simulator.faults().next(3, "GET", "/api/v1/jobs/.*").serverError();
        for (int i = 1; i <= 3; i++) {
            context.createProducerTemplate().send("direct:status", e -> e.getMessage().setHeader(SateaisConstants.JOB_ID, "job-1"));
            HealthCheck.State expected = i < 3 ? HealthCheck.State.UP : HealthCheck.State.DOWN;
            assertEquals(expected, producerCheck().getState(), "after " + i + " failed requests");
        }
        assertEquals(500, producerCheck().getDetails().get(AbstractHealthCheck.SERVICE_STATUS_CODE));
    }

    @Test
    void theComponentSwitchTurnsTheProducerCheckOff() throws Exception {
        context.stop();
        start(false);
        assertTrue(HealthCheckHelper.invokeReadiness(context).stream().anyMatch(r -> r.getCheck().getId().equals("context")));
        assertTrue(HealthCheckHelper.invokeReadiness(context).stream()
                .noneMatch(r -> r.getCheck().getId().startsWith(CHECK_ID)));
    }

    @Test
    void theConsumerIsDownWithTheStatusAndCodeWhileTheKeyIsRejected() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("sateais:jobs?delay=20&initialDelay=0&firstPollDelay=0&pollInterval=50&authFailureRetryDelay=200"
                        + "&jobId={{job}}").routeId("transitions").to("mock:transitions");
            }
        });

        // DOWN with the reason (before its first poll ends, a consumer reports the registry's initial state)
        await().until(() -> consumerCheck().getState() == HealthCheck.State.DOWN
                && consumerCheck().getDetails().containsKey(AbstractHealthCheck.SERVICE_STATUS_CODE));
        HealthCheck.Result down = consumerCheck();
        assertEquals(401, down.getDetails().get(AbstractHealthCheck.SERVICE_STATUS_CODE));
        assertEquals("UNAUTHORIZED", down.getDetails().get(AbstractHealthCheck.SERVICE_ERROR_CODE));
        assertFalse(down.getDetails().toString().contains(ROTATED_KEY), "the key is never shown");

        simulator.setApiKey(ROTATED_KEY);
        await().until(() -> consumerCheck().getState() == HealthCheck.State.UP);
    }

    private HealthCheck.Result consumerCheck() {
        return HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().equals("consumer:transitions")).findFirst()
                .orElseThrow(() -> new AssertionError("no consumer health check among "
                        + HealthCheckHelper.invokeReadiness(context).stream().map(r -> r.getCheck().getId()).toList()));
    }

    private HealthCheck.Result producerCheck() {
        return HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().startsWith(CHECK_ID)).findFirst()
                .orElseThrow(() -> new AssertionError("no producer health check among "
                        + HealthCheckHelper.invokeReadiness(context)));
    }
}
