package dev.asyncjobs.engine.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store of one process: followed jobs, submit intents, consumer groups and values in one file, on H2's
 * MVStore (what {@code trackingFile} gives).
 * <p>
 * Every change writes that one entry (a put or remove in an MVStore map, each record as compact JSON); MVStore appends
 * the changed pages as a new checksummed chunk, so the cost of a write does not grow with the number of jobs. Durable
 * changes (a new job, a moved cursor, an intent, groups, values) are committed and synced to the disk before the call
 * returns; schedule-only changes ({@code update(record, false)}, claims) are left to MVStore's background commit
 * (within about a second), so a crash may lose them: the job is then polled a bit early after the restart. The disk
 * sync happens after the in-memory lock is released, and one sync covers the changes of every caller waiting for one
 * (group commit): a slow disk delays the callers that need durability, not the readers and claimers. Another thread
 * may see a durable change before its caller returns; if the process dies before the sync, neither returned.
 * <p>
 * All records are also held in memory, indexed by due time ({@link LocalJobStore}); the file is read once, at
 * {@link #open()}, which fails with a message naming the file and the fix when:
 * <ul>
 * <li>another process holds the file (MVStore's file lock): a store file serves one process, sharing jobs across
 * processes is the JDBC store's job;</li>
 * <li>the file is damaged, not a job store, or unreadable.</li>
 * </ul>
 * A file deleted or replaced while the store is open is reported, never silently taken for an empty store: every
 * later write fails with a message naming the file (logged once at ERROR with the jobs it held).
 * <p>
 * A store that lost commits while it was closed says so too. Each durable commit carries a generation, and is then
 * recorded beside the file ({@link GenerationFile}, {@code <file>.generation}), where a truncation cannot take it
 * along. At open, a file older than its record (cut short, an older copy restored: H2 MVStore then opens the last
 * chunk it can read) or a record whose file is missing is a {@link #loss()}: the engine fails the start naming the
 * file and the fix, or adopts the account's jobs from the vendor's list. What MVStore tolerated without losing a
 * commit (a damaged header copy, a chunk torn by a crash) is logged at WARN.
 */
public final class MvStoreJobStore extends LocalJobStore {

    private static final Logger LOG = LoggerFactory.getLogger(MvStoreJobStore.class);

    /** What this version writes in the file's meta map; another value means another (newer) layout. */
    static final String FORMAT = "camel-asyncjob-store/1";
    static final String META_MAP = "asyncjob.meta";
    /** In the meta map: the store's id, and the generation and time of its last durable commit. */
    private static final String STORE_ID = "storeId";
    private static final String GENERATION = "generation";
    private static final String COMMITTED_AT = "committedAt";
    /** MVStore's block size: its two header copies fill the first two blocks, chunks start on a block. */
    private static final int BLOCK = 4096;
    private static final String JOBS_MAP = "asyncjob.jobs";
    private static final String INTENTS_MAP = "asyncjob.intents";
    private static final String GROUPS_MAP = "asyncjob.groups";
    private static final String VALUES_MAP = "asyncjob.values";
    /** Separates the account from the id in map keys: accounts are opaque hashes, never holding it. */
    private static final char SEP = '\u0000';

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    /** The thread's durable change waiting for a sync: its number in {@link #written}. */
    private static final ThreadLocal<Long> PENDING = new ThreadLocal<>();

    private final Path file;
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Set by open(), read by the syncing threads outside the store's lock. */
    private volatile MVStore store;
    /** How many durable changes were put into the maps. */
    private final AtomicLong written = new AtomicLong();
    /** Up to which change the file is synced; guarded by {@link #syncLock}. */
    private long synced;
    private final ReentrantLock syncLock = new ReentrantLock();
    private MVMap<String, byte[]> jobs;
    private MVMap<String, byte[]> intentMap;
    private MVMap<String, byte[]> groupMap;
    private MVMap<String, byte[]> valueMap;
    private MVMap<String, String> metaMap;
    private final GenerationFile generations;
    private final java.time.Clock vendorClock;
    /** The store's id and the generation of its last durable commit; guarded by {@link #syncLock} once open. */
    private String storeId;
    private long generation;
    /** What open() found lost, until lossRecovered(); while set, commits are not recorded beside the file. */
    private volatile StoreLoss loss;
    private Instant contentAsOf;
    /** The identity (device and inode) of the file opened, to notice a file replaced under the same name. */
    private Object fileKey;
    /** Set once the file is found deleted or replaced, or the store stopped after a write error. */
    private String lost;
    /** Whether the store is open, for MVStore's background thread. */
    private volatile boolean live;

    /** A store at the given file; nothing is read or created until {@link #open()}. */
    public MvStoreJobStore(Path file) {
        this(file, java.time.Clock.systemUTC());
    }

    /**
     * A store at the given file whose commits are dated on {@code vendorClock} (the component's clock): their times
     * are compared with the vendor's creation times of jobs ({@link #contentAsOf()}).
     */
    public MvStoreJobStore(Path file, java.time.Clock vendorClock) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        this.generations = new GenerationFile(this.file);
        this.vendorClock = Objects.requireNonNull(vendorClock, "vendorClock");
    }

    /** The file this store keeps. */
    public Path file() {
        return file;
    }

    /**
     * Opens the file (creating it, and its directory, when absent), takes its lock and reads everything it holds.
     * Idempotent; after {@link #close()} it opens and reads the file again.
     *
     * @throws IllegalStateException naming the file and the fix when another process holds it, or it is damaged or
     *                               unreadable
     */
    @Override
    public synchronized void open() {
        if (store != null) {
            return;
        }
        Optional<GenerationFile.Entry> recorded = readCommitRecord();
        boolean existed = Files.exists(file);
        List<String> tolerated = existed ? damagedHeaderCopies() : new ArrayList<>();
        Written written = existed ? written() : new Written(-1, 0);
        createIfAbsent();
        MVStore s = openLocked();
        try {
            MVMap<String, String> meta = s.openMap(META_MAP);
            String format = meta.get("format");
            if (format == null) {
                throw unusable("it is not a job store file, or it is damaged (it has no job store format mark)", null);
            }
            if (!FORMAT.equals(format)) {
                throw unusable("it was written in format '" + format + "', another version's; this version reads '"
                               + FORMAT + "'",
                        null);
            }
            MVMap<String, byte[]> j = s.openMap(JOBS_MAP);
            MVMap<String, byte[]> i = s.openMap(INTENTS_MAP);
            MVMap<String, byte[]> g = s.openMap(GROUPS_MAP);
            MVMap<String, byte[]> v = s.openMap(VALUES_MAP);
            List<JobRecord> records = new ArrayList<>(j.size());
            for (Map.Entry<String, byte[]> e : j.entrySet()) {
                records.add(decode(e.getKey(), e.getValue(), JobRecord.class));
            }
            List<SubmitIntent> intents = new ArrayList<>(i.size());
            for (Map.Entry<String, byte[]> e : i.entrySet()) {
                intents.add(decode(e.getKey(), e.getValue(), SubmitIntent.class));
            }
            Map<String, Set<String>> groups = new HashMap<>();
            for (Map.Entry<String, byte[]> e : g.entrySet()) {
                groups.put(e.getKey(), new LinkedHashSet<>(decode(e.getKey(), e.getValue(), STRINGS)));
            }
            Map<String, Map<String, byte[]>> values = new HashMap<>();
            for (Map.Entry<String, byte[]> e : v.entrySet()) {
                String key = e.getKey();
                int at = key.indexOf(SEP);
                values.computeIfAbsent(key.substring(0, at), a -> new HashMap<>())
                        .put(key.substring(at + 1), e.getValue());
            }
            tolerated.addAll(tornChunks(written, s));
            String id = meta.get(STORE_ID);
            if (id == null) {
                id = UUID.randomUUID().toString(); // a file of an earlier version: recorded with its next commit
                meta.put(STORE_ID, id);
            }
            long gen = meta.containsKey(GENERATION) ? Long.parseLong(meta.get(GENERATION)) : 0;
            Instant committedAt = meta.containsKey(COMMITTED_AT) ? Instant.parse(meta.get(COMMITTED_AT)) : null;
            StoreLoss found = recorded.map(r -> compare(r, existed, meta.get(STORE_ID), gen, committedAt, tolerated))
                    .orElse(null);
            clearMemory();
            load(records, intents, groups, values);
            fileKey = currentFileKey();
            jobs = j;
            intentMap = i;
            groupMap = g;
            valueMap = v;
            metaMap = meta;
            storeId = id;
            generation = gen;
            contentAsOf = existed ? committedAt : null;
            loss = found;
            lost = null;
            store = s;
            live = true;
            LOG.info("Job store {} opened: {} followed jobs, {} submit intents", file, records.size(), intents.size());
            if (found == null && !tolerated.isEmpty()) {
                LOG.warn("The job store file {} was damaged and H2 MVStore recovered it without losing a commit"
                         + " (its record of commits, {}, agrees): {}", file, generations.path(),
                        String.join("; ", tolerated));
            }
        } catch (UnusableFile e) {
            s.closeImmediately();
            throw e;
        } catch (MVStoreException e) {
            s.closeImmediately();
            throw unusable(describe(e), e);
        } catch (RuntimeException e) {
            s.closeImmediately();
            throw unusable("it could not be read (" + e.getMessage() + ")", e);
        }
    }

    /** Writes what is pending, releases the file lock. Idempotent; {@link #open()} may follow. */
    @Override
    public synchronized void close() {
        MVStore s = store;
        if (s == null) {
            return;
        }
        // a sync in progress (another thread's durable change) finishes first: MVStore must not close under it
        syncLock.lock();
        try {
            closeLocked(s);
        } finally {
            syncLock.unlock();
        }
    }

    private void closeLocked(MVStore s) {
        store = null;
        live = false;
        jobs = null;
        intentMap = null;
        groupMap = null;
        valueMap = null;
        metaMap = null;
        generations.close();
        try {
            // up to 200 ms to drop the old chunks that retention kept (a busy store's file is mostly those)
            s.close(200);
        } catch (RuntimeException e) {
            LOG.warn("Closing the job store {} failed: {}; changes not marked durable since the last write may be lost",
                    file, e.getMessage(), e);
            s.closeImmediately();
        }
    }

    @Override
    protected void persist(JobRecord record, boolean durable) {
        ensureWritable();
        try {
            jobs.put(key(record.account(), record.jobId()), encode(record));
            if (durable) {
                sync();
            }
        } catch (MVStoreException e) {
            throw writeFailed(e);
        }
    }

    @Override
    protected void erase(String account, String jobId) {
        ensureWritable();
        try {
            jobs.remove(key(account, jobId));
            // a job leaves tracking after its last commit: make sure a restart does not follow it again
            sync();
        } catch (MVStoreException e) {
            throw writeFailed(e);
        }
    }

    @Override
    protected void persistIntent(SubmitIntent intent) {
        ensureWritable();
        try {
            intentMap.put(key(intent.account(), intent.intentId()), encode(intent));
            sync();
        } catch (MVStoreException e) {
            throw writeFailed(e);
        }
    }

    @Override
    protected void eraseIntent(String account, String intentId) {
        ensureWritable();
        try {
            intentMap.remove(key(account, intentId));
            sync();
        } catch (MVStoreException e) {
            throw writeFailed(e);
        }
    }

    @Override
    protected void persistGroups(String account, Set<String> groups) {
        ensureWritable();
        try {
            if (groups.isEmpty()) {
                groupMap.remove(account);
            } else {
                groupMap.put(account, encode(List.copyOf(groups)));
            }
            sync();
        } catch (MVStoreException e) {
            throw writeFailed(e);
        }
    }

    @Override
    protected void persistValue(String account, String name, byte[] value) {
        ensureWritable();
        try {
            valueMap.put(key(account, name), value.clone());
            sync();
        } catch (MVStoreException e) {
            throw writeFailed(e);
        }
    }

    /** Commits the pending changes as one chunk and forces it to the disk. */
    /**
     * Notes that the calling thread's change must be on the disk before its call returns. The sync itself happens in
     * {@link #awaitDurable()}, after the in-memory lock is released: other callers read and write meanwhile, and one
     * sync covers every change made before it (group commit), instead of one disk sync per change under the lock.
     */
    private void sync() {
        PENDING.set(written.incrementAndGet());
    }

    /** Returns once the calling thread's last durable change (if any) is committed and synced to the disk. */
    private void awaitDurable() {
        Long seq = PENDING.get();
        if (seq == null) {
            return;
        }
        PENDING.remove();
        MVStore s = store;
        syncLock.lock();
        try {
            if (synced >= seq) {
                return; // another caller's sync covered this change
            }
            long upTo = written.get();
            if (s == null || s.isClosed()) {
                if (s != null && s.getPanicException() != null) {
                    throw writeFailed(s.getPanicException());
                }
                return; // closed meanwhile: close() commits what was written
            }
            long gen = generation + 1;
            Instant at = vendorClock.instant();
            metaMap.put(GENERATION, Long.toString(gen));
            metaMap.put(COMMITTED_AT, at.toString());
            s.commit();
            s.sync();
            generation = gen;
            synced = upTo;
            if (loss == null) {
                recordCommit(gen, at);
            }
        } catch (MVStoreException e) {
            throw writeFailed(e);
        } finally {
            syncLock.unlock();
        }
    }

    @Override
    public Optional<JobRecord> insert(JobRecord record) {
        try {
            return super.insert(record);
        } finally {
            awaitDurable();
        }
    }

    @Override
    public Optional<JobRecord> update(JobRecord record, boolean durable) {
        try {
            return super.update(record, durable);
        } finally {
            awaitDurable();
        }
    }

    @Override
    public boolean delete(String account, String jobId, long version) {
        try {
            return super.delete(account, jobId, version);
        } finally {
            awaitDurable();
        }
    }

    @Override
    public void saveIntent(SubmitIntent intent) {
        try {
            super.saveIntent(intent);
        } finally {
            awaitDurable();
        }
    }

    @Override
    public void deleteIntent(String account, String intentId) {
        try {
            super.deleteIntent(account, intentId);
        } finally {
            awaitDurable();
        }
    }

    @Override
    public void addGroup(String account, String group) {
        try {
            super.addGroup(account, group);
        } finally {
            awaitDurable();
        }
    }

    @Override
    public void removeGroup(String account, String group) {
        try {
            super.removeGroup(account, group);
        } finally {
            awaitDurable();
        }
    }

    @Override
    public void saveValue(String account, String name, byte[] value) {
        try {
            super.saveValue(account, name, value);
        } finally {
            awaitDurable();
        }
    }

    @Override
    public Optional<StoreLoss> loss() {
        return Optional.ofNullable(loss);
    }

    @Override
    public Optional<Instant> contentAsOf() {
        return Optional.ofNullable(contentAsOf);
    }

    /**
     * Records the store as it is now as the store of this file: past the generation of the record it replaces, so a
     * later open compares with this one.
     */
    @Override
    public void lossRecovered() {
        if (loss == null) {
            return;
        }
        ensureWritable();
        syncLock.lock();
        try {
            long past = readCommitRecord().map(GenerationFile.Entry::generation).orElse(0L);
            long gen = Math.max(generation, past) + 1;
            Instant at = vendorClock.instant();
            metaMap.put(GENERATION, Long.toString(gen));
            metaMap.put(COMMITTED_AT, at.toString());
            store.commit();
            store.sync();
            generation = gen;
            loss = null;
            recordCommit(gen, at);
        } catch (MVStoreException e) {
            throw writeFailed(e);
        } finally {
            syncLock.unlock();
        }
    }

    private void recordCommit(long gen, Instant at) {
        try {
            generations.write(new GenerationFile.Entry(storeId, gen, at));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot record commit {} of the job store {} in {}: {}; if the file is cut short before the next"
                     + " recorded commit, the loss may go unnoticed",
                    gen, file, generations.path(), e.getMessage());
        }
    }

    private Optional<GenerationFile.Entry> readCommitRecord() {
        try {
            return generations.read();
        } catch (IOException e) {
            LOG.warn("The record of commits of the job store {} cannot be read ({}); it is written again with the next"
                     + " commit, and a loss of commits before it cannot be noticed",
                    file, e.getMessage());
            return Optional.empty();
        }
    }

    /** The store as opened against the record of its commits: the loss, if it is older or another store. */
    private StoreLoss compare(GenerationFile.Entry recorded, boolean existed, String id, long gen, Instant committedAt,
                              List<String> tolerated) {
        String record = "its record of commits " + generations.path() + " says it held generation "
                        + recorded.generation() + ", last committed at " + recorded.committedAt();
        String what;
        Instant asOf = null;
        if (!existed) {
            what = "is missing: " + record + "; a new, empty store was started in its place";
        } else if (!recorded.storeId().equals(id)) {
            what = "is not the store last committed under this name (another store file was put in its place): "
                   + record;
        } else if (gen < recorded.generation()) {
            asOf = committedAt;
            what = "went back in time: it holds generation " + gen + " (committed at " + committedAt + ") while "
                   + record + "; the commits after it are lost (the file was cut short, or an older copy restored)";
        } else {
            return null;
        }
        if (!tolerated.isEmpty()) {
            what += " (H2 MVStore: " + String.join("; ", tolerated) + ")";
        }
        return new StoreLoss(file.toString(), what, asOf, recorded.committedAt());
    }

    /**
     * The header copies (MVStore keeps two, in the first two blocks) whose checksum fails while the file opens: MVStore
     * read the other one.
     */
    private List<String> damagedHeaderCopies() {
        List<String> found = new ArrayList<>();
        byte[] head = new byte[2 * BLOCK];
        int n;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return found; // MVStore's own open reports an unreadable file
        }
        if (n < head.length) {
            return found;
        }
        boolean first = validHeader(head, 0);
        boolean second = validHeader(head, BLOCK);
        if (first != second) {
            found.add("the " + (first ? "second" : "first") + " copy of its header is damaged; it read the other");
        }
        return found;
    }

    private static boolean validHeader(byte[] bytes, int at) {
        String text = new String(bytes, at, BLOCK, java.nio.charset.StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        if (!text.startsWith("H:") || end < 0) {
            return false;
        }
        String header = text.substring(0, end).strip();
        int mark = header.lastIndexOf(",fletcher:");
        if (mark < 0) {
            return false;
        }
        try {
            byte[] body = header.substring(0, mark).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            return Integer.parseUnsignedInt(header.substring(mark + 10), 16) == DataUtils.getFletcher32(body, 0,
                    body.length);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The newest chunk written in the file, by the chunk headers at the start of each block, and whether the file
     * ends in a partial block: read before MVStore opens the file (closing a channel of this process would release
     * MVStore's lock). A chunk newer than the version MVStore then opens is one it skipped: a write cut short.
     */
    private record Written(long newestChunk, long partialBytes) {
    }

    private Written written() {
        long newest = -1;
        long partial = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            partial = size % BLOCK;
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(256);
            for (long at = 2L * BLOCK; at < size; at += BLOCK) {
                buf.clear();
                ch.read(buf, at);
                String text = new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.ISO_8859_1);
                int end = text.indexOf(' ');
                if (text.startsWith("chunk:") && end > 0) {
                    try {
                        newest = Math.max(newest,
                                DataUtils.readHexLong(DataUtils.parseMap(text.substring(0, end)), "version", -1));
                    } catch (RuntimeException ignored) {
                        // not a chunk header after all
                    }
                }
            }
        } catch (IOException e) {
            // MVStore's own open reports an unreadable file
        }
        return new Written(newest, partial);
    }

    private static List<String> tornChunks(Written written, MVStore s) {
        List<String> found = new ArrayList<>();
        long opened = s.getCurrentVersion();
        if (written.newestChunk() > opened) {
            found.add("a newer chunk (version " + written.newestChunk() + ") is incomplete (a write cut short by a"
                      + " crash); it opened the last complete one (version " + opened + ")");
        }
        if (written.partialBytes() != 0) {
            found.add("its last " + written.partialBytes() + " bytes are not a whole block (a write cut short); it"
                      + " ignored them");
        }
        return found;
    }

    private static String key(String account, String id) {
        return account + SEP + id;
    }

    private byte[] encode(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + value.getClass().getSimpleName() + " for the job store "
                                           + file,
                    e);
        }
    }

    private <T> T decode(String key, byte[] bytes, Class<T> type) {
        try {
            return mapper.readValue(bytes, type);
        } catch (IOException e) {
            throw unusable("its entry '" + key.replace(SEP, '/') + "' is not a readable " + type.getSimpleName() + " ("
                           + e.getMessage() + ")",
                    e);
        }
    }

    private <T> T decode(String key, byte[] bytes, TypeReference<T> type) {
        try {
            return mapper.readValue(bytes, type);
        } catch (IOException e) {
            throw unusable("its entry '" + key + "' is not readable (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A new file gets its format mark before it appears under its name (written aside, then linked), so a file
     * without the mark is never one this store created: it is damaged, or something else.
     */
    private void createIfAbsent() {
        if (Files.exists(file)) {
            return;
        }
        Path dir = file.getParent();
        Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".new");
        try {
            Files.createDirectories(dir);
            MVStore s = builder(tmp).open();
            try {
                MVMap<String, String> meta = s.openMap(META_MAP);
                meta.put("format", FORMAT);
                meta.put(STORE_ID, UUID.randomUUID().toString());
                s.commit();
                s.sync();
            } finally {
                s.close();
            }
            try {
                // a hard link fails when the name exists: of two processes creating the store at once, one wins
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException e) {
                // another process created it meanwhile: open that one (its lock decides who keeps it)
            } catch (UnsupportedOperationException | IOException e) {
                try {
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e2) {
                    if (!Files.exists(file)) {
                        Files.move(tmp, file);
                    }
                }
            }
            syncDirectory(dir);
        } catch (IOException | MVStoreException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot create the job store file " + file + ": " + e.getMessage()
                                            + ". Check that its directory exists or can be created and is writable,"
                                            + " or set trackingFile to a writable place",
                    e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.debug("Cannot remove the temporary file {}", tmp, e);
            }
        }
    }

    /**
     * LZF-compressed pages: JSON records compress well, and a change then appends about 8 KB instead of 20 KB (the
     * changed leaf page and its parents, uncompressed up to 48 records each).
     */
    private static MVStore.Builder builder(Path file) {
        return new MVStore.Builder().fileName(file.toString()).compress();
    }

    /**
     * Writes records straight into the store file, in one commit, without opening a store: for benchmarks that need
     * many jobs in a file (a durable insert costs a disk sync). Creates the file if absent; it must not be open.
     */
    static void seed(Path file, Iterable<JobRecord> records) {
        MvStoreJobStore target = new MvStoreJobStore(file);
        target.createIfAbsent();
        MVStore s = builder(target.file).open();
        try {
            MVMap<String, byte[]> j = s.openMap(JOBS_MAP);
            for (JobRecord r : records) {
                j.put(key(r.account(), r.jobId()), target.encode(r.version() == 0 ? r.withVersion(1) : r));
            }
            s.commit();
        } finally {
            s.close();
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // not supported everywhere (Windows): the file's own content is synced regardless
        }
    }

    private MVStore openLocked() {
        try {
            return builder(file)
                    .backgroundExceptionHandler((t, e) -> {
                        // MVStore also reports here what fails its open: that is thrown to open()'s caller instead
                        if (live) {
                            LOG.error("Background write of the job store {} failed: {}; schedule changes since the"
                                      + " last durable write may be lost",
                                    file, e.getMessage(), e);
                        }
                    })
                    .open();
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                if (e.getCause() instanceof OverlappingFileLockException) {
                    throw new IllegalStateException("The job store file " + file + " is already open in this process"
                                                    + " (another CamelContext or component uses the same trackingFile)."
                                                    + " A store file serves one store: give each its own trackingFile,"
                                                    + " or share one component",
                            e);
                }
                throw new IllegalStateException("The job store file " + file + " is in use by another process. A job"
                                                + " store file serves one process: to follow jobs from several"
                                                + " processes or nodes, use the JDBC job store"
                                                + " (camel-asyncjob-store-jdbc); otherwise give each process its own"
                                                + " trackingFile",
                        e);
            }
            throw unusable(describe(e), e);
        } catch (RuntimeException e) {
            throw unusable("it could not be read (" + e.getMessage() + ")", e);
        }
    }

    /** What MVStore found wrong, without its internals (channel names, version suffix). */
    private static String describe(MVStoreException e) {
        String detail = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s*\\[[0-9.]+/-?[0-9]+\\]$", "");
        return switch (e.getErrorCode()) {
            case DataUtils.ERROR_READING_FAILED -> e.getCause() instanceof java.io.EOFException
                    ? "it is cut short, or not a job store file"
                    : "it could not be read (" + (e.getCause() != null ? e.getCause() : detail) + ")";
            case DataUtils.ERROR_FILE_CORRUPT -> "it is damaged (" + detail + ")";
            case DataUtils.ERROR_UNSUPPORTED_FORMAT -> "it was written in a storage format this H2 version does not read ("
                                                       + detail + ")";
            default -> "it could not be read (" + detail + ")";
        };
    }

    private UnusableFile unusable(String why, Throwable cause) {
        return new UnusableFile("Cannot open the job store file " + file + ": " + why + ". Move it away (or"
                                         + " delete it) to start with an empty store, with its record of commits "
                                         + generations.path().getFileName() + " (else the start reports the store"
                                         + " missing); the jobs recorded in it will then not be followed unless"
                                         + " adoptJobs finds them in the vendor's list, and their pending submits"
                                         + " not reconciled",
                cause);
    }

    private Object currentFileKey() {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the attributes of the job store file " + file, e);
        }
    }

    /**
     * Refuses to write into a file that is no longer the one under the name: whatever is written there is lost at
     * the next start. Costs one stat per write.
     */
    private void ensureWritable() {
        if (store == null) {
            throw new IllegalStateException("The job store " + file + " is not open: call open() first");
        }
        if (lost == null) {
            String what = null;
            if (store.isClosed()) {
                MVStoreException panic = store.getPanicException();
                what = "stopped after a write error (" + (panic != null ? panic.getMessage() : "closed") + ")";
            } else if (!Files.exists(file)) {
                what = "was deleted";
            } else if (fileKey != null && !fileKey.equals(currentFileKey())) {
                what = "was replaced by another file";
            }
            if (what != null) {
                lost = report(what);
            }
        }
        if (lost != null) {
            throw new IllegalStateException(lost);
        }
    }

    private String report(String what) {
        int jobCount = totalCount();
        String message = "The job store file " + file + " " + what + " while this process followed " + jobCount
                         + " jobs in it: changes can no longer be saved. The jobs stay followed in memory until"
                         + " the application stops; restart it to start a new, empty store file (the jobs of the"
                         + " old one will then not be followed; they are listed in the log)";
        List<String> ids = new ArrayList<>();
        try {
            for (String k : jobs.keySet()) {
                ids.add(k.substring(k.indexOf(SEP) + 1));
                if (ids.size() == 100) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            // a store stopped by a write error may not read any more: report without the list
        }
        LOG.error("{}. Jobs in it{}: {}", message, jobCount > ids.size() ? " (first " + ids.size() + ")" : "", ids);
        return message;
    }

    /** A store file that cannot be opened: its message names the file, what is wrong and the fix. */
    private static final class UnusableFile extends IllegalStateException {
        UnusableFile(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private IllegalStateException writeFailed(MVStoreException e) {
        return new IllegalStateException("Cannot write the job store file " + file + ": " + e.getMessage()
                                         + ". Check the disk (space, permissions); the change was not saved",
                e);
    }
}
