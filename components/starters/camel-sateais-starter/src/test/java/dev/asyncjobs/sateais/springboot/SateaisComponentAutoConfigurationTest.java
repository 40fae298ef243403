package dev.asyncjobs.sateais.springboot;

import dev.asyncjobs.sateais.SateaisComponent;
import dev.asyncjobs.sateais.SateaisConfiguration;
import dev.asyncjobs.sateais.api.DetectionType;
import dev.asyncjobs.springboot.testkit.ComponentAutoConfigurationTestBase;

/** The starter's auto-configuration ({@link ComponentAutoConfigurationTestBase}) with sateais's own options. */
class SateaisComponentAutoConfigurationTest
        extends ComponentAutoConfigurationTestBase<SateaisComponent, SateaisConfiguration> {

    SateaisComponentAutoConfigurationTest() {
        super("sateais", SateaisComponent.class, SateaisConfiguration::new, SateaisComponentConverter.class,
                SateaisComponentAutoConfiguration.class);
        bindsVendorOption("detection-type=oilslick", SateaisConfiguration::getDetectionType, DetectionType.oilslick);
    }
}
