package dev.asyncjobs.engine.learn;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A bounded-memory distribution of observed job durations: a histogram with logarithmic buckets, 32 per doubling
 * (each about 2.2% wide), from 10 ms to about 120 days. Not thread-safe; {@link DurationLearner} guards it.
 * <p>
 * Why buckets on a log scale rather than a t-digest: a poll plan needs the same <em>relative</em> precision for a 3 s
 * job and a 3 h one, which log buckets give by construction, in a fixed size (at most 960 counts; a few hundred bytes
 * serialized); two nodes' histograms add up exactly (t-digests merge only approximately, and would be a new
 * dependency); and forgetting old jobs is one halving of every count, which keeps the distribution following an
 * account whose jobs get slower or faster.
 * <p>
 * Within a bucket the values are taken as spread evenly, so {@link #cdf} and {@link #quantile} are piecewise linear.
 */
public final class DurationHistogram {

    /** Buckets per doubling of the duration. */
    static final int PER_OCTAVE = 32;
    /** The smallest duration told apart (seconds); shorter ones count in the first bucket. */
    static final double MIN = 0.01;
    /** 30 doublings above {@link #MIN}: up to about 124 days. */
    static final int BUCKETS = PER_OCTAVE * 30;
    private static final double LOG_STEP = Math.log(2) / PER_OCTAVE;
    private static final int FORMAT = 1;

    private final double[] counts = new double[BUCKETS];
    private final double maxWeight;
    private double total;
    private long observations;

    /**
     * @param maxWeight once the counts add up to more than this, every count is halved: older jobs weigh less, and
     *                  the histogram follows a drift of the account's durations within about that many jobs
     */
    public DurationHistogram(double maxWeight) {
        if (!(maxWeight >= 2)) {
            throw new IllegalArgumentException("maxWeight must be at least 2, got " + maxWeight);
        }
        this.maxWeight = maxWeight;
    }

    /** Adds one observed duration, in seconds (or in units of a scale, see {@link JobFeatures#scale()}). */
    public void add(double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("a duration must be a finite number >= 0, got " + value);
        }
        counts[bucket(value)] += 1;
        total += 1;
        observations++;
        if (total > maxWeight) {
            total = 0;
            for (int i = 0; i < BUCKETS; i++) {
                counts[i] /= 2;
                total += counts[i];
            }
        }
    }

    /** Adds another histogram's counts (another node's observations, say). */
    public void merge(DurationHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        observations += other.observations;
    }

    /** How many durations were added in all (not decayed): the sample size the caller trusts the shape from. */
    public long observations() {
        return observations;
    }

    /** The (decayed) weight of all counts. */
    public double weight() {
        return total;
    }

    /** The fraction of the weight at or below {@code value}. */
    public double cdf(double value) {
        if (total <= 0) {
            return 0;
        }
        if (value < 0) {
            return 0;
        }
        int b = bucket(value);
        double below = 0;
        for (int i = 0; i < b; i++) {
            below += counts[i];
        }
        double lo = lower(b);
        double hi = upper(b);
        double within = hi > lo ? Math.min(1, Math.max(0, (value - lo) / (hi - lo))) : 1;
        return Math.min(1, (below + counts[b] * within) / total);
    }

    /** The smallest value with at least the fraction {@code q} of the weight at or below it; 0 when empty. */
    public double quantile(double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("a quantile must be within 0..1, got " + q);
        }
        if (total <= 0) {
            return 0;
        }
        double target = q * total;
        double seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            double c = counts[i];
            if (c > 0 && seen + c >= target) {
                double frac = (target - seen) / c;
                return lower(i) + frac * (upper(i) - lower(i));
            }
            seen += c;
        }
        int last = BUCKETS - 1;
        while (last > 0 && counts[last] == 0) {
            last--;
        }
        return upper(last);
    }

    /** A copy of the histogram for lock-free reading: {@link #cdf} and {@link #quantile} of this moment. */
    DurationHistogram copy() {
        DurationHistogram c = new DurationHistogram(maxWeight);
        System.arraycopy(counts, 0, c.counts, 0, BUCKETS);
        c.total = total;
        c.observations = observations;
        return c;
    }

    /** The counts, for persistence: only non-empty buckets are written (a few hundred bytes at most). */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    void write(DataOutputStream out) throws IOException {
        out.writeByte(FORMAT);
        out.writeByte(PER_OCTAVE);
        out.writeLong(observations);
        int nonEmpty = 0;
        for (double c : counts) {
            if (c > 0) {
                nonEmpty++;
            }
        }
        out.writeShort(nonEmpty);
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] > 0) {
                out.writeShort(i);
                out.writeFloat((float) counts[i]);
            }
        }
    }

    /** Reads what {@link #toBytes()} wrote. */
    public static DurationHistogram fromBytes(byte[] data, double maxWeight) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            return read(in, maxWeight);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a serialized duration histogram: " + e.getMessage(), e);
        }
    }

    static DurationHistogram read(DataInputStream in, double maxWeight) throws IOException {
        int format = in.readUnsignedByte();
        int perOctave = in.readUnsignedByte();
        if (format != FORMAT || perOctave != PER_OCTAVE) {
            throw new IOException("unknown histogram format " + format + "/" + perOctave);
        }
        DurationHistogram h = new DurationHistogram(maxWeight);
        h.observations = in.readLong();
        int nonEmpty = in.readUnsignedShort();
        for (int k = 0; k < nonEmpty; k++) {
            int i = in.readUnsignedShort();
            float c = in.readFloat();
            if (i >= BUCKETS || !(c >= 0)) {
                throw new IOException("bucket " + i + " count " + c + " out of range");
            }
            h.counts[i] += c;
            h.total += c;
        }
        return h;
    }

    static int bucket(double value) {
        if (value <= MIN) {
            return 0;
        }
        int b = (int) Math.floor(Math.log(value / MIN) / LOG_STEP);
        return Math.min(BUCKETS - 1, Math.max(0, b));
    }

    /** The lower edge of a bucket; the first one starts at 0. */
    static double lower(int bucket) {
        return bucket == 0 ? 0 : MIN * Math.exp(bucket * LOG_STEP);
    }

    static double upper(int bucket) {
        return MIN * Math.exp((bucket + 1) * LOG_STEP);
    }
}
