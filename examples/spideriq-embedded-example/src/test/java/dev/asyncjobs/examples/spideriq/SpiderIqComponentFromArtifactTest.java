package dev.asyncjobs.examples.spideriq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URL;

import dev.asyncjobs.spideriq.SpiderIqComponent;
import dev.asyncjobs.spideriq.SpiderIqEndpoint;
import dev.asyncjobs.spideriq.api.SpiderIqJobType;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/**
 * As an application embedding Camel sees the component: a dependency (in `mvn verify`, the packaged jar), found by its
 * scheme through the generated service file and configured through the generated configurer, with no registration
 * in code.
 */
class SpiderIqComponentFromArtifactTest {

    @Test
    void theSchemeResolvesFromTheArtifactWithItsGeneratedConfigurer() throws Exception {
        URL serviceFile = getClass().getClassLoader().getResource("META-INF/services/org/apache/camel/component/spideriq");
        assertNotNull(serviceFile, "the component's service file is packaged");

        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            SpiderIqEndpoint endpoint = assertInstanceOf(SpiderIqEndpoint.class, context.getEndpoint(
                    "spideriq:crawls?apiKey=RAW(spq_from_jar)&jobType=spiderMaps&priority=7&listPageSize=100"));

            assertInstanceOf(SpiderIqComponent.class, context.getComponent("spideriq"));
            assertEquals("spq_from_jar", endpoint.getConfiguration().getApiKey());
            assertEquals(SpiderIqJobType.spiderMaps, endpoint.getConfiguration().getJobType());
            assertEquals(7, endpoint.getConfiguration().getPriority());
            assertEquals("dev.asyncjobs.spideriq.SpiderIqEndpointConfigurer", PluginHelper.getConfigurerResolver(context)
                    .resolvePropertyConfigurer("spideriq-endpoint", context).getClass().getName());
        }
    }
}
