package dev.asyncjobs.sateais.springboot;

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
import dev.asyncjobs.sateais.SateaisComponent;
import dev.asyncjobs.sateais.SateaisConfiguration;
import dev.asyncjobs.sateais.api.DetectionType;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class SateaisComponentAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class, SateaisComponentConverter.class,
                    SateaisComponentAutoConfiguration.class));

    private static SateaisComponent component(CamelContext camel) {
        return camel.getComponent("sateais", SateaisComponent.class);
    }

    @Test
    void bindsComponentAndConfigurationOptions() {
        runner.withPropertyValues(
                "camel.component.sateais.api-key=sk_test_123",
                "camel.component.sateais.base-url=http://localhost:8089",
                "camel.component.sateais.poll-interval=30s",
                "camel.component.sateais.wait-timeout=10m",
                "camel.component.sateais.detection-type=oilslick",
                "camel.component.sateais.status-filter=FAILED",
                "camel.component.sateais.fetch-result=true",
                "camel.component.sateais.tracking-file=target/sateais-jobs.json",
                "camel.component.sateais.rate-limit-requests=5",
                "camel.component.sateais.rate-limit-window=2s",
                "camel.component.sateais.connect-timeout=5000")
                .run(context -> {
                    SateaisComponent component = component(context.getBean(CamelContext.class));
                    SateaisConfiguration configuration = component.getConfiguration();
                    assertThat(configuration.getApiKey()).isEqualTo("sk_test_123");
                    assertThat(configuration.getBaseUrl()).isEqualTo("http://localhost:8089");
                    assertThat(configuration.getPollInterval()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(configuration.getWaitTimeout()).isEqualTo(Duration.ofMinutes(10).toMillis());
                    assertThat(configuration.getDetectionType()).isEqualTo(DetectionType.oilslick);
                    assertThat(configuration.getStatusFilter()).isEqualTo("FAILED");
                    assertThat(configuration.isFetchResult()).isTrue();
                    assertThat(component.getTrackingFile()).isEqualTo("target/sateais-jobs.json");
                    assertThat(component.getRateLimitRequests()).isEqualTo(5);
                    assertThat(component.getRateLimitWindow()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(component.getConnectTimeout()).isEqualTo(5000L);
                });
    }

    @Test
    void unsetOptionsKeepTheComponentsDefaults() {
        runner.withPropertyValues("camel.component.sateais.api-key=sk_test_123").run(context -> {
            SateaisConfiguration configuration = component(context.getBean(CamelContext.class)).getConfiguration();
            SateaisConfiguration defaults = new SateaisConfiguration();
            assertThat(configuration.getBaseUrl()).isEqualTo(defaults.getBaseUrl());
            assertThat(configuration.getWaitTimeout()).isEqualTo(defaults.getWaitTimeout());
            assertThat(configuration.getOperation()).isEqualTo(defaults.getOperation());
        });
    }

    @Test
    void configurationOptionTakesABeanReference() {
        runner.withBean("sateaisDefaults", SateaisConfiguration.class, () -> {
            SateaisConfiguration configuration = new SateaisConfiguration();
            configuration.setApiKey("sk_from_bean");
            return configuration;
        }).withPropertyValues("camel.component.sateais.configuration=#bean:sateaisDefaults").run(context -> {
            assertThat(component(context.getBean(CamelContext.class)).getConfiguration().getApiKey())
                    .isEqualTo("sk_from_bean");
        });
    }

    @Test
    void disabledAutoConfigurationLeavesTheComponentAlone() {
        runner.withPropertyValues("camel.component.sateais.enabled=false",
                "camel.component.sateais.api-key=sk_test_123").run(context -> {
                    assertThat(component(context.getBean(CamelContext.class)).getConfiguration().getApiKey()).isNull();
                });
    }

    /** IDEs complete and document every option of the component's catalog, with its default. */
    @Test
    void springConfigurationMetadataListsEveryCatalogOption() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode catalog = read(mapper, "META-INF/dev/asyncjobs/sateais/sateais.json");
        Map<String, JsonNode> metadata = new HashMap<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                mapper.readTree(in).path("properties").forEach(p -> metadata.put(p.path("name").asText(), p));
            }
        }
        List<String> problems = new ArrayList<>();
        catalog.path("componentProperties").properties().forEach(option -> {
            String name = "camel.component.sateais." + option.getKey().replaceAll("([A-Z])", "-$1").toLowerCase();
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
        assertThat(metadata).containsKey("camel.component.sateais.enabled");
        assertThat(problems).isEmpty();
    }

    private JsonNode read(ObjectMapper mapper, String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return mapper.readTree(in);
        }
    }

    /** The nested form (camel.component.sateais.configuration.*) and options set one by one combine. */
    @Test
    void nestedConfigurationAndSingleOptionsCombine() {
        runner.withPropertyValues("camel.component.sateais.configuration.api-key=sk_nested",
                "camel.component.sateais.configuration.base-url=http://localhost:1234",
                "camel.component.sateais.poll-interval=42s").run(context -> {
                    SateaisConfiguration configuration = component(context.getBean(CamelContext.class)).getConfiguration();
                    assertThat(configuration.getApiKey()).isEqualTo("sk_nested");
                    assertThat(configuration.getBaseUrl()).isEqualTo("http://localhost:1234");
                    assertThat(configuration.getPollInterval()).isEqualTo(Duration.ofSeconds(42));
                });
    }
}
