package dev.asyncjobs.engine.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import dev.asyncjobs.engine.spi.JobRef;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MvStoreJobStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ACCOUNT = "acct-1";

    @TempDir
    Path dir;

    private final List<MvStoreJobStore> stores = new ArrayList<>();

    @AfterEach
    void closeAll() {
        stores.forEach(MvStoreJobStore::close);
    }

    private Path file() {
        return dir.resolve("jobs.mv.db");
    }

    private MvStoreJobStore store(Path file) {
        MvStoreJobStore s = new MvStoreJobStore(file);
        stores.add(s);
        return s;
    }

    private MvStoreJobStore opened() {
        MvStoreJobStore s = store(file());
        s.open();
        return s;
    }

    private static JobRecord record(String jobId, Instant nextPollAt) {
        return JobRecord.track(ACCOUNT, new JobRef(jobId, "ship-detection", Map.of("workflow", "wf-1")),
                new JobRecord.Cursor("PENDING", null), T0, nextPollAt, null);
    }

    private static void assertMessage(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' missing in: " + message);
        }
    }

    // --- restart ---

    @Test
    void aRestartKeepsRecordsIntentsGroupsAndValuesWithTheirSchedule() {
        MvStoreJobStore first = opened();
        JobRecord a = first.insert(record("job-a", T0.plusSeconds(30))).orElseThrow();
        a = first.update(a.withCursor("route-1", new JobRecord.Cursor("RUNNING", "40%"))
                .withNotFound(2, T0.plusSeconds(3))
                .withLastPolledAt(T0.plusSeconds(4))
                .withRetainUntil(T0.plusSeconds(7200))
                .withTrace(JobTrace.start("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "PENDING",
                        dev.asyncjobs.engine.spi.JobPhase.QUEUED, T0, "node-1")), true).orElseThrow();
        // a schedule-only change: not synced at once, but written by a clean close
        a = first.update(a.withSchedule(T0.plusSeconds(60), 2, 1), false).orElseThrow();
        JobRecord b = first.insert(record("job-b", T0.plusSeconds(10))).orElseThrow();
        JobRecord claimedB = first.claimDue(ACCOUNT, T0.plusSeconds(10), 1, "node-1", T0.plusSeconds(40)).get(0);
        JobRecord gone = first.insert(record("job-gone", T0)).orElseThrow();
        first.delete(ACCOUNT, "job-gone", gone.version());
        JobRecord undecided = first.insert(record("job-undecided", null)).orElseThrow();
        SubmitIntent intent = new SubmitIntent(ACCOUNT, "intent-1", "plangrep", "plan", Map.of("k", "v"),
                "{\"q\":1}", T0, "node-1", 0);
        first.saveIntent(intent);
        first.saveIntent(new SubmitIntent(ACCOUNT, "intent-done", "plangrep", "plan", Map.of(), "{}", T0, "n", 0));
        first.deleteIntent(ACCOUNT, "intent-done");
        first.addGroup(ACCOUNT, "route-1");
        first.addGroup(ACCOUNT, "route-2");
        first.removeGroup(ACCOUNT, "route-2");
        first.saveValue(ACCOUNT, "durations", new byte[] { 1, 2, 3 });
        first.close();

        MvStoreJobStore second = opened();

        assertEquals(Optional.of(a), second.find(ACCOUNT, "job-a"));
        assertEquals(Optional.of(claimedB), second.find(ACCOUNT, "job-b"));
        assertEquals(Optional.empty(), second.find(ACCOUNT, "job-gone"));
        assertEquals(List.of(undecided), second.undecided(ACCOUNT));
        assertEquals(3, second.count(ACCOUNT));
        assertEquals(List.of(intent), second.intents(ACCOUNT));
        assertEquals(Set.of("route-1"), second.groups(ACCOUNT));
        assertArrayEquals(new byte[] { 1, 2, 3 }, second.loadValue(ACCOUNT, "durations").orElseThrow());
        // the schedule resumes: job-b's claim holds until its lease ends, job-a is due at its own time
        assertEquals(List.of(), second.claimDue(ACCOUNT, T0.plusSeconds(39), 10, "node-2", T0.plusSeconds(99)));
        assertEquals(List.of("job-b"), second.claimDue(ACCOUNT, T0.plusSeconds(40), 10, "node-2", T0.plusSeconds(99))
                .stream().map(JobRecord::jobId).toList());
        assertEquals(Optional.of(T0.plusSeconds(60)), second.nextDue(ACCOUNT));
        assertEquals(b.trackedSince(), second.find(ACCOUNT, "job-b").orElseThrow().trackedSince());
    }

    @Test
    void aStoreCanBeOpenedAgainAfterClose() {
        MvStoreJobStore s = opened();
        s.insert(record("job-1", T0));
        s.close();

        s.open();

        assertEquals(1, s.count(ACCOUNT));
        s.insert(record("job-2", T0));
        assertEquals(2, s.count(ACCOUNT));
    }

    @Test
    void theDirectoryIsCreatedWhenMissing() {
        MvStoreJobStore s = store(dir.resolve("a/b/jobs.mv.db"));

        s.open();
        s.insert(record("job-1", T0));

        assertTrue(Files.isRegularFile(dir.resolve("a/b/jobs.mv.db")));
    }

    @Test
    void writingBeforeOpenFailsNamingTheFile() {
        MvStoreJobStore s = store(file());

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.insert(record("job-1", T0)));

        assertMessage(e.getMessage(), file().toString(), "open()");
    }

    // --- crash ---

    @Test
    void durableWritesSurviveAProcessThatDiesWithoutClosing() throws Exception {
        MvStoreJobStoreProcess.Run crashed = MvStoreJobStoreProcess.run("crash", file().toString(), "40");
        assertEquals(0, crashed.exit(), crashed.output());
        assertMessage(crashed.output(), "WRITTEN");

        MvStoreJobStore s = opened();

        assertEquals(40, s.count(ACCOUNT));
        assertEquals(new JobRecord.Cursor("RUNNING", "40%"),
                s.find(ACCOUNT, "job-0").orElseThrow().position("route-a"));
        assertEquals(List.of("intent-1"), s.intents(ACCOUNT).stream().map(SubmitIntent::intentId).toList());
        assertEquals(Set.of("route-a"), s.groups(ACCOUNT));
        assertArrayEquals("p50=9s".getBytes(StandardCharsets.UTF_8), s.loadValue(ACCOUNT, "durations").orElseThrow());
        assertEquals(Optional.of(T0), s.nextDue(ACCOUNT));
    }

    // --- one process per file ---

    @Test
    void aSecondProcessFailsClearlyWhileTheFirstHoldsTheFileAndOpensAfterItCloses() throws Exception {
        MvStoreJobStore first = opened();
        first.insert(record("job-1", T0));

        MvStoreJobStoreProcess.Run refused = MvStoreJobStoreProcess.run("open", file().toString());

        assertEquals(2, refused.exit(), refused.output());
        assertMessage(refused.output(), "FAILED", file().toString(), "in use by another process", "JDBC job store");

        first.close();
        MvStoreJobStoreProcess.Run opened = MvStoreJobStoreProcess.run("open", file().toString());

        assertEquals(0, opened.exit(), opened.output());
        assertMessage(opened.output(), "OPENED 1");
    }

    @Test
    void aSecondStoreOnTheSameFileInThisProcessFailsClearly() {
        opened();
        MvStoreJobStore second = store(file());

        IllegalStateException e = assertThrows(IllegalStateException.class, second::open);

        assertMessage(e.getMessage(), file().toString(), "already open in this process");
    }

    // --- damaged files ---

    @Test
    void aFileOfRandomBytesFailsOpenNamingTheFileAndTheFix() throws Exception {
        byte[] noise = new byte[20_000];
        new Random(42).nextBytes(noise);
        Files.write(file(), noise);

        assertUnusable("is damaged");
    }

    @Test
    void theJsonTrackingFileOfTheFirstVersionFailsOpen() throws Exception {
        Files.writeString(file(), "[ {\"jobId\" : \"job-1\", \"status\" : \"RUNNING\"} ]");

        assertUnusable("cut short");
    }

    @Test
    void aStoreFileCutShortInItsHeaderFailsOpen() throws Exception {
        MvStoreJobStore s = opened();
        s.insert(record("job-1", T0));
        s.close();
        byte[] whole = Files.readAllBytes(file());
        Files.write(file(), java.util.Arrays.copyOf(whole, 5000));

        assertUnusable("cut short");
    }

    @Test
    void anMvStoreFileOfSomethingElseFailsOpen() {
        MVStore other = MVStore.open(file().toString());
        other.openMap("customers").put("c1", "Alice");
        other.close();

        assertUnusable("not a job store file");
    }

    @Test
    void aFileOfAnotherFormatVersionFailsOpenNamingBoth() {
        MVStore other = MVStore.open(file().toString());
        other.<String, String> openMap(MvStoreJobStore.META_MAP).put("format", "camel-asyncjob-store/9");
        other.close();

        assertUnusable("camel-asyncjob-store/9", MvStoreJobStore.FORMAT);
    }

    @Test
    void aRecordThatCannotBeDecodedFailsOpenNamingIt() {
        MVStore other = MVStore.open(file().toString());
        other.<String, String> openMap(MvStoreJobStore.META_MAP).put("format", MvStoreJobStore.FORMAT);
        other.openMap("asyncjob.jobs").put(ACCOUNT + '\u0000' + "job-1", "{not json".getBytes(StandardCharsets.UTF_8));
        other.close();

        assertUnusable("acct-1/job-1");
    }

    @Test
    void aDirectoryInPlaceOfTheFileFailsOpen() throws Exception {
        Files.createDirectories(file());

        assertUnusable("could not be read");
    }

    private void assertUnusable(String... why) {
        MvStoreJobStore s = store(file());
        IllegalStateException e = assertThrows(IllegalStateException.class, s::open);
        assertMessage(e.getMessage(), file().toString(), "Move it away", "will then not be followed");
        assertMessage(e.getMessage(), why);
        // a failed open holds no lock: the same error again, not "in use"
        IllegalStateException again = assertThrows(IllegalStateException.class, s::open);
        assertEquals(e.getMessage(), again.getMessage());
    }

    @Test
    void afterMovingADamagedFileAwayTheStoreStartsEmpty() throws Exception {
        Files.writeString(file(), "garbage");
        MvStoreJobStore s = store(file());
        assertThrows(IllegalStateException.class, s::open);

        Files.move(file(), dir.resolve("jobs.mv.db.broken"));
        s.open();

        assertEquals(0, s.count(ACCOUNT));
        assertTrue(s.insert(record("job-1", T0)).isPresent());
    }

    // --- a file that disappears ---

    @Test
    void aDeletedFileIsReportedOnEveryWrite() throws Exception {
        MvStoreJobStore s = opened();
        JobRecord r = s.insert(record("job-1", T0)).orElseThrow();

        Files.delete(file());

        IllegalStateException onWrite = assertThrows(IllegalStateException.class,
                () -> s.update(r.withCursor("g", new JobRecord.Cursor("DONE", null)), true));
        assertMessage(onWrite.getMessage(), file().toString(), "was deleted", "1 jobs", "restart");
        assertThrows(IllegalStateException.class, () -> s.saveIntent(
                new SubmitIntent(ACCOUNT, "i", "v", "op", Map.of(), "{}", T0, "n", 0)));
        // nothing is emptied: the jobs are still followed in memory, with their last saved state
        assertEquals(Optional.of(r), s.find(ACCOUNT, "job-1"));
        assertEquals(1, s.count(ACCOUNT));
    }

    @Test
    void aFileReplacedUnderTheSameNameIsReportedOnTheNextWrite() throws Exception {
        MvStoreJobStore s = opened();
        s.insert(record("job-1", T0));
        Files.delete(file());
        Files.writeString(file(), "something else");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.insert(record("job-2", T0)));

        assertMessage(e.getMessage(), file().toString(), "was replaced");
    }
}
