package dev.asyncjobs.testkit;

import java.util.Properties;

import dev.asyncjobs.simulator.VendorSimulator;
import dev.asyncjobs.simulator.camel.DocSnippets;
import dev.asyncjobs.simulator.camel.SimulatorSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * For a test that runs a docs page's snippets as shown: before each test a simulator and a Camel context (not
 * started) connected to it as a user would ({@link SimulatorSupport#connect}), with the properties the snippets'
 * placeholders read; after it, both stopped. {@link #assertSnippetOnPage} checks the page shows the test's snippet to
 * the letter.
 *
 * @param <S> the vendor's simulator
 */
public abstract class DocsTestSupport<S extends VendorSimulator> {

    protected S simulator;
    protected CamelContext context;

    /** Starts the simulator the snippets talk to. */
    protected abstract S startSimulator();

    /**
     * What the context needs before the snippets' routes: the values of their {@code {{placeholders}}}, services.
     * Nothing by default.
     */
    protected void prepare(CamelContext context, Properties properties) throws Exception {
    }

    @BeforeEach
    void startSimulatorAndContext() throws Exception {
        simulator = startSimulator();
        context = new DefaultCamelContext();
        Properties properties = new Properties();
        prepare(context, properties);
        if (!properties.isEmpty()) {
            context.getPropertiesComponent().setInitialProperties(properties);
        }
        SimulatorSupport.connect(context, simulator);
    }

    /** What to clean up once the context and the simulator are stopped (files the snippets wrote). Nothing by default. */
    protected void afterStop() throws Exception {
    }

    @AfterEach
    void stopContextAndSimulator() throws Exception {
        Stop.camelAndSimulator(context, simulator);
        afterStop();
    }

    /**
     * Asserts that the page shows exactly the snippet between {@code // docs:<name>} and {@code // end:<name>} of this
     * test's source ({@code src/test/java/<its class>.java}).
     *
     * @param page the page, relative to the module
     */
    protected void assertSnippetOnPage(String name, String page) {
        DocSnippets.assertOnPage("src/test/java/" + getClass().getName().replace('.', '/') + ".java", name, page);
    }
}
