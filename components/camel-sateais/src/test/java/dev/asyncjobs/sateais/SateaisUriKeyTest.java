package dev.asyncjobs.sateais;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where an API key can show up, with everything logged at TRACE: every log line, the endpoints' URIs, the XML and
 * YAML route dumps, every attribute (and dump operation) of the endpoint and route MBeans, every dev console, and the
 * exception messages of failed exchanges and endpoint creations.
 * <ul>
 * <li>A key set on the component appears in none of them.</li>
 * <li>A key written into an endpoint URI (plain, RAW(...) or a property placeholder) appears in none of the outputs
 * the component produces or feeds: endpoint URIs, endpoint and route MBean attributes, the endpoint and service
 * consoles, the component's log lines and Camel's about creating the endpoint, exception messages. What Camel prints
 * from the route's own text (the route model) or of the URI after resolving its placeholders is out of the
 * component's reach: {@link #CAMEL_ROUTE_TEXT} and {@link #CAMEL_RESOLVED_URI} list it, and the docs say so.</li>
 * </ul>
 */
class SateaisUriKeyTest extends SateaisTestSupport {

    private static final String PLAIN_KEY = "sk_live_plainUriKey0123456789";
    private static final String RAW_KEY = "sk_live_rawUriKey&9876+543210";
    private static final String PLACEHOLDER_KEY = "sk_live_placeholderKey55555";

    /**
     * The outputs in which Camel itself prints the route's text as written (the route model), whatever the
     * component does: a key written literally into a route's URI shows there.
     */
    static final Set<String> CAMEL_ROUTE_TEXT = Set.of("xml dump", "yaml dump", "jmx route dumpRouteAsXml",
            "jmx route dumpRouteAsYaml", "console route-dump", "console processor-detail", "console route-structure",
            "log TRACE org.apache.camel.impl.engine.AbstractCamelContext", "log TRACE org.apache.camel.support.EndpointHelper",
            "log DEBUG org.apache.camel.impl.PreconditionHelper", "log TRACE org.apache.camel.impl.PreconditionHelper",
            "log TRACE org.apache.camel.management.JmxManagementLifecycleStrategy");

    /**
     * What Camel prints of a URI after resolving its property placeholders: its placeholder resolution (DEBUG and
     * TRACE, whatever the property's name), its endpoint resolution and JMX registration (TRACE), and the route-dump
     * console (which resolves placeholders).
     */
    static final Set<String> CAMEL_RESOLVED_URI = Set.of("console route-dump",
            "log TRACE org.apache.camel.component.properties.PropertiesComponent",
            "log TRACE org.apache.camel.component.properties.DefaultPropertiesLookup",
            "log TRACE org.apache.camel.component.properties.DefaultPropertiesParser",
            "log DEBUG org.apache.camel.component.properties.DefaultPropertiesParser",
            "log TRACE org.apache.camel.impl.engine.DefaultCamelContextExtension",
            "log DEBUG org.apache.camel.impl.engine.DefaultCamelContextExtension",
            "log TRACE org.apache.camel.support.EndpointHelper",
            "log TRACE org.apache.camel.impl.engine.AbstractCamelContext",
            "log TRACE org.apache.camel.management.JmxManagementLifecycleStrategy");

    /** Consoles that do something rather than report (heap-dump writes a 40 MB file): not called. */
    private static final Set<String> CONSOLES_THAT_ACT = Set.of("heap-dump", "jfr-memory-leak", "reload", "send",
            "receive", "gc");

    private record Output(String source, String text) {
    }

    private final List<Output> logged = new CopyOnWriteArrayList<>();
    private final List<LoggerConfig> replaced = new ArrayList<>();
    private AbstractAppender capture;

