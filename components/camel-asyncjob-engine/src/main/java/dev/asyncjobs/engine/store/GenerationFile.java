package dev.asyncjobs.engine.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The record of a store file's commits, kept beside it ({@code <file>.generation}): which store it is, and the
 * generation and time of its last durable commit. It is written after each commit is on the disk, so a truncation of
 * the store file, a restore of an older copy or a deleted file cannot take it along: at the next open, a store older
 * than its record went back in time, and a record without its store means the store is missing.
 * <p>
 * Two slots, written in turn, each with its own checksum: a write torn by a crash spoils one slot, and the other
 * still holds the previous commit (older than the store: never taken for a loss).
 */
final class GenerationFile {

    private static final int SLOT = 128;

    /** One commit as recorded: the store's id, when it was created, and its generation and time. */
    record Entry(String storeId, long generation, Instant committedAt) {
    }

    private final Path path;
    private FileChannel channel;

    GenerationFile(Path storeFile) {
        this.path = storeFile.resolveSibling(storeFile.getFileName() + ".generation");
    }

    Path path() {
        return path;
    }

    /** The newest readable entry, if the record exists. */
    Optional<Entry> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Entry newest = null;
        for (int at = 0; at + SLOT <= bytes.length; at += SLOT) {
            Entry e = parse(new String(bytes, at, SLOT, StandardCharsets.US_ASCII));
            if (e != null && (newest == null || e.generation() > newest.generation())) {
                newest = e;
            }
        }
        if (newest == null) {
            throw new IOException("its commit record " + path + " is unreadable");
        }
        return Optional.of(newest);
    }

    /** Records a commit (on the disk before this returns). */
    void write(Entry entry) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        String body = "store:" + entry.storeId() + ",generation:" + entry.generation() + ",at:"
                      + entry.committedAt().toEpochMilli();
        String line = body + ",crc:" + Long.toHexString(crc(body));
        byte[] slot = new byte[SLOT];
        java.util.Arrays.fill(slot, (byte) ' ');
        byte[] text = line.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, slot, 0, Math.min(text.length, SLOT - 1));
        slot[SLOT - 1] = '\n';
        channel.write(ByteBuffer.wrap(slot), (entry.generation() % 2) * SLOT);
        channel.force(false);
    }

    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing pending: every write was forced
            }
            channel = null;
        }
    }

    private static Entry parse(String slot) {
        String line = slot.strip();
        int crcAt = line.lastIndexOf(",crc:");
        if (crcAt < 0) {
            return null;
        }
        String body = line.substring(0, crcAt);
        try {
            if (Long.parseLong(line.substring(crcAt + 5), 16) != crc(body)) {
                return null;
            }
            String storeId = null;
            long generation = -1;
            Instant at = null;
            for (String field : body.split(",")) {
                int colon = field.indexOf(':');
                String name = field.substring(0, colon);
                String value = field.substring(colon + 1);
                switch (name) {
                    case "store" -> storeId = value;
                    case "generation" -> generation = Long.parseLong(value);
                    case "at" -> at = Instant.ofEpochMilli(Long.parseLong(value));
                    default -> {
                    }
                }
            }
            return storeId == null || generation < 0 || at == null ? null : new Entry(storeId, generation, at);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }
}
