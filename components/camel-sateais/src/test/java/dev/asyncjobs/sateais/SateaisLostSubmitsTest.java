package dev.asyncjobs.sateais;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import dev.asyncjobs.testkit.LostSubmitsDrill;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * kill -9 with 20 SateAIs submits in flight ({@link LostSubmitsDrill}): every job the simulator created is followed to
 * its end, no repeat goes unmarked. One run by default; {@code -Drecovery.runs=5} for the full mode.
 */
class SateaisLostSubmitsTest {

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> aProcessKilledMidSubmitLosesNoJob() {
        return IntStream.rangeClosed(1, LostSubmitsDrill.runs()).mapToObj(run -> dynamicTest("run " + run, () -> {
            try (SateaisSimulator simulator = SateaisSimulator.builder().startTime(Instant.now()).speed(0)
                    .timing(Duration.ofSeconds(10), Duration.ofSeconds(20)).start()) {
                LostSubmitsDrill.run(new LostSubmitsDrill.Vendor(simulator, simulator::jobIds, SateaisComponent.class,
                        "sateais:detections?detectionType=ship",
                        "{\"satellite_id\":\"sentinel-1\",\"polygon\":\"" + SateaisTestSupport.HARBOUR
                                                                         + "\",\"date\":\"2026-03-10\",\"date_direction\":\"nearest\"}",
                        "sateais:jobs?delay=20&initialDelay=0&firstPollDelay=0&pollInterval=200", "/api/v1/detect/.*",
                        () -> simulator.clock().advance(Duration.ofSeconds(31))),
                        Files.createTempDirectory(dir, "run"));
            }
        }));
    }
}
