package dev.asyncjobs.pixxel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.asyncjobs.simulator.pixxel.PixxelSimulator;
import dev.asyncjobs.testkit.LostSubmitsDrill;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * kill -9 with 20 Pixxel creates in flight ({@link LostSubmitsDrill}): every job the simulator created is followed to
 * its end, no repeat goes unmarked. One run by default; {@code -Drecovery.runs=5} for the full mode.
 */
class PixxelLostSubmitsTest {

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> aProcessKilledMidCreateLosesNoJob() {
        String workflow = "workflowId=" + PixxelTestSupport.WF + "&projectId=" + PixxelTestSupport.PROJECT;
        return IntStream.rangeClosed(1, LostSubmitsDrill.runs()).mapToObj(run -> dynamicTest("run " + run, () -> {
            try (PixxelSimulator simulator = PixxelSimulator.builder().startTime(Instant.now()).speed(0).start()) {
                simulator.durationFactor(0.05); // the workflow's ten minutes in 30 s
                LostSubmitsDrill.run(new LostSubmitsDrill.Vendor(simulator, simulator::jobIds, PixxelComponent.class,
                        "pixxel:jobs?" + workflow, null,
                        "pixxel:jobs?" + workflow + "&delay=20&initialDelay=0&firstPollDelay=0&pollInterval=200",
                        "/v0/workflows/.*/jobs", () -> simulator.clock().advance(Duration.ofSeconds(31))),
                        Files.createTempDirectory(dir, "run"));
            }
        }));
    }
}
