package dev.asyncjobs.spideriq;

import java.time.Duration;
import java.time.Instant;

import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;
import dev.asyncjobs.testkit.ComponentTestSupport;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;

/**
 * The spideriq component pointed at a SpiderIQ simulator whose clock is frozen at the status page's example time
 * ({@link ComponentTestSupport}), and the context started with the class's {@link #routes()}: tests move jobs along
 * with {@link #advance}.
 */
abstract class SpiderIqTestSupport extends ComponentTestSupport<SpiderIqSimulator, SpiderIqComponent> {

    static final Instant T0 = Instant.parse("2025-10-27T10:00:00Z");

    SpiderIqTestSupport() {
        super("spideriq", SpiderIqComponent.class);
    }

    /** The simulator: frozen clock at T0, the documented 100 requests per minute. */
    @Override
    protected SpiderIqSimulator startSimulator() {
        return SpiderIqSimulator.builder().startTime(T0).speed(0).start();
    }

    /** The routes of every test of the class, there when the context starts (none by default). */
    RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
            }
        };
    }

    @BeforeEach
    void startRoutes() throws Exception {
        context.addRoutes(routes());
        context.start();
    }

    void advance(Duration duration) {
        simulator.clock().advance(duration);
    }
}
