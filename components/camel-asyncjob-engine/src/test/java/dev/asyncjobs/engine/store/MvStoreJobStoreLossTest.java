package dev.asyncjobs.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store file that lost commits while no process held it says so at the next open, each case in its own process
 * after a writer died like kill -9 (no close): the store went back in time or is missing (a loss, which the engine
 * turns into a failed start or an adoption), or H2 MVStore tolerated the damage without losing a commit (one WARN
 * naming the file).
 */
class MvStoreJobStoreLossTest {

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void writeThreeJobsAndDie() throws Exception {
        file = dir.resolve("jobs.mv.db");
        MvStoreJobStoreProcess.Run writer = MvStoreJobStoreProcess.run("crash", file.toString(), "3");
        assertTrue(writer.output().contains("WRITTEN"), writer.output());
        assertTrue(Files.exists(dir.resolve("jobs.mv.db.generation")), "the commits are recorded beside the file");
    }

    @Test
    void anIntactStoreOpensWithoutAWord() throws Exception {
        MvStoreJobStoreProcess.Run opened = MvStoreJobStoreProcess.run("open", file.toString());

        assertTrue(opened.output().contains("OPENED 3"), opened.output());
        assertFalse(opened.output().contains("LOSS"), opened.output());
        assertFalse(opened.output().contains("WARN"), opened.output());
    }

    @Test
    void aDeletedFileIsAMissingStore() throws Exception {
        Files.delete(file);

        MvStoreJobStoreProcess.Run opened = MvStoreJobStoreProcess.run("open", file.toString());

        assertTrue(opened.output().contains("OPENED 0"), opened.output());
        assertLoss(opened, "is missing", "jobs.mv.db.generation");
        // not recovered: the next start says so again, although a new file exists now
        assertLoss(MvStoreJobStoreProcess.run("open", file.toString()), "is not the store last committed");
    }

    @Test
    void aFileCutToHalfWentBackInTime() throws Exception {
        cutTo(Files.size(file) / 2);

        assertLoss(MvStoreJobStoreProcess.run("open", file.toString()), "went back in time");
    }

    @Test
    void aFileCutBackToItsFirstVersionWentBackInTime() throws Exception {
        cutTo(3 * 4096); // its two header copies and its first chunk: the store as created

        MvStoreJobStoreProcess.Run opened = MvStoreJobStoreProcess.run("open", file.toString());

        assertTrue(opened.output().contains("OPENED 0"), opened.output());
        assertLoss(opened, "went back in time", "holds generation 0");
    }

    @Test
    void aZeroedHeaderCopyIsToleratedWithOneWarning() throws Exception {
        try (var ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[4096]));
        }

        MvStoreJobStoreProcess.Run opened = MvStoreJobStoreProcess.run("open", file.toString());

        assertTrue(opened.output().contains("OPENED 3"), opened.output());
        assertFalse(opened.output().contains("LOSS"), opened.output());
        assertOneWarning(opened, "first copy of its header is damaged");
    }

    @Test
    void aTornAppendIsToleratedWithOneWarning() throws Exception {
        // the next chunk, as MVStore would append it, cut in the middle by a crash
        Path longer = dir.resolve("longer.mv.db");
        Files.copy(file, longer);
        MVStore s = new MVStore.Builder().fileName(longer.toString()).compress().open();
        s.<String, byte[]> openMap("asyncjob.values").put("acct-1\u0000later", new byte[6000]);
        s.commit();
        s.closeImmediately();
        byte[] base = Files.readAllBytes(file);
        byte[] grown = Files.readAllBytes(longer);
        assertTrue(grown.length > base.length, "MVStore appended the next chunk");
        Files.write(file, Arrays.copyOfRange(grown, base.length, base.length + (grown.length - base.length) / 2),
                StandardOpenOption.APPEND);

        MvStoreJobStoreProcess.Run opened = MvStoreJobStoreProcess.run("open", file.toString());

        assertTrue(opened.output().contains("OPENED 3"), opened.output());
        assertFalse(opened.output().contains("LOSS"), opened.output());
        assertOneWarning(opened, "is incomplete");
    }

    @Test
    void aRecoveredLossIsNotReportedAgain() throws Exception {
        Path copy = dir.resolve("older.mv.db");
        cutTo(3 * 4096);
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);

        assertLoss(MvStoreJobStoreProcess.run("recover", file.toString()), "went back in time");
        MvStoreJobStoreProcess.Run again = MvStoreJobStoreProcess.run("open", file.toString());

        assertFalse(again.output().contains("LOSS"), again.output());
    }

    private void cutTo(long size) throws IOException {
        try (var ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private void assertLoss(MvStoreJobStoreProcess.Run opened, String... parts) {
        String line = opened.output().lines().filter(l -> l.startsWith("LOSS ")).findFirst()
                .orElseThrow(() -> new AssertionError("no loss reported: " + opened.output()));
        assertTrue(line.contains(file.toString()), line);
        for (String part : parts) {
            assertTrue(line.contains(part), "'" + part + "' missing in: " + line);
        }
        assertFalse(opened.output().contains("WARN"), "a loss is the engine's to report: " + opened.output());
    }

    private static void assertOneWarning(MvStoreJobStoreProcess.Run opened, String part) {
        List<String> warnings = opened.output().lines().filter(l -> l.contains(" WARN ")).toList();
        assertEquals(1, warnings.size(), opened.output());
        assertTrue(warnings.get(0).contains("jobs.mv.db") && warnings.get(0).contains(part), warnings.get(0));
    }
}
