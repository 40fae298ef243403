package dev.asyncjobs.engine.learn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;

/**
 * What one account has learned of how long its jobs of one vendor take: a {@link DurationHistogram} per job type and
 * {@link JobFeatures size class}, fed with each job's duration when it ends. Where the vendor dates a job's start
 * ({@link DurationFeatures#reportedStart}), a second histogram per key holds the time from start to end (the run
 * time), so that a job seen running can be planned from its start, whatever its time queued. Thread-safe; memory is
 * bounded by the number of (type, size class) pairs, a few kilobytes each.
 * <p>
 * It is persisted as one small value of the account in the job store ({@link #valueName()}, {@link #toBytes()},
 * {@link #restore(byte[])}), so it survives restarts and every node on a shared store starts from the same
 * knowledge. Nodes do not merge their observations on every job: each saves what it knows now and then (see
 * {@link #changes()}); the last save wins, which loses at most the other nodes' observations since their last save.
 */
public final class DurationLearner {

    /** The job store value name prefix; the vendor's name follows. */
    public static final String VALUE_NAME_PREFIX = "learned-poll-durations:";
    /** Default weight at which old observations are halved: the distribution follows the last ~500 jobs. */
    public static final double DEFAULT_MAX_WEIGHT = 500;
    /** 1: a histogram per key; 2: and the shortest time to start, and the run-time histogram of keys that have one. */
    private static final int FORMAT = 2;
    private static final int FORMAT_WITHOUT_RUN = 1;
    /** Jobs of a key needed before gaps in its distribution are trusted. */
    static final int SHAPE_SAMPLES = 200;

    /** What the learner knows of one key, on the key's own unit (seconds, or multiples of the estimate). */
    record Fit(long samples, double low, double high, DurationHistogram shape) {
    }

    /** A low end at another share than the learner's tail, computed from {@code fit}: kept until the fit changes. */
    private record LowEnd(Fit fit, double share, double low) {
    }

    /** One distribution of a key: its histogram (guarded by the key's {@link Entry}), the fit read without a lock. */
    private static final class Distribution {
        final DurationHistogram histogram;
        volatile Fit fit;
        volatile LowEnd lowEnd;

        Distribution(DurationHistogram histogram) {
            this.histogram = histogram;
        }
    }

    /** What is known of one key: the durations from submit, and from start where the vendor dates starts. */
    private static final class Entry {
        final Distribution total;
        /** Null until a job of the key ended with a known start. */
        volatile Distribution run;
        /** The shortest time from submit to start of those jobs (on the key's unit); infinite before the first. */
        volatile double shortestStart = Double.POSITIVE_INFINITY;

        Entry(DurationHistogram total) {
            this.total = new Distribution(total);
        }
    }

    private final String vendor;
    private final DurationFeatures features;
    private final double maxWeight;
    private final double tail;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private volatile Runnable onChange;

    /**
     * @param vendor    the vendor's name (part of {@link #valueName()})
     * @param features  the vendor's hook for size classes and estimates ({@link DurationFeatures#NONE} for none)
     * @param maxWeight see {@link DurationHistogram#DurationHistogram(double)}
     * @param tail      the fraction of jobs, half at each end, that polls may detect later than the latency target
     *                  (the fastest and the slowest jobs seen): 0.01 places the first poll near the 0.5th
     *                  percentile of durations
     */
    public DurationLearner(String vendor, DurationFeatures features, double maxWeight, double tail) {
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.features = features != null ? features : DurationFeatures.NONE;
        this.maxWeight = maxWeight;
        this.tail = tail;
        if (!(tail > 0 && tail < 0.5)) {
            throw new IllegalArgumentException("tail must be within (0, 0.5), got " + tail);
        }
        new DurationHistogram(maxWeight); // validates maxWeight
    }

    /** A learner with the defaults: forget over ~500 jobs, a 1% tail. */
    public DurationLearner(String vendor, DurationFeatures features) {
        this(vendor, features, DEFAULT_MAX_WEIGHT, 0.01);
    }

    public String vendor() {
        return vendor;
    }

    /** The name under which {@link #toBytes()} is kept per account in the job store. */
    public String valueName() {
        return VALUE_NAME_PREFIX + vendor;
    }

    /** The vendor's feature hook. */
    public DurationFeatures features() {
        return features;
    }

