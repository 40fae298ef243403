package dev.asyncjobs.pixxel.springboot;

import java.time.Duration;

import dev.asyncjobs.pixxel.PixxelComponent;
import dev.asyncjobs.pixxel.PixxelConfiguration;
import dev.asyncjobs.springboot.testkit.ComponentAutoConfigurationTestBase;

/** The starter's auto-configuration ({@link ComponentAutoConfigurationTestBase}) with pixxel's own options. */
class PixxelComponentAutoConfigurationTest
        extends ComponentAutoConfigurationTestBase<PixxelComponent, PixxelConfiguration> {

    PixxelComponentAutoConfigurationTest() {
        super("pixxel", PixxelComponent.class, PixxelConfiguration::new, PixxelComponentConverter.class,
                PixxelComponentAutoConfiguration.class);
        bindsVendorOption("workflow-id=wf-ndvi", PixxelConfiguration::getWorkflowId, "wf-ndvi");
        bindsVendorOption("min-poll-interval=20s", PixxelConfiguration::getMinPollInterval, Duration.ofSeconds(20));
    }
}
