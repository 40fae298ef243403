package dev.asyncjobs.pixxel.springboot;

import java.time.Duration;
import java.util.List;

import dev.asyncjobs.pixxel.PixxelComponent;
import dev.asyncjobs.pixxel.PixxelConfiguration;
import dev.asyncjobs.springboot.testkit.ComponentAutoConfigurationTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter's auto-configuration (see {@link ComponentAutoConfigurationTestBase}), with pixxel's own options. */
class PixxelComponentAutoConfigurationTest
        extends ComponentAutoConfigurationTestBase<PixxelComponent, PixxelConfiguration> {

    PixxelComponentAutoConfigurationTest() {
        super("pixxel", PixxelComponent.class, PixxelConfiguration.class, PixxelConfiguration::new,
                PixxelComponentConverter.class, PixxelComponentAutoConfiguration.class);
    }

    @Override
    protected List<String> vendorOptions() {
        return List.of("workflow-id=wf-ndvi", "min-poll-interval=20s");
    }

    @Override
    protected void assertVendorOptions(PixxelConfiguration configuration) {
        assertThat(configuration.getWorkflowId()).isEqualTo("wf-ndvi");
        assertThat(configuration.getMinPollInterval()).isEqualTo(Duration.ofSeconds(20));
    }
}
