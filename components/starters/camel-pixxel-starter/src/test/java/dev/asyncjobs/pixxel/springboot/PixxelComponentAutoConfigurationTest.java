package dev.asyncjobs.pixxel.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.pixxel.PixxelComponent;
import dev.asyncjobs.pixxel.PixxelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class PixxelComponentAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class, PixxelComponentConverter.class,
                    PixxelComponentAutoConfiguration.class));

    private static PixxelComponent component(CamelContext camel) {
        return camel.getComponent("pixxel", PixxelComponent.class);
    }

    @Test
    void bindsComponentAndConfigurationOptions() {
        runner.withPropertyValues(
                "camel.component.pixxel.api-key=sk_test_123",
                "camel.component.pixxel.base-url=http://localhost:8089",
                "camel.component.pixxel.poll-interval=30s",
                "camel.component.pixxel.wait-timeout=10m",
                "camel.component.pixxel.workflow-id=wf-ndvi",
                "camel.component.pixxel.min-poll-interval=20s",
                "camel.component.pixxel.status-filter=FAILED",
                "camel.component.pixxel.fetch-result=true",
                "camel.component.pixxel.tracking-file=target/pixxel-jobs.json",
                "camel.component.pixxel.rate-limit-requests=5",
                "camel.component.pixxel.rate-limit-window=2s",
                "camel.component.pixxel.connect-timeout=5000")
                .run(context -> {
                    PixxelComponent component = component(context.getBean(CamelContext.class));
                    PixxelConfiguration configuration = component.getConfiguration();
                    assertThat(configuration.getApiKey()).isEqualTo("sk_test_123");
                    assertThat(configuration.getBaseUrl()).isEqualTo("http://localhost:8089");
                    assertThat(configuration.getPollInterval()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(configuration.getWaitTimeout()).isEqualTo(Duration.ofMinutes(10).toMillis());
                    assertThat(configuration.getWorkflowId()).isEqualTo("wf-ndvi");
                    assertThat(configuration.getMinPollInterval()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(configuration.getStatusFilter()).isEqualTo("FAILED");
                    assertThat(configuration.isFetchResult()).isTrue();
                    assertThat(component.getTrackingFile()).isEqualTo("target/pixxel-jobs.json");
                    assertThat(component.getRateLimitRequests()).isEqualTo(5);
                    assertThat(component.getRateLimitWindow()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(component.getConnectTimeout()).isEqualTo(5000L);
                });
    }

    @Test
    void unsetOptionsKeepTheComponentsDefaults() {
        runner.withPropertyValues("camel.component.pixxel.api-key=sk_test_123").run(context -> {
            PixxelConfiguration configuration = component(context.getBean(CamelContext.class)).getConfiguration();
            PixxelConfiguration defaults = new PixxelConfiguration();
            assertThat(configuration.getBaseUrl()).isEqualTo(defaults.getBaseUrl());
            assertThat(configuration.getWaitTimeout()).isEqualTo(defaults.getWaitTimeout());
            assertThat(configuration.getOperation()).isEqualTo(defaults.getOperation());
        });
    }

    @Test
    void configurationOptionTakesABeanReference() {
        runner.withBean("pixxelDefaults", PixxelConfiguration.class, () -> {
            PixxelConfiguration configuration = new PixxelConfiguration();
            configuration.setApiKey("sk_from_bean");
            return configuration;
        }).withPropertyValues("camel.component.pixxel.configuration=#bean:pixxelDefaults").run(context -> {
            assertThat(component(context.getBean(CamelContext.class)).getConfiguration().getApiKey())
                    .isEqualTo("sk_from_bean");
        });
    }

    @Test
    void disabledAutoConfigurationLeavesTheComponentAlone() {
        runner.withPropertyValues("camel.component.pixxel.enabled=false",
                "camel.component.pixxel.api-key=sk_test_123").run(context -> {
                    assertThat(component(context.getBean(CamelContext.class)).getConfiguration().getApiKey()).isNull();
                });
    }

    /** IDEs complete and document every option of the component's catalog, with its default. */
    @Test
    void springConfigurationMetadataListsEveryCatalogOption() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode catalog = read(mapper, "META-INF/dev/asyncjobs/pixxel/pixxel.json");
        Map<String, JsonNode> metadata = new HashMap<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                mapper.readTree(in).path("properties").forEach(p -> metadata.put(p.path("name").asText(), p));
            }
        }
        List<String> problems = new ArrayList<>();
        catalog.path("componentProperties").properties().forEach(option -> {
            String name = "camel.component.pixxel." + option.getKey().replaceAll("([A-Z])", "-$1").toLowerCase();
            JsonNode property = metadata.get(name);
            if (property == null) {
                problems.add(name + ": missing");
                return;
            }
            if (property.path("description").asText().isBlank()) {
                problems.add(name + ": no description");
            }
            JsonNode defaultValue = option.getValue().path("defaultValue");
            if (!defaultValue.isMissingNode() && !defaultValue.asText().equals(property.path("defaultValue").asText())) {
                problems.add(name + ": default " + property.path("defaultValue") + " instead of " + defaultValue);
            }
        });
        assertThat(catalog.path("componentProperties").size()).isGreaterThan(30);
        assertThat(metadata).containsKey("camel.component.pixxel.enabled");
        assertThat(problems).isEmpty();
    }

    private JsonNode read(ObjectMapper mapper, String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return mapper.readTree(in);
        }
    }

    /** The nested form (camel.component.pixxel.configuration.*) and options set one by one combine. */
    @Test
    void nestedConfigurationAndSingleOptionsCombine() {
        runner.withPropertyValues("camel.component.pixxel.configuration.api-key=sk_nested",
                "camel.component.pixxel.configuration.base-url=http://localhost:1234",
                "camel.component.pixxel.poll-interval=42s").run(context -> {
                    PixxelConfiguration configuration = component(context.getBean(CamelContext.class)).getConfiguration();
                    assertThat(configuration.getApiKey()).isEqualTo("sk_nested");
                    assertThat(configuration.getBaseUrl()).isEqualTo("http://localhost:1234");
                    assertThat(configuration.getPollInterval()).isEqualTo(Duration.ofSeconds(42));
                });
    }
}
