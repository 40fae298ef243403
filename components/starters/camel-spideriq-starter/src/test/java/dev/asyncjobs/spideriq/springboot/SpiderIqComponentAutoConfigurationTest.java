package dev.asyncjobs.spideriq.springboot;

import java.util.List;

import dev.asyncjobs.spideriq.SpiderIqComponent;
import dev.asyncjobs.spideriq.SpiderIqConfiguration;
import dev.asyncjobs.spideriq.api.SpiderIqJobType;
import dev.asyncjobs.springboot.testkit.ComponentAutoConfigurationTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter's auto-configuration (see {@link ComponentAutoConfigurationTestBase}), with spideriq's own options. */
class SpiderIqComponentAutoConfigurationTest
        extends ComponentAutoConfigurationTestBase<SpiderIqComponent, SpiderIqConfiguration> {

    SpiderIqComponentAutoConfigurationTest() {
        super("spideriq", SpiderIqComponent.class, SpiderIqConfiguration.class, SpiderIqConfiguration::new,
                SpiderIqComponentConverter.class, SpiderIqComponentAutoConfiguration.class);
    }

    @Override
    protected List<String> vendorOptions() {
        return List.of("job-type=spiderMaps", "priority=7");
    }

    @Override
    protected void assertVendorOptions(SpiderIqConfiguration configuration) {
        assertThat(configuration.getJobType()).isEqualTo(SpiderIqJobType.spiderMaps);
        assertThat(configuration.getPriority()).isEqualTo(7);
    }
}
