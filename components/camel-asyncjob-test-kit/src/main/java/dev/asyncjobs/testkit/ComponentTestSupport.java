package dev.asyncjobs.testkit;

import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.engine.follow.JobTracker;
import dev.asyncjobs.simulator.VendorSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Before each test, a simulator and a Camel context (not started: add routes, then start it) whose component points
 * at the simulator (its API key and base URL; not its clock); after it, both stopped. Tests that each need a
 * simulator of their own start it themselves and {@link #connect} it.
 *
 * @param <S> the vendor's simulator
 * @param <C> the vendor's component
 */
public abstract class ComponentTestSupport<S extends VendorSimulator, C extends AsyncJobComponent> {

    private final String scheme;
    private final Class<C> componentType;

    protected S simulator;
    protected CamelContext context;
    protected ProducerTemplate template;

    /**
     * @param scheme        the component's name in the context
     * @param componentType its class
     */
    protected ComponentTestSupport(String scheme, Class<C> componentType) {
        this.scheme = scheme;
        this.componentType = componentType;
    }

    /**
     * Starts the simulator every test of the class talks to. A class whose tests each need a simulator built their
     * own way returns null here, and each test starts its own and hands it to {@link #connect}.
     */
    protected abstract S startSimulator();

    /** Further settings of the component, before any endpoint is created. */
    protected void configure(C component) {
    }

    @BeforeEach
    void startSimulatorAndCamel() {
        S started = startSimulator();
        if (started != null) {
            connect(started);
        }
    }

    /**
     * Makes the simulator the test's and creates the context (not started) whose component points at it: before each
     * test with {@link #startSimulator()}'s, or by a test with its own when that returns null.
     */
    protected final void connect(S simulator) {
        if (context != null) {
            throw new IllegalStateException("The test's context exists already: connect a simulator of the test's own"
                    + " only when startSimulator() returns null");
        }
        this.simulator = simulator;
        context = new DefaultCamelContext();
        C component = component();
        component.getConfiguration().setApiKey(simulator.apiKey());
        component.getConfiguration().setBaseUrl(simulator.baseUrl());
        configure(component);
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stopCamelAndSimulator() throws Exception {
        Stop.camelAndSimulator(context, simulator);
    }

    /** The context's component. */
    protected C component() {
        return context.getComponent(scheme, componentType);
    }

    /** The tracker of the simulator's account. */
    protected JobTracker tracker() {
        return component().getTracker(simulator.baseUrl(), simulator.apiKey());
    }
}
