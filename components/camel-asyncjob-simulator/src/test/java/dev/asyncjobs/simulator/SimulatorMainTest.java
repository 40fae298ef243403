package dev.asyncjobs.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

            String text = banner(sim, 0);
            assertTrue(text.contains(sim.baseUrl()), text);
            assertTrue(text.contains("sk_test_other"), text);
            assertTrue(text.contains(sim.storageBaseUrl()), text);
            assertTrue(text.contains("Stop with Ctrl+C."), text);
        }
    }

    @Test
    void withExitAfterTheBannerSaysItStopsByItself() {
        try (VendorSimulator sim = SimulatorMain.start("pixxel")) {
            String text = banner(sim, 60);
            assertTrue(text.contains("Stops by itself after 60 s (--exit-after)."), text);
            assertFalse(text.contains("Ctrl+C"), text);
        }
    }

    private static String banner(VendorSimulator sim, long exitAfter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SimulatorMain.describe(sim, exitAfter, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
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
