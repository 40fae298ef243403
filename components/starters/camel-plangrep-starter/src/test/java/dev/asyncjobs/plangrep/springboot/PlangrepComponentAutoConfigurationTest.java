package dev.asyncjobs.plangrep.springboot;

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
import dev.asyncjobs.plangrep.PlangrepComponent;
import dev.asyncjobs.plangrep.PlangrepConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class PlangrepComponentAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class, PlangrepComponentConverter.class,
                    PlangrepComponentAutoConfiguration.class));

    private static PlangrepComponent component(CamelContext camel) {
        return camel.getComponent("plangrep", PlangrepComponent.class);
    }

    @Test
    void bindsComponentAndConfigurationOptions() {
        runner.withPropertyValues(
                "camel.component.plangrep.api-key=sk_test_123",
                "camel.component.plangrep.base-url=http://localhost:8089",
                "camel.component.plangrep.poll-interval=30s",
                "camel.component.plangrep.wait-timeout=10m",
                "camel.component.plangrep.project-id=p-7",
                "camel.component.plangrep.classification=plans",
                "camel.component.plangrep.status-filter=FAILED",
                "camel.component.plangrep.fetch-result=true",
                "camel.component.plangrep.tracking-file=target/plangrep-jobs.json",
                "camel.component.plangrep.rate-limit-requests=5",
                "camel.component.plangrep.rate-limit-window=2s",
                "camel.component.plangrep.connect-timeout=5000")
                .run(context -> {
                    PlangrepComponent component = component(context.getBean(CamelContext.class));
                    PlangrepConfiguration configuration = component.getConfiguration();
                    assertThat(configuration.getApiKey()).isEqualTo("sk_test_123");
                    assertThat(configuration.getBaseUrl()).isEqualTo("http://localhost:8089");
                    assertThat(configuration.getPollInterval()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(configuration.getWaitTimeout()).isEqualTo(Duration.ofMinutes(10).toMillis());
                    assertThat(configuration.getProjectId()).isEqualTo("p-7");
                    assertThat(configuration.getClassification()).isEqualTo("plans");
                    assertThat(configuration.getStatusFilter()).isEqualTo("FAILED");
                    assertThat(configuration.isFetchResult()).isTrue();
                    assertThat(component.getTrackingFile()).isEqualTo("target/plangrep-jobs.json");
                    assertThat(component.getRateLimitRequests()).isEqualTo(5);
                    assertThat(component.getRateLimitWindow()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(component.getConnectTimeout()).isEqualTo(5000L);
                });
    }

    @Test
    void unsetOptionsKeepTheComponentsDefaults() {
        runner.withPropertyValues("camel.component.plangrep.api-key=sk_test_123").run(context -> {
            PlangrepConfiguration configuration = component(context.getBean(CamelContext.class)).getConfiguration();
            PlangrepConfiguration defaults = new PlangrepConfiguration();
            assertThat(configuration.getBaseUrl()).isEqualTo(defaults.getBaseUrl());
            assertThat(configuration.getWaitTimeout()).isEqualTo(defaults.getWaitTimeout());
            assertThat(configuration.getOperation()).isEqualTo(defaults.getOperation());
        });
    }

    @Test
    void configurationOptionTakesABeanReference() {
        runner.withBean("plangrepDefaults", PlangrepConfiguration.class, () -> {
            PlangrepConfiguration configuration = new PlangrepConfiguration();
            configuration.setApiKey("sk_from_bean");
            return configuration;
        }).withPropertyValues("camel.component.plangrep.configuration=#bean:plangrepDefaults").run(context -> {
            assertThat(component(context.getBean(CamelContext.class)).getConfiguration().getApiKey())
                    .isEqualTo("sk_from_bean");
        });
    }

    @Test
    void disabledAutoConfigurationLeavesTheComponentAlone() {
        runner.withPropertyValues("camel.component.plangrep.enabled=false",
                "camel.component.plangrep.api-key=sk_test_123").run(context -> {
                    assertThat(component(context.getBean(CamelContext.class)).getConfiguration().getApiKey()).isNull();
                });
    }

    /** IDEs complete and document every option of the component's catalog, with its default. */
    @Test
    void springConfigurationMetadataListsEveryCatalogOption() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode catalog = read(mapper, "META-INF/dev/asyncjobs/plangrep/plangrep.json");
        Map<String, JsonNode> metadata = new HashMap<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                mapper.readTree(in).path("properties").forEach(p -> metadata.put(p.path("name").asText(), p));
            }
        }
        List<String> problems = new ArrayList<>();
        catalog.path("componentProperties").properties().forEach(option -> {
            String name = "camel.component.plangrep." + option.getKey().replaceAll("([A-Z])", "-$1").toLowerCase();
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
        assertThat(metadata).containsKey("camel.component.plangrep.enabled");
        assertThat(problems).isEmpty();
    }

    private JsonNode read(ObjectMapper mapper, String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return mapper.readTree(in);
        }
    }

    /** The nested form (camel.component.plangrep.configuration.*) and options set one by one combine. */
    @Test
    void nestedConfigurationAndSingleOptionsCombine() {
        runner.withPropertyValues("camel.component.plangrep.configuration.api-key=sk_nested",
                "camel.component.plangrep.configuration.base-url=http://localhost:1234",
                "camel.component.plangrep.poll-interval=42s").run(context -> {
                    PlangrepConfiguration configuration = component(context.getBean(CamelContext.class)).getConfiguration();
                    assertThat(configuration.getApiKey()).isEqualTo("sk_nested");
                    assertThat(configuration.getBaseUrl()).isEqualTo("http://localhost:1234");
                    assertThat(configuration.getPollInterval()).isEqualTo(Duration.ofSeconds(42));
                });
    }
}
