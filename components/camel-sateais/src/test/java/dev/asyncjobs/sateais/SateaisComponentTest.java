package dev.asyncjobs.sateais;

import java.util.Map;

import dev.asyncjobs.sateais.api.DetectionType;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.URISupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The component as a user gets it from the jar: found by its scheme, configured through generated configurers. */
class SateaisComponentTest {

    @Test
    void aPlainCamelContextFindsTheComponentByItsSchemeAndConfiguresASecretOption() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();

            Endpoint endpoint = context.getEndpoint(
                    "sateais:detections?apiKey=RAW(sk_live_s3cr3t&+)&detectionType=oilslick&waitForCompletion=true&pollInterval=90s");

            SateaisEndpoint sateais = assertInstanceOf(SateaisEndpoint.class, endpoint);
            assertEquals("sk_live_s3cr3t&+", sateais.getConfiguration().getApiKey());
            assertEquals(DetectionType.oilslick, sateais.getConfiguration().getDetectionType());
            assertEquals(90, sateais.getConfiguration().getPollInterval().toSeconds());
            assertEquals("https://api.spcsft.com", sateais.getConfiguration().getBaseUrl());
            assertFalse(URISupport.sanitizeUri(endpoint.getEndpointUri()).contains("s3cr3t"),
                    "the key is masked wherever Camel prints the endpoint");
        }
    }

    @Test
    void theGeneratedConfigurersAndCatalogAreOnTheClasspath() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            PropertyConfigurer endpointConfigurer = PluginHelper.getConfigurerResolver(context)
                    .resolvePropertyConfigurer("sateais-endpoint", context);
            assertInstanceOf(SateaisEndpointConfigurer.class, endpointConfigurer);
            try (var in = getClass().getResourceAsStream("/META-INF/dev/asyncjobs/sateais/sateais.json")) {
                assertNotNull(in, "the component's catalog JSON is packaged");
                String catalog = new String(in.readAllBytes());
                assertTrue(catalog.contains("\"apiKey\"") && catalog.contains("\"secret\": true"), "apiKey is a secret option");
                assertTrue(catalog.contains("CamelAsyncJobPreviousStatus"), "the common headers are documented");
            }
        }
    }

    @Test
    void badUrisFailAtEndpointCreationNamingTheOption() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            Map<String, String> expected = Map.of(
                    "sateais:x", "apiKey",
                    "sateais:x?apiKey=k&baseUrl=ftp://example.com", "baseUrl",
                    "sateais:x?apiKey=k&listLimit=31", "listLimit",
                    "sateais:x?apiKey=k&statusFilter=done", "statusFilter",
                    "sateais:x?apiKey=k&operation=cancel", "operation",
                    "sateais:x?apiKey=k&detectionType=plane", "detectionType",
                    "sateais:x?apiKey=k&maxConcurrentPolls=0", "maxConcurrentPolls",
                    "sateais:x?apiKey=k&pollInterval=0", "pollInterval");
            expected.forEach((uri, option) -> {
                ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                        () -> context.getEndpoint(uri), uri);
                String message = e.getMessage() + " " + (e.getCause() != null ? e.getCause().getMessage() : "");
                assertTrue(message.contains(option), uri + " -> " + message);
            });
        }
    }
}
