package dev.asyncjobs.store.jdbc.multinode;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * The separate JVMs of the multi-node and crash tests: each a main class of this test tree on the test class path,
 * its output in a log file the test reads.
 */
public final class JvmProcesses {

    private JvmProcesses() {
    }

    /** Starts {@code main} with {@code args} in a JVM of its own, its output to {@code log}. */
    public static Process start(Class<?> main, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * The latest line of the log that starts with {@code start}, once there is one (up to 90 s); fails when the
     * process ended without printing it.
     */
    public static String awaitLine(Path log, String start, Process process) {
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive() && found[0] == null && !Files.readString(log).contains(start)) {
                throw new AssertionError(log + ": the process ended (exit " + process.exitValue() + ")");
            }
            File f = log.toFile();
            if (!f.exists()) {
                return false;
            }
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith(start)) {
                    found[0] = line;
                }
            }
            return found[0] != null;
        });
        return found[0];
    }
}
