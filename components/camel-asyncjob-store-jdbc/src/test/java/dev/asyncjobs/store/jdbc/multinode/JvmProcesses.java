package dev.asyncjobs.store.jdbc.multinode;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/**
 * The separate JVMs of the multi-node and crash tests: each a main class of this test tree on the test class path,
 * its output in a log file the test reads, its commands on its standard input. The test's side starts them and reads
 * their logs; the child's side waits for {@code STOP}.
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

    /**
     * In the child JVM: returns once the test writes {@code STOP} on standard input or closes it (the test's end),
     * after handing every other line to {@code command}. A child the test kills with kill -9 never returns.
     */
    public static void awaitStop(Consumer<String> command) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("STOP"); line = in.readLine()) {
            command.accept(line);
        }
    }

    /** {@link #awaitStop(Consumer)} for a child that takes no other command. */
    public static void awaitStop() throws IOException {
        awaitStop(line -> {
        });
    }
}
