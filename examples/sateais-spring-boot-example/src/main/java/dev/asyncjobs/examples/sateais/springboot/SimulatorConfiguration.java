package dev.asyncjobs.examples.sateais.springboot;

import java.time.Duration;
import java.time.Instant;

import dev.asyncjobs.sateais.SateaisComponent;
import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import org.apache.camel.Component;
import org.apache.camel.Ordered;
import org.apache.camel.spi.ComponentCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Without an API key, the example runs on the SateAIs simulator, in this JVM, 600 times faster than real time: no
 * key, no network, and the ~15-minute detection takes a couple of seconds.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${camel.component.sateais.api-key:}'.isBlank()")
public class SimulatorConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorConfiguration.class);

    @Bean(destroyMethod = "close")
    public SateaisSimulator sateaisSimulator() {
        SateaisSimulator simulator = SateaisSimulator.builder().startTime(Instant.now()).speed(600).start();
        LOG.info("No camel.component.sateais.api-key configured: using the in-process SateAIs simulator at {}",
                simulator.baseUrl());
        return simulator;
    }

    /** Points the component at the simulator; runs after the starter's customizer, so its base URL wins. */
    @Bean
    public ComponentCustomizer sateaisOnSimulator(SateaisSimulator simulator) {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                SateaisComponent component = (SateaisComponent) target;
                component.getConfiguration().setApiKey(simulator.apiKey());
                component.getConfiguration().setBaseUrl(simulator.baseUrl());
                // 600x faster: poll every second instead of the vendor's 5 minutes / 1 minute
                component.getConfiguration().setFirstPollDelay(Duration.ofSeconds(1));
                component.getConfiguration().setPollInterval(Duration.ofSeconds(1));
                // each run starts a new simulator, which knows none of the jobs an earlier run tracked
                component.setTrackingFile(null);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return target instanceof SateaisComponent;
            }

            @Override
            public int getOrder() {
                return Ordered.LOWEST;
            }
        };
    }
}
