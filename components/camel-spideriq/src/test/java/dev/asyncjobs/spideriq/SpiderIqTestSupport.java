package dev.asyncjobs.spideriq;

import java.time.Duration;
import java.time.Instant;

import dev.asyncjobs.engine.tracking.JobTracker;
import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;
import dev.asyncjobs.testkit.Stop;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A plain DefaultCamelContext with the spideriq component pointed at a SpiderIQ simulator whose clock is frozen at the
 * status page's example time: tests move jobs along with {@code sim.clock().advance(...)}.
 */
abstract class SpiderIqTestSupport {

    static final Instant T0 = Instant.parse("2025-10-27T10:00:00Z");

    SpiderIqSimulator sim;
    DefaultCamelContext context;
    ProducerTemplate template;
    SpiderIqComponent component;

    @BeforeEach
    void startCamel() throws Exception {
        sim = simulator().start();
        context = new DefaultCamelContext();
        component = new SpiderIqComponent();
        component.getConfiguration().setApiKey(sim.apiKey());
        component.getConfiguration().setBaseUrl(sim.baseUrl());
        configureComponent(component);
        context.addComponent("spideriq", component);
        context.addRoutes(routes());
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        Stop.camelAndSimulator(context, sim);
    }

    /** The simulator: frozen clock at T0, the documented 100 requests per minute. */
    SpiderIqSimulator.Builder simulator() {
        return SpiderIqSimulator.builder().startTime(T0).speed(0);
    }

    void configureComponent(SpiderIqComponent component) {
    }

    RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
            }
        };
    }

    JobTracker tracker() {
        return component.getTracker(sim.baseUrl(), sim.apiKey());
    }

    void advance(Duration duration) {
        sim.clock().advance(duration);
    }
}
