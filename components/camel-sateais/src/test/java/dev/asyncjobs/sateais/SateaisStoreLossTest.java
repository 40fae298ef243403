package dev.asyncjobs.sateais;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.store.MvStoreJobStore;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tracking file damaged while its application was down, with 3 jobs in flight: a process submits them and is killed
 * (kill -9), the file is damaged, and the application starts again in another JVM. A store that lost records fails
 * the start naming the file and the option that recovers, or with adoptJobs starts, adopts the jobs it lost from the
 * vendor's list (their first exchange marked) and logs one WARN naming the file; a damage H2 MVStore tolerates
 * starts with nothing lost and one WARN. Never no word and a loss.
 */
class SateaisStoreLossTest {

    enum Damage {
        DELETED(true), CUT_TO_HALF(true), CUT_TO_FIRST_VERSION(true), HEADER_ZEROED(false), TORN_APPEND(false);

        final boolean losesRecords;

        Damage(boolean losesRecords) {
            this.losesRecords = losesRecords;
        }
    }

    @TempDir
    Path dir;

    private dev.asyncjobs.simulator.sateais.SateaisSimulator simulator;
    private Process child;
    private final WarningRecorder warnings = new WarningRecorder();

    @AfterEach
    void cleanUp() {
        warnings.detach();
        if (child != null) {
            child.destroyForcibly();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void aDamagedStoreIsNeverALossWithoutAWord(Damage damage) throws Exception {
        simulator = dev.asyncjobs.simulator.sateais.SateaisSimulator.builder()
                .startTime(java.time.Instant.now()).speed(0) // the killed process dated its jobs on the real clock
                .timing(SateaisTestSupport.PENDING, SateaisTestSupport.PROCESSING).start();
        Path file = dir.resolve("sateais-jobs.db");
        List<String> jobs = submitThreeAndKill(file);
        damage(file, damage);
        Set<String> held = heldBy(file);

        warnings.attach();
        if (damage.losesRecords) {
            assertTrue(held.size() < 3, "the damage lost records: " + held);
            Exception refused = assertThrows(Exception.class, () -> run(file, false, jobs));
            String message = messages(refused);
            assertTrue(message.contains(file.toString()) && message.contains("adoptJobs=true"), message);
            assertEquals(0, simulator.requestCount(null, null) - submits, "nothing was asked of the vendor");
        }
        warnings.events.clear();

        Map<String, Boolean> ended = run(file, damage.losesRecords, jobs);

        assertEquals(Set.copyOf(jobs), ended.keySet(), "every job ended in the route");
        for (String job : jobs) {
            assertEquals(!held.contains(job), ended.get(job), "job " + job + " is marked adopted when the store lost it");
        }
        List<String> aboutTheFile = warnings.events.stream().map(e -> e.getMessage().getFormattedMessage())
                .filter(m -> m.contains(file.toString())).toList();
        assertEquals(1, aboutTheFile.size(), "one WARN names the file: " + aboutTheFile);
    }

    private int submits;

    private List<String> submitThreeAndKill(Path file) throws Exception {
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SubmitAndWaitMain.class.getName(), simulator.baseUrl(),
                simulator.apiKey(), file.toString(), "3").redirectErrorStream(true).start();
        List<String> submitted = new CopyOnWriteArrayList<>();
        Set<String> lines = ConcurrentHashMap.newKeySet();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    lines.add(line);
                    if (line.startsWith("SUBMITTED ")) {
                        submitted.add(line.substring(10));
                    }
                }
            } catch (java.io.IOException e) {
                // killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> lines.contains("READY") || !child.isAlive());
        assertTrue(lines.contains("READY"), "the submitting process ran: " + lines);
        child.destroyForcibly(); // kill -9
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        submits = simulator.requestCount(null, null);
        return List.copyOf(submitted);
    }

