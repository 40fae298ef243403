package dev.asyncjobs.examples.sateais;

import java.net.URL;

import dev.asyncjobs.sateais.SateaisComponent;
import dev.asyncjobs.sateais.SateaisEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * As a user's application sees the component: a dependency (in `mvn verify`, the packaged jar), found by its scheme
 * through the generated service file, configured through the generated configurer, with no registration in code.
 */
class SateaisComponentFromArtifactTest {

    @Test
    void theSchemeResolvesFromTheArtifactWithItsGeneratedConfigurer() throws Exception {
        URL serviceFile = getClass().getClassLoader().getResource("META-INF/services/org/apache/camel/component/sateais");
        assertNotNull(serviceFile, "the component's service file is packaged");

        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            SateaisEndpoint endpoint = assertInstanceOf(SateaisEndpoint.class,
                    context.getEndpoint("sateais:detections?apiKey=RAW(sk_live_from_jar)&detectionType=timeseries"));

            assertInstanceOf(SateaisComponent.class, context.getComponent("sateais"));
            assertEquals("sk_live_from_jar", endpoint.getConfiguration().getApiKey());
            assertEquals("dev.asyncjobs.sateais.SateaisEndpointConfigurer", PluginHelper.getConfigurerResolver(context)
                    .resolvePropertyConfigurer("sateais-endpoint", context).getClass().getName());
        }
    }
}
