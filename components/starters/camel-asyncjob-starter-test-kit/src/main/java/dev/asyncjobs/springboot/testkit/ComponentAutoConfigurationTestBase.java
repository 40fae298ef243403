package dev.asyncjobs.springboot.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.engine.camel.AsyncJobConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every starter's auto-configuration must do, checked the same way for each component: its
 * {@code camel.component.<scheme>.*} properties bind to the component and its configuration, unset ones keep the
 * component's defaults, {@code configuration} takes a bean reference, {@code enabled=false} leaves the component
 * alone, the nested form combines with single options, and the Spring configuration metadata lists every catalog
 * option with its description and default.
 * <p>
 * A starter's test names its component and says only what is its own: its vendor options and what they bind to
 * ({@link #bindsVendorOption}).
 *
 * @param <C> the component
 * @param <K> its configuration
 */
public abstract class ComponentAutoConfigurationTestBase<C extends AsyncJobComponent, K extends AsyncJobConfiguration> {

    private final String scheme;
    private final Class<C> componentType;
    private final Class<K> configurationType;
    private final Supplier<K> newConfiguration;
    protected final ApplicationContextRunner runner;

    /** A vendor option: its property ({@code kebab-name=value}), the getter it binds to and the value it gets. */
    private record VendorOption<K>(String property, Function<K, ?> getter, Object expected) {
    }

    private final List<VendorOption<K>> vendorOptions = new ArrayList<>();

    /**
     * @param scheme            the component's scheme ({@code camel.component.<scheme>.*})
     * @param componentType     the component class
     * @param newConfiguration  a configuration with the component's defaults
     * @param converter         the starter's generated {@code <Name>ComponentConverter}
     * @param autoConfiguration the starter's generated {@code <Name>ComponentAutoConfiguration}
     */
    @SuppressWarnings("unchecked")
    protected ComponentAutoConfigurationTestBase(String scheme, Class<C> componentType, Supplier<K> newConfiguration,
                                                 Class<?> converter, Class<?> autoConfiguration) {
        this.scheme = scheme;
        this.componentType = componentType;
        this.newConfiguration = newConfiguration;
        this.configurationType = (Class<K>) newConfiguration.get().getClass();
        this.runner = new ApplicationContextRunner().withConfiguration(
                AutoConfigurations.of(CamelAutoConfiguration.class, converter, autoConfiguration));
    }

    /**
     * A vendor option {@link #bindsComponentAndConfigurationOptions()} sets too, and what its getter must then return.
     *
     * @param property {@code kebab-name=value}, without the {@code camel.component.<scheme>.} prefix
     */
    protected <V> void bindsVendorOption(String property, Function<K, V> getter, V expected) {
        vendorOptions.add(new VendorOption<>(property, getter, expected));
    }

    private String property(String nameAndValue) {
        return "camel.component." + scheme + "." + nameAndValue;
    }

    private String[] properties(Stream<String> namesAndValues) {
        return namesAndValues.map(this::property).toArray(String[]::new);
    }

    private C component(CamelContext camel) {
        return camel.getComponent(scheme, componentType);
    }

    private K configuration(CamelContext camel) {
        return configurationType.cast(component(camel).getConfiguration());
    }

    @Test
    void bindsComponentAndConfigurationOptions() {
        runner.withPropertyValues(properties(Stream.of(
                Stream.of("api-key=sk_test_123", "base-url=http://localhost:8089", "poll-interval=30s",
                        "wait-timeout=10m"),
                vendorOptions.stream().map(VendorOption::property),
                Stream.of("status-filter=FAILED", "fetch-result=true", "tracking-file=target/" + scheme + "-jobs.json",
                        "rate-limit-requests=5", "rate-limit-window=2s", "connect-timeout=5000"))
                .flatMap(s -> s)))
                .run(context -> {
                    C component = component(context.getBean(CamelContext.class));
                    K configuration = configurationType.cast(component.getConfiguration());
                    assertThat(configuration.getApiKey()).isEqualTo("sk_test_123");
                    assertThat(configuration.getBaseUrl()).isEqualTo("http://localhost:8089");
                    assertThat(configuration.getPollInterval()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(configuration.getWaitTimeout()).isEqualTo(Duration.ofMinutes(10).toMillis());
                    for (VendorOption<K> option : vendorOptions) {
                        assertThat(option.getter().apply(configuration)).as(option.property())
                                .isEqualTo(option.expected());
                    }
                    assertThat(configuration.getStatusFilter()).isEqualTo("FAILED");
                    assertThat(configuration.isFetchResult()).isTrue();
                    assertThat(component.getTrackingFile()).isEqualTo("target/" + scheme + "-jobs.json");
                    assertThat(component.getRateLimitRequests()).isEqualTo(5);
                    assertThat(component.getRateLimitWindow()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(component.getConnectTimeout()).isEqualTo(5000L);
                });
    }

    @Test
    void unsetOptionsKeepTheComponentsDefaults() {
        runner.withPropertyValues(property("api-key=sk_test_123")).run(context -> {
            K configuration = configuration(context.getBean(CamelContext.class));
            K defaults = newConfiguration.get();
            assertThat(configuration.getBaseUrl()).isEqualTo(defaults.getBaseUrl());
            assertThat(configuration.getWaitTimeout()).isEqualTo(defaults.getWaitTimeout());
            assertThat(configuration.getOperationName()).isEqualTo(defaults.getOperationName());
        });
    }

    @Test
    void configurationOptionTakesABeanReference() {
        runner.withBean(scheme + "Defaults", configurationType, () -> {
            K configuration = newConfiguration.get();
            configuration.setApiKey("sk_from_bean");
            return configuration;
        }).withPropertyValues(property("configuration=#bean:" + scheme + "Defaults")).run(context -> {
            assertThat(configuration(context.getBean(CamelContext.class)).getApiKey()).isEqualTo("sk_from_bean");
        });
    }

    @Test
    void disabledAutoConfigurationLeavesTheComponentAlone() {
        runner.withPropertyValues(property("enabled=false"), property("api-key=sk_test_123")).run(context -> {
            assertThat(configuration(context.getBean(CamelContext.class)).getApiKey()).isNull();
        });
    }

    /** IDEs complete and document every option of the component's catalog, with its default. */
    @Test
    void springConfigurationMetadataListsEveryCatalogOption() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        String catalogPackage = componentType.getPackageName().replace('.', '/');
        JsonNode catalog = read(mapper, "META-INF/" + catalogPackage + "/" + scheme + ".json");
        Map<String, JsonNode> metadata = new HashMap<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                mapper.readTree(in).path("properties").forEach(p -> metadata.put(p.path("name").asText(), p));
            }
        }
        List<String> problems = new ArrayList<>();
        catalog.path("componentProperties").properties().forEach(option -> {
            String name = property(option.getKey().replaceAll("([A-Z])", "-$1").toLowerCase());
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
        assertThat(metadata).containsKey(property("enabled"));
        assertThat(problems).isEmpty();
    }

    private JsonNode read(ObjectMapper mapper, String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return mapper.readTree(in);
        }
    }

    /** The nested form ({@code camel.component.<scheme>.configuration.*}) and options set one by one combine. */
    @Test
    void nestedConfigurationAndSingleOptionsCombine() {
        runner.withPropertyValues(property("configuration.api-key=sk_nested"),
                property("configuration.base-url=http://localhost:1234"),
                property("poll-interval=42s")).run(context -> {
                    K configuration = configuration(context.getBean(CamelContext.class));
                    assertThat(configuration.getApiKey()).isEqualTo("sk_nested");
                    assertThat(configuration.getBaseUrl()).isEqualTo("http://localhost:1234");
                    assertThat(configuration.getPollInterval()).isEqualTo(Duration.ofSeconds(42));
                });
    }
}