    private void damage(Path file, Damage damage) throws Exception {
        switch (damage) {
            case DELETED -> Files.delete(file);
            case CUT_TO_HALF -> truncate(file, Files.size(file) / 2);
            case CUT_TO_FIRST_VERSION -> truncate(file, 3 * 4096); // the header copies and the store as created
            case HEADER_ZEROED -> {
                try (var ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(new byte[4096]));
                }
            }
            case TORN_APPEND -> {
                // the next chunk as MVStore appends it, cut in the middle
                Path longer = dir.resolve("longer.db");
                Files.copy(file, longer);
                MVStore s = new MVStore.Builder().fileName(longer.toString()).compress().open();
                s.<String, byte[]> openMap("asyncjob.values").put("later", new byte[6000]);
                s.commit();
                s.closeImmediately();
                byte[] base = Files.readAllBytes(file);
                byte[] grown = Files.readAllBytes(longer);
                assertTrue(grown.length > base.length, "MVStore appended a chunk");
                Files.write(file, Arrays.copyOfRange(grown, base.length, base.length + (grown.length - base.length) / 2),
                        StandardOpenOption.APPEND);
            }
        }
    }

    private static void truncate(Path file, long size) throws Exception {
        try (var ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    /** The jobs the damaged file still holds, read from a copy (the file itself is left as it is). */
    private Set<String> heldBy(Path file) throws Exception {
        if (!Files.exists(file)) {
            return Set.of();
        }
        Path copy = dir.resolve("inspect-" + System.nanoTime() + ".db");
        Files.copy(file, copy);
        try (MvStoreJobStore store = new MvStoreJobStore(copy)) {
            store.open();
            return store.list(dev.asyncjobs.engine.camel.AsyncJobComponent.accountId(simulator.baseUrl(),
                    simulator.apiKey())).stream().map(r -> r.jobId()).collect(java.util.stream.Collectors.toSet());
        }
    }

    /**
     * Starts the application again on the file, lets every job end on the simulator, and returns for each job that
     * ended in the route whether its first exchange was marked adopted.
     */
    private Map<String, Boolean> run(Path file, boolean adopt, List<String> jobs) throws Exception {
        Map<String, Boolean> adopted = new ConcurrentHashMap<>();
        Set<String> ended = ConcurrentHashMap.newKeySet();
        try (DefaultCamelContext restarted = new DefaultCamelContext()) {
            SateaisComponent component = new SateaisComponent();
            dev.asyncjobs.simulator.camel.SimulatorSupport.connect(component, simulator);
            component.setRateLimitRequests(0);
            component.setTrackingFile(file.toString());
            restarted.addComponent("sateais", component);
            restarted.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("sateais:jobs?" + SateaisTestSupport.FAST + "&adoptJobs=" + adopt).process(e -> {
                        String id = e.getMessage().getHeader(AsyncJobConstants.JOB_ID, String.class);
                        if (e.getMessage().getHeader(AsyncJobConstants.PREVIOUS_STATUS) == null) {
                            adopted.put(id, Boolean.TRUE.equals(e.getMessage().getHeader(AsyncJobConstants.ADOPTED)));
                        }
                        if (Boolean.TRUE.equals(e.getMessage().getHeader(AsyncJobConstants.TERMINAL))) {
                            ended.add(id);
                        }
                    });
                }
            });
            restarted.start();
            simulator.clock().advance(SateaisTestSupport.PENDING.plus(SateaisTestSupport.PROCESSING).plusSeconds(1));
            await().atMost(Duration.ofSeconds(30)).until(() -> ended.containsAll(jobs));
        }
        Map<String, Boolean> result = new java.util.HashMap<>();
        for (String id : ended) {
            result.put(id, adopted.getOrDefault(id, false));
        }
        return result;
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" / ");
        }
        return all.toString();
    }

    /** The WARN and ERROR events logged while attached. */
    private static final class WarningRecorder extends AbstractAppender {
        final List<LogEvent> events = new CopyOnWriteArrayList<>();

        WarningRecorder() {
            super("store-loss-test", null, null, true, Property.EMPTY_ARRAY);
        }

        void attach() {
            start();
            LoggerContext context = LoggerContext.getContext(false);
            context.getConfiguration().getRootLogger().addAppender(this, Level.WARN, null);
            context.updateLoggers();
        }

        void detach() {
            LoggerContext context = LoggerContext.getContext(false);
            context.getConfiguration().getRootLogger().removeAppender(getName());
            context.updateLoggers();
            stop();
        }

        @Override
        public void append(LogEvent event) {
            events.add(event.toImmutable());
        }
    }
}