    /**
     * Records that a job ended {@code elapsed} after it was submitted (its duration as well as polling saw it).
     *
     * @param terminal the job's last snapshot, for the feature hook (may be null)
     */
    public void observe(JobRef job, JobSnapshot terminal, Duration elapsed) {
        observe(job, terminal, elapsed, null);
    }

    /**
     * Records that a job ended {@code elapsed} after it was submitted, having started running {@code started} after
     * it: the run time, {@code elapsed - started}, is learned too. A start that is null, negative or after the end
     * (clocks that disagree) teaches nothing of the run time.
     *
     * @param terminal the job's last snapshot, for the feature hook (may be null)
     */
    public void observe(JobRef job, JobSnapshot terminal, Duration elapsed, Duration started) {
        Objects.requireNonNull(elapsed, "elapsed");
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must not be negative, got " + elapsed);
        }
        JobFeatures f = features.of(job, terminal);
        double unit = f.scaled() ? f.scale() : 1;
        double seconds = elapsed.toNanos() / 1e9;
        boolean runKnown = started != null && !started.isNegative() && started.compareTo(elapsed) <= 0;
        Entry e = entries.computeIfAbsent(key(job, f), k -> new Entry(new DurationHistogram(maxWeight)));
        synchronized (e) {
            add(e.total, seconds / unit);
            if (runKnown) {
                if (e.run == null) {
                    e.run = new Distribution(new DurationHistogram(maxWeight));
                }
                double start = started.toNanos() / 1e9;
                add(e.run, (seconds - start) / unit);
                e.shortestStart = Math.min(e.shortestStart, start / unit);
            }
        }
        changes.incrementAndGet();
    }

    /**
     * Records when a job started ({@code started} after its submit) where its run time is not learned (see
     * {@link LearnedPollPolicy}): the shortest such time bounds the run time's low end (see
     * {@link #range(JobRef, JobSnapshot, double, boolean)}).
     */
    public void observeStart(JobRef job, JobSnapshot snapshot, Duration started) {
        if (started == null || started.isNegative()) {
            return;
        }
        JobFeatures f = features.of(job, snapshot);
        double unit = f.scaled() ? f.scale() : 1;
        Entry e = entries.computeIfAbsent(key(job, f), k -> new Entry(new DurationHistogram(maxWeight)));
        synchronized (e) {
            e.shortestStart = Math.min(e.shortestStart, started.toNanos() / 1e9 / unit);
        }
    }

    private void add(Distribution d, double value) {
        d.histogram.add(value);
        d.fit = fit(d.histogram);
    }

    /**
     * The learned range of the job's duration in seconds: {@code [0]} the duration that only the fastest
     * {@code tail/2} of jobs beat, {@code [1]} the one only the slowest {@code tail/2} exceed, both widened for a small
     * sample; {@code [2]} the number of observations. Null when nothing is known for the job's key.
     */
    double[] range(JobRef job, JobSnapshot snapshot) {
        return range(job, snapshot, tail / 2);
    }

    /**
     * As {@link #range(JobRef, JobSnapshot)}, with {@code [0]} the duration that only the fastest {@code fastShare}
     * of jobs beat (widened the same way).
     */
    double[] range(JobRef job, JobSnapshot snapshot, double fastShare) {
        return range(job, snapshot, fastShare, false);
    }

    /**
     * As {@link #range(JobRef, JobSnapshot, double)}, of the run time (from the job's start to its end) when
     * {@code fromStart}: null when no job of the key ended with a known start. Its low end is never later than the
     * durations' low end less the shortest time to start seen: every duration is a wait and a run, so a run time's
     * low end learned later than that is the error of a smaller sample (run times are learned from fewer jobs than
     * durations are), and it would have the plan see the shortest runs late.
     */
    double[] range(JobRef job, JobSnapshot snapshot, double fastShare, boolean fromStart) {
        JobFeatures f = features.of(job, snapshot);
        Entry e = entries.get(key(job, f));
        Distribution d = e == null ? null : fromStart ? e.run : e.total;
        Fit fit = d == null ? null : d.fit;
        if (fit == null) {
            return null;
        }
        double unit = f.scaled() ? f.scale() : 1;
        double low = lowEnd(d, fit, fastShare);
        Fit total = e.total.fit;
        if (fromStart && total != null) {
            low = Math.max(0, Math.min(low, lowEnd(e.total, total, fastShare) - e.shortestStart));
        }
        return new double[] { low * unit, fit.high() * unit, fit.samples() };
    }

    /** A distribution's low end at {@code fastShare}, computed once per fit for another share than the tail's. */
    private double lowEnd(Distribution d, Fit fit, double fastShare) {
        double low = fit.low();
        if (fastShare != tail / 2) {
            LowEnd memo = d.lowEnd;
            if (memo == null || memo.fit() != fit || memo.share() != fastShare) {
                memo = new LowEnd(fit, fastShare, lowEnd(fit.shape(), fastShare, fit.samples()));
                d.lowEnd = memo;
            }
            low = memo.low();
        }
        return low;
    }

    private Distribution distribution(JobRef job, JobFeatures f, boolean fromStart) {
        Entry e = entries.get(key(job, f));
        return e == null ? null : fromStart ? e.run : e.total;
    }

    /**
     * When, in seconds after submit, at least {@code mass} more of the job's distribution (and never less than three
     * jobs' worth) has ended after {@code age}; NaN when fewer than {@value #SHAPE_SAMPLES} jobs of the key are known,
     * so that a gap between a few samples is not taken for a gap between modes. Reads a copy of the histogram, without
     * a lock.
     */
    double whenMoreEnded(JobRef job, JobSnapshot snapshot, double age, double mass) {
        return whenMoreEnded(job, snapshot, age, mass, false);
    }

    /**
     * As {@link #whenMoreEnded(JobRef, JobSnapshot, double, double)}, on the run-time distribution when
     * {@code fromStart}: {@code age} and the answer are then seconds after the job's start.
     */
    double whenMoreEnded(JobRef job, JobSnapshot snapshot, double age, double mass, boolean fromStart) {
        JobFeatures f = features.of(job, snapshot);
        Distribution d = distribution(job, f, fromStart);
        Fit fit = d == null ? null : d.fit;
        if (fit == null || fit.shape().weight() < SHAPE_SAMPLES) {
            return Double.NaN;
        }
        double unit = f.scaled() ? f.scale() : 1;
        DurationHistogram shape = fit.shape();
        double q = shape.cdf(age / unit) + Math.max(mass, 3 / shape.weight());
        return q >= 1 ? Double.POSITIVE_INFINITY : shape.quantile(q) * unit;
    }

    /** How many observations the job's key has (0 when none). */
    public long samples(JobRef job, JobSnapshot snapshot) {
        double[] r = range(job, snapshot);
        return r == null ? 0 : (long) r[2];
    }

    /** How many observations of the run time (from a known start to the end) the job's key has (0 when none). */
    public long runSamples(JobRef job, JobSnapshot snapshot) {
        double[] r = range(job, snapshot, tail / 2, true);
        return r == null ? 0 : (long) r[2];
    }

    /**
     * What is learned of one job type and size class, for operators (the dev console).
     *
     * @param jobType   the job type ("" when the vendor has none)
     * @param sizeClass the size class ("" when the vendor gives none)
     * @param scaled    whether the durations are multiples of the vendor's own estimate rather than seconds
     * @param jobs      how many ended jobs were observed
     * @param p50       the median duration (seconds, or multiples of the estimate when scaled)
     * @param p95       the duration 95% of the jobs did not exceed (same unit)
     * @param runJobs   how many of them had a known start (the vendor dates starts): their run time is learned too
     * @param runP50    the median run time, from start to end (same unit; NaN without run times)
     * @param runP95    the run time 95% of those jobs did not exceed (same unit; NaN without run times)
     */
    public record Learned(String jobType, String sizeClass, boolean scaled, long jobs, double p50, double p95,
                          long runJobs, double runP50, double runP95) {
    }

    /** Everything learned, one entry per job type and size class, sorted by them. */
    public java.util.List<Learned> learned() {
        java.util.List<Learned> out = new java.util.ArrayList<>();
        entries.forEach((key, e) -> {
            Fit fit = e.total.fit;
            if (fit != null) {
                int unit = key.lastIndexOf('|');
                int size = key.lastIndexOf('|', unit - 1); // the job type may hold a '|', the other two do not
                Distribution run = e.run;
                Fit runFit = run == null ? null : run.fit;
                out.add(new Learned(key.substring(0, size), key.substring(size + 1, unit),
                        "x".equals(key.substring(unit + 1)), fit.samples(),
                        fit.shape().quantile(0.5), fit.shape().quantile(0.95),
                        runFit == null ? 0 : runFit.samples(),
                        runFit == null ? Double.NaN : runFit.shape().quantile(0.5),
                        runFit == null ? Double.NaN : runFit.shape().quantile(0.95)));
            }
        });
        out.sort(java.util.Comparator.comparing(Learned::jobType).thenComparing(Learned::sizeClass));
        return out;
    }

    /**
     * Sets what runs after an observation the engine made through {@link LearnedPollPolicy#jobEnded} (the account's
     * {@link LearnerStore} saving every few changes); replaces any earlier listener.
     */
    public void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /** Runs the change listener, if any. */
    void changed() {
        Runnable r = onChange;
        if (r != null) {
            r.run();
        }
    }

    /** A counter that grows with every observation: save when it moved (every N, or on a timer, and on stop). */
    public long changes() {
        return changes.get();
    }

    private Fit fit(DurationHistogram h) {
        long n = h.observations();
        double lo = h.quantile(tail / 2);
        double hi = h.quantile(1 - tail / 2);
        // the fastest job of n is expected to leave about 1/(n+1) of the range below it: widen by that
        double margin = (hi - lo) / (n + 1);
        return new Fit(n, Math.max(0, lo - margin), hi + margin, h.copy());
    }

    private void refit(Distribution d) {
        d.fit = d.histogram.observations() > 0 ? fit(d.histogram) : null;
    }

    /** The {@code share} quantile of a fit's copy, widened as {@link #fit} widens its own low end. */
    private double lowEnd(DurationHistogram shape, double share, long n) {
        double lo = shape.quantile(share);
        double margin = (shape.quantile(1 - tail / 2) - lo) / (n + 1);
        return Math.max(0, lo - margin);
    }

    private static String key(JobRef job, JobFeatures f) {
        String type = job == null || job.jobType() == null ? "" : job.jobType();
        return type + "|" + f.sizeClass() + "|" + (f.scaled() ? "x" : "s");
    }

    /** Everything learned, for {@code JobStore.saveValue(account, valueName(), bytes)}. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            Map<String, Entry> copy = Map.copyOf(entries);
            out.writeInt(copy.size());
            for (Map.Entry<String, Entry> e : copy.entrySet()) {
                out.writeUTF(e.getKey());
                Entry entry = e.getValue();
                synchronized (entry) {
                    entry.total.histogram.write(out);
                    out.writeDouble(entry.shortestStart);
                    out.writeBoolean(entry.run != null);
                    if (entry.run != null) {
                        entry.run.histogram.write(out);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Replaces what is known by what {@link #toBytes()} wrote (a value loaded from the job store at start), or an
     * earlier version wrote (format 1, before run times were learned: it restores with no run time known).
     *
     * @throws IllegalArgumentException when the bytes are not such a value; nothing is changed then
     */
    public void restore(byte[] data) {
        Map<String, Entry> read = new java.util.HashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT && format != FORMAT_WITHOUT_RUN) {
                throw new IOException("unknown format " + format);
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String key = in.readUTF();
                Entry e = new Entry(DurationHistogram.read(in, maxWeight));
                if (format != FORMAT_WITHOUT_RUN) {
                    e.shortestStart = in.readDouble();
                    if (!(e.shortestStart >= 0)) {
                        throw new IOException("shortest start " + e.shortestStart + " of '" + key + "' out of range");
                    }
                    if (in.readBoolean()) {
                        e.run = new Distribution(DurationHistogram.read(in, maxWeight));
                    }
                }
                read.put(key, e);
            }
            if (in.read() != -1) {
                throw new IOException("unexpected bytes after " + n + " keys");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the stored value '" + valueName()
                    + "' is not what DurationLearner writes (" + e.getMessage()
                    + "); delete it to start learning afresh", e);
        }
        entries.clear();
        read.forEach((k, e) -> {
            refit(e.total);
            if (e.run != null) {
                refit(e.run);
            }
            entries.put(k, e);
        });
        changes.incrementAndGet();
    }
}
