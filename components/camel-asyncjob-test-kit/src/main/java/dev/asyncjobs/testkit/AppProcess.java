package dev.asyncjobs.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A {@link CrashableApp} in a JVM of its own, on this JVM's class path: commands go to its stdin, its output lines are
 * kept, and {@link #kill()} ends it like kill -9 (no shutdown hook, no close).
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private AppProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a {@link CrashableApp} with its arguments. */
    public static AppProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), CrashableApp.class.getName()));
        command.addAll(List.of(args));
        return new AppProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Sends one command line. */
    public void send(String command) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Every line printed so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines printed so far that start with {@code prefix}, without it. */
    public List<String> lines(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }

    /** Waits (up to a minute) until the output satisfies the condition; fails with the output if the process ends. */
    public void awaitOutput(Predicate<AppProcess> condition) {
        await().atMost(Duration.ofSeconds(60)).until(() -> condition.test(this) || !process.isAlive());
        if (!condition.test(this)) {
            throw new AssertionError("the process ended before the expected output: " + lines);
        }
    }

    /** kill -9: the process ends without a shutdown hook. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the process did not end after kill -9");
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
