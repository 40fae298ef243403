package dev.asyncjobs.simulator.camel;

import java.util.Objects;

import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.simulator.VendorSimulator;
import org.apache.camel.CamelContext;

/**
 * Connects an async job component to a simulator in one call: its base URL, its API key and its clock, so a simulator
 * running fast ({@code speed(600)}) makes the component's polls run just as fast, first poll included.
 *
 * <pre>{@code
 * try (SateaisSimulator api = SateaisSimulator.builder().speed(600).start()) {
 *     SimulatorSupport.connect(context, api);   // the "sateais" component now talks to the simulator
 *     ...
 * }
 * }</pre>
 *
 * Call it before the routes start (the endpoints copy the component's configuration when they are created).
 * <p>
 * The component then times job schedules on the simulator's clock (first polls, intervals, learned durations), so
 * they run as fast as the simulator. What measures real time stays real time: leases (a fast clock never makes a
 * healthy node's claim look expired), the request budget and 429 pauses (the simulator counts requests in real time,
 * as the vendor does) and {@code waitTimeout}. A budget spent at speed 600 therefore slows a test down rather than
 * drawing 429s; set the component's {@code rateLimitRequests} to 0 where a test needs more requests than the vendor
 * allows.
 */
public final class SimulatorSupport {

    private SimulatorSupport() {
    }

    /**
     * Points the context's component named after the simulator ({@code sateais}, {@code pixxel}, {@code plangrep},
     * {@code spideriq}) at the simulator.
     *
     * @return the component, for further settings
     */
    public static AsyncJobComponent connect(CamelContext context, VendorSimulator simulator) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(simulator, "simulator");
        AsyncJobComponent component = context.getComponent(simulator.vendorName(), AsyncJobComponent.class);
        if (component == null) {
            throw new IllegalArgumentException("No '" + simulator.vendorName() + "' component in the Camel context: add "
                    + "the camel-" + simulator.vendorName() + " dependency, or connect a component you created with "
                    + "connect(component, simulator)");
        }
        return connect(component, simulator);
    }

    /** Points a component at the simulator: base URL, API key and clock. */
    public static <C extends AsyncJobComponent> C connect(C component, VendorSimulator simulator) {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(simulator, "simulator");
        component.getConfiguration().setBaseUrl(simulator.baseUrl());
        component.getConfiguration().setApiKey(simulator.apiKey());
        component.setClock(simulator.clock());
        return component;
    }
}
