package dev.asyncjobs.spideriq.springboot;

import dev.asyncjobs.spideriq.SpiderIqComponent;
import dev.asyncjobs.spideriq.SpiderIqConfiguration;
import dev.asyncjobs.spideriq.api.SpiderIqJobType;
import dev.asyncjobs.springboot.testkit.ComponentAutoConfigurationTestBase;

/** The starter's auto-configuration ({@link ComponentAutoConfigurationTestBase}) with spideriq's own options. */
class SpiderIqComponentAutoConfigurationTest
        extends ComponentAutoConfigurationTestBase<SpiderIqComponent, SpiderIqConfiguration> {

    SpiderIqComponentAutoConfigurationTest() {
        super("spideriq", SpiderIqComponent.class, SpiderIqConfiguration::new, SpiderIqComponentConverter.class,
                SpiderIqComponentAutoConfiguration.class);
        bindsVendorOption("job-type=spiderMaps", SpiderIqConfiguration::getJobType, SpiderIqJobType.spiderMaps);
        bindsVendorOption("priority=7", SpiderIqConfiguration::getPriority, 7);
    }
}
