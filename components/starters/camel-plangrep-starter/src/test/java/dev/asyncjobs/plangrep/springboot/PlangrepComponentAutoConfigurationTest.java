package dev.asyncjobs.plangrep.springboot;

import dev.asyncjobs.plangrep.PlangrepComponent;
import dev.asyncjobs.plangrep.PlangrepConfiguration;
import dev.asyncjobs.springboot.testkit.ComponentAutoConfigurationTestBase;

/** The starter's auto-configuration ({@link ComponentAutoConfigurationTestBase}) with plangrep's own options. */
class PlangrepComponentAutoConfigurationTest
        extends ComponentAutoConfigurationTestBase<PlangrepComponent, PlangrepConfiguration> {

    PlangrepComponentAutoConfigurationTest() {
        super("plangrep", PlangrepComponent.class, PlangrepConfiguration::new, PlangrepComponentConverter.class,
                PlangrepComponentAutoConfiguration.class);
        bindsVendorOption("project-id=p-7", PlangrepConfiguration::getProjectId, "p-7");
        bindsVendorOption("classification=plans", PlangrepConfiguration::getClassification, "plans");
    }
}