    private void captureAllLoggingAtTrace() {
        LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
        Configuration config = logContext.getConfiguration();
        capture = new AbstractAppender("uri-key-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
                for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t);
                }
                logged.add(new Output("log " + event.getLevel() + " " + event.getLoggerName(), line.toString()));
            }
        };
        capture.start();
        for (String name : List.of("dev.asyncjobs", "org.apache.camel")) {
            LoggerConfig original = config.getLoggers().get(name);
            if (original != null) {
                replaced.add(original);
                config.removeLogger(name);
            }
            LoggerConfig logger = new LoggerConfig(name, Level.TRACE, false);
            logger.addAppender(capture, Level.TRACE, null);
            config.addLogger(name, logger);
        }
        logContext.updateLoggers();
    }

    @AfterEach
    void restoreLogging() {
        LoggerContext logContext = (LoggerContext) LogManager.getContext(false);
        logContext.getConfiguration().removeLogger("dev.asyncjobs");
        logContext.getConfiguration().removeLogger("org.apache.camel");
        replaced.forEach(original -> logContext.getConfiguration().addLogger(original.getName(), original));
        logContext.updateLoggers();
        if (capture != null) {
            capture.stop();
        }
    }

    /** A context with JMX (camel-management is on the test classpath) and dev consoles, dumping routes at start. */
    private void newContext(String componentKey) throws Exception {
        context.stop();
        context = new DefaultCamelContext();
        context.setDevConsole(true);
        context.setDumpRoutes("xml,yaml");
        SateaisComponent sateais = context.getComponent("sateais", SateaisComponent.class);
        sateais.getConfiguration().setBaseUrl(simulator.baseUrl());
        sateais.getConfiguration().setApiKey(componentKey);
        context.getPropertiesComponent().addInitialProperty("sateais.api-key", PLACEHOLDER_KEY);
    }

    /** Sends, fails on purpose, reads every output; returns them all (the log lines last). */
    private List<Output> exerciseAndReadEverything(String submitUri, String watchUri, String placeholderUri,
                                                   String watched) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").routeId("submitter").to(submitUri);
                from("direct:placeholder").routeId("placeholder").to(placeholderUri);
                from(watchUri).routeId("watcher").to("log:transition?showAll=true");
            }
        });
        context.start();
        template = context.createProducerTemplate();
        List<Output> outputs = new ArrayList<>();
        for (String route : List.of("direct:submit", "direct:placeholder")) {
            Exchange exchange = template.send(route, e -> e.getMessage().setBody(shipRequest()));
            for (Throwable t = exchange.getException(); t != null; t = t.getCause()) {
                outputs.add(new Output("exception", t.toString()));
            }
        }
        for (String bad : List.of(submitUri + "&delay=-100", submitUri + "&noSuchOption=1", placeholderUri + "&delay=0")) {
            try {
                context.getEndpoint(bad);
            } catch (RuntimeException e) {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    outputs.add(new Output("exception", t.toString()));
                }
            }
        }
        await().until(() -> simulator.requestCount("GET", "/api/v1/jobs/" + watched) > 0);
        for (Endpoint endpoint : context.getEndpoints()) {
            outputs.add(new Output("endpoint", endpoint.getEndpointUri() + " " + endpoint.getEndpointBaseUri() + " "
                    + endpoint));
        }
        for (RouteDefinition def : ((ModelCamelContext) context).getRouteDefinitions()) {
            outputs.add(new Output("xml dump", PluginHelper.getModelToXMLDumper(context).dumpModelAsXml(context, def)));
            outputs.add(new Output("yaml dump", PluginHelper.getModelToYAMLDumper(context).dumpModelAsYaml(context, def)));
        }
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        String contextName = context.getManagementName();
        for (String type : List.of("endpoints", "routes")) {
            String kind = type.equals("routes") ? "route" : "endpoint";
            Set<ObjectName> names = jmx.queryNames(new ObjectName("org.apache.camel:context=" + contextName + ",type="
                    + type + ",*"), null);
            assertTrue(names.size() >= 3, type + " MBeans: " + names);
            for (ObjectName name : names) {
                outputs.add(new Output("jmx " + kind + " name", name.toString()));
                for (MBeanAttributeInfo attribute : jmx.getMBeanInfo(name).getAttributes()) {
                    outputs.add(new Output("jmx " + kind + " attribute", attribute.getName() + "="
                            + read(() -> jmx.getAttribute(name, attribute.getName()))));
                }
                for (MBeanOperationInfo op : jmx.getMBeanInfo(name).getOperations()) {
                    if (op.getName().startsWith("dump") && op.getSignature().length == 0) {
                        outputs.add(new Output("jmx " + kind + " " + op.getName(),
                                read(() -> jmx.invoke(name, op.getName(), null, null))));
                    }
                }
            }
        }
        DevConsoleRegistry consoles = context.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class);
        consoles.loadDevConsoles(true);
        int called = 0;
        for (DevConsole console : consoles.stream().toList()) {
            if (CONSOLES_THAT_ACT.contains(console.getId())) {
                continue;
            }
            for (DevConsole.MediaType type : DevConsole.MediaType.values()) {
                if (console.supportMediaType(type)) {
                    outputs.add(new Output("console " + console.getId(), read(() -> console.call(type, Map.of()))));
                    called++;
                }
            }
        }
        assertTrue(called > 10, "dev consoles called: " + called);
        context.stop();
        assertTrue(logged.size() > 50, "log lines captured at TRACE: " + logged.size());
        outputs.addAll(logged);
        return outputs;
    }

    private interface Read {
        Object get() throws Exception;
    }

    private static String read(Read read) {
        try {
            return String.valueOf(read.get());
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private static Set<String> sourcesShowing(List<Output> outputs, String... keys) {
        Set<String> sources = new TreeSet<>();
        for (Output output : outputs) {
            for (String key : keys) {
                if (output.text().contains(key)) {
                    sources.add(output.source());
                }
            }
        }
        return sources;
    }

    @Test
    void aKeySetOnTheComponentAppearsInNoOutput() throws Exception {
        captureAllLoggingAtTrace();
        newContext(simulator.apiKey());
        String watched = simulator.createJob("ship");
        // a status request for a job the API does not know (404) and a submit without a detection type fail
        List<Output> outputs = exerciseAndReadEverything("sateais:jobs?operation=getJob&jobId=no-such-job",
                "sateais:jobs?" + FAST + "&jobId=" + watched, "sateais:detections?operation=submit", watched);

        assertTrue(outputs.stream().anyMatch(o -> o.source().equals("exception")), "exchanges failed");
        assertEquals(Set.of(), sourcesShowing(outputs, simulator.apiKey()), outputs.size() + " outputs read");
    }

    @Test
    void aKeyWrittenIntoAnEndpointUriAppearsOnlyWhereCamelPrintsTheRouteText() throws Exception {
        captureAllLoggingAtTrace();
        newContext(null);
        String watched = simulator.createJob("ship");
        // keys the simulator does not know: every request fails with 401, through the exception paths too
        List<Output> outputs = exerciseAndReadEverything(
                "sateais:detections?detectionType=ship&apiKey=" + PLAIN_KEY,
                "sateais:jobs?" + FAST + "&jobId=" + watched + "&apiKey=RAW(" + RAW_KEY + ")",
                "sateais:detections?detectionType=ship&apiKey={{sateais.api-key}}", watched);

        assertTrue(outputs.stream().anyMatch(o -> o.source().equals("exception") && o.text().contains("401")),
                "the keys were sent and rejected");
        Set<String> outsideRouteText = sourcesShowing(outputs, PLAIN_KEY, RAW_KEY);
        outsideRouteText.removeAll(CAMEL_ROUTE_TEXT);
        assertEquals(Set.of(), outsideRouteText, "outputs other than Camel's printing of the route text: "
                + outputs.stream().filter(o -> outsideRouteText.contains(o.source())).toList());
        // a placeholder (named like a secret, so the properties console masks it) keeps the key out of the route
        // text, the dumps and the other consoles; Camel still prints the resolved URI in the places listed
        Set<String> placeholder = sourcesShowing(outputs, PLACEHOLDER_KEY);
        placeholder.removeAll(CAMEL_RESOLVED_URI);
        assertEquals(Set.of(), placeholder, "outputs other than Camel's printing of the resolved URI: "
                + outputs.stream().filter(o -> placeholder.contains(o.source())).toList());
        // the component masks what is its own: the endpoint's URI
        assertTrue(outputs.stream().anyMatch(o -> o.source().equals("endpoint") && o.text().contains("apiKey=xxxxxx")));
    }
}
