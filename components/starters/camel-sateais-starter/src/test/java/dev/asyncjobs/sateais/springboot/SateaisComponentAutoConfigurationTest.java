package dev.asyncjobs.sateais.springboot;

import java.util.List;

import dev.asyncjobs.sateais.SateaisComponent;
import dev.asyncjobs.sateais.SateaisConfiguration;
import dev.asyncjobs.sateais.api.DetectionType;
import dev.asyncjobs.springboot.testkit.ComponentAutoConfigurationTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter's auto-configuration (see {@link ComponentAutoConfigurationTestBase}), with sateais's own options. */
class SateaisComponentAutoConfigurationTest
        extends ComponentAutoConfigurationTestBase<SateaisComponent, SateaisConfiguration> {

    SateaisComponentAutoConfigurationTest() {
        super("sateais", SateaisComponent.class, SateaisConfiguration.class, SateaisConfiguration::new,
                SateaisComponentConverter.class, SateaisComponentAutoConfiguration.class);
    }

    @Override
    protected List<String> vendorOptions() {
        return List.of("detection-type=oilslick");
    }

    @Override
    protected void assertVendorOptions(SateaisConfiguration configuration) {
        assertThat(configuration.getDetectionType()).isEqualTo(DetectionType.oilslick);
    }
}
