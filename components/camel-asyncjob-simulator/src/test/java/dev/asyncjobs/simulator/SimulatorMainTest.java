package dev.asyncjobs.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    @Test
    void startsANamedVendorWithOptions() {
        try (VendorSimulator sim = SimulatorMain.start("sateais", "--speed", "600", "--api-key", "sk_test_other")) {
            assertTrue(sim instanceof SateaisSimulator);
            assertEquals("sk_test_other", sim.apiKey());
            assertEquals(600.0, sim.clock().speed());

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SimulatorMain.describe(sim, new PrintStream(out, true, StandardCharsets.UTF_8));
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains(sim.baseUrl()), text);
            assertTrue(text.contains("sk_test_other"), text);
            assertTrue(text.contains(sim.storageBaseUrl()), text);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, SimulatorMain::start);
        assertThrows(IllegalArgumentException.class, () -> SimulatorMain.start("nosuchvendor"));
        assertThrows(IllegalArgumentException.class, () -> SimulatorMain.start("sateais", "--speed"));
        assertThrows(IllegalArgumentException.class, () -> SimulatorMain.start("sateais", "--speed", "fast"));
        assertThrows(IllegalArgumentException.class, () -> SimulatorMain.start("sateais", "--colour", "red"));
        assertTrue(SimulatorMain.vendors().contains("sateais"));
    }

    @Test
    void startsSpiderIq() {
        try (VendorSimulator sim = SimulatorMain.start("spideriq", "--api-key", "token")) {
            assertTrue(sim instanceof dev.asyncjobs.simulator.spideriq.SpiderIqSimulator);
            assertEquals("token", sim.apiKey());
            assertTrue(SimulatorMain.vendors().contains("spideriq"));
        }
    }
}
