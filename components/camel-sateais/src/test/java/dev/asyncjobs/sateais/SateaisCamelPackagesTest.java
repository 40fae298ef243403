package dev.asyncjobs.sateais;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.asyncjobs.sateais.api.SateaisJob;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Camel packages the component stands on, used as Camel users know them: camel-http's and camel-jackson's. */
class SateaisCamelPackagesTest extends SateaisTestSupport {

    /** A new context whose registry holds the bean before the component is made (as in an application). */
    private void contextWith(String name, Object bean) {
        context.stop();
        context = new org.apache.camel.impl.DefaultCamelContext();
        context.getRegistry().bind(name, bean);
        SateaisComponent component = context.getComponent("sateais", SateaisComponent.class);
        component.getConfiguration().setApiKey(simulator.apiKey());
        component.getConfiguration().setBaseUrl(simulator.baseUrl());
        template = context.createProducerTemplate();
    }

    @Test
    void anHttpClientConfigurerFromTheRegistryCustomizesThePooledClient() throws Exception {
        HttpClientConfigurer configurer = builder -> builder.addRequestInterceptorFirst(
                (request, entity, context) -> request.addHeader("X-Gateway-Tenant", "acme"));
        contextWith("tenantHeader", configurer);
        context.start();

        String jobId = template.requestBody("sateais:detections?detectionType=ship", shipRequest(), SateaisJob.class)
                .jobId();

        assertSame(configurer, component().getHttpClientConfigurer(), "autowired from the registry, as for http:");
        assertTrue(simulator.requests().stream().allMatch(r -> "acme".equals(r.header("X-Gateway-Tenant"))),
                "every request went through the application's customization");
        assertEquals(1, simulator.jobIds().size(), jobId);
    }

    @Test
    void theApplicationsObjectMapperIsUsedAsACopyThatIgnoresUnknownFields() throws Exception {
        ObjectMapper application = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        contextWith("mapper", application);
        context.start();

        template.requestBody("sateais:detections?detectionType=ship", shipRequest(), SateaisJob.class);

        assertSame(application, component().getObjectMapper(), "autowired from the registry");
        assertNotSame(application, component().mapper(), "the application's own mapper is never reconfigured");
        assertTrue(application.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
        assertFalse(component().mapper().isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES),
                "a vendor's new field never breaks a poll");
    }
}
