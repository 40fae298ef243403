package dev.asyncjobs.engine.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.JobRef;

/**
 * A second process for {@link MvStoreJobStoreTest}, started with the test classpath:
 * <ul>
 * <li>{@code open FILE}: opens the store, prints {@code OPENED <jobs>} (and {@code LOSS <what>} when it reports a
 * loss) and closes it (exit 0), or prints {@code FAILED <message>} (exit 2);</li>
 * <li>{@code recover FILE}: as {@code open}, then marks the loss recovered before closing;</li>
 * <li>{@code crash FILE N}: opens the store, writes N jobs from 4 threads (one with a moved cursor), an intent, a group and a value,
 * then halts like {@code kill -9}: no close, no shutdown hook.</li>
 * </ul>
 */
public final class MvStoreJobStoreProcess {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private MvStoreJobStoreProcess() {
    }

    /** How a run of this process ended: its exit code and everything it printed. */
    record Run(int exit, String output) {
    }

    /** Runs this process with {@code args} in a JVM of its own, with the test classpath, and waits for its end. */
    static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MvStoreJobStoreProcess.class.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the second process did not end: " + out);
        }
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) {
        MvStoreJobStore store = new MvStoreJobStore(Path.of(args[1]));
        try {
            store.open();
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage());
            System.out.flush();
            System.exit(2);
        }
        if (args[0].equals("open") || args[0].equals("recover")) {
            System.out.println("OPENED " + store.count("acct-1"));
            store.loss().ifPresent(loss -> System.out.println("LOSS " + loss.describe()));
            if (args[0].equals("recover")) {
                store.lossRecovered();
            }
            store.close();
            return;
        }
        int n = Integer.parseInt(args[2]);
        // several writers at once, as consumers and producers are: each insert returns only once it is on disk
        Thread[] writers = new Thread[4];
        for (int w = 0; w < writers.length; w++) {
            int first = w;
            writers[w] = new Thread(() -> {
                for (int i = first; i < n; i += writers.length) {
                    store.insert(JobRecord.track("acct-1", JobRef.of("job-" + i, "t"), null, T0, T0.plusSeconds(i),
                            null));
                }
            });
            writers[w].start();
        }
        for (Thread w : writers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        JobRecord first = store.find("acct-1", "job-0").orElseThrow();
        store.update(first.withCursor("route-a", new JobRecord.Cursor("RUNNING", "40%")), true).orElseThrow();
        store.saveIntent(new SubmitIntent("acct-1", "intent-1", "pixxel", "workflow", Map.of("workflow", "wf"),
                "{}", T0, "node", 0));
        store.addGroup("acct-1", "route-a");
        store.saveValue("acct-1", "durations", "p50=9s".getBytes(StandardCharsets.UTF_8));
        System.out.println("WRITTEN");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
