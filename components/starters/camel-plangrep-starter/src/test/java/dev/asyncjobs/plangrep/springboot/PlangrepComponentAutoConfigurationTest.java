package dev.asyncjobs.plangrep.springboot;

import java.util.List;

import dev.asyncjobs.plangrep.PlangrepComponent;
import dev.asyncjobs.plangrep.PlangrepConfiguration;
import dev.asyncjobs.springboot.testkit.ComponentAutoConfigurationTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter's auto-configuration (see {@link ComponentAutoConfigurationTestBase}), with plangrep's own options. */
class PlangrepComponentAutoConfigurationTest
        extends ComponentAutoConfigurationTestBase<PlangrepComponent, PlangrepConfiguration> {

    PlangrepComponentAutoConfigurationTest() {
        super("plangrep", PlangrepComponent.class, PlangrepConfiguration.class, PlangrepConfiguration::new,
                PlangrepComponentConverter.class, PlangrepComponentAutoConfiguration.class);
    }

    @Override
    protected List<String> vendorOptions() {
        return List.of("project-id=p-7", "classification=plans");
    }

    @Override
    protected void assertVendorOptions(PlangrepConfiguration configuration) {
        assertThat(configuration.getProjectId()).isEqualTo("p-7");
        assertThat(configuration.getClassification()).isEqualTo("plans");
    }
}
