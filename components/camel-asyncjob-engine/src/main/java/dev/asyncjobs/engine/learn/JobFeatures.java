package dev.asyncjobs.engine.learn;

import java.util.Objects;

/**
 * What a vendor tells the learner about one job beyond its type, so that jobs of one type that take very different
 * times are learned apart, or on a common scale.
 *
 * @param sizeClass a label for the job's size (see {@link #sizeClass(String, double)}: the log2 bucket of a polygon's
 *                  area, a page count), or "" when the vendor has none; jobs of different classes are learned apart
 * @param scale     the vendor's own estimate of the job's duration in seconds (Pixxel's {@code estimated_duration}),
 *                  or 0 when there is none; with an estimate the learner keeps durations <em>as a multiple of the
 *                  estimate</em>, so jobs of one type with different estimates share what was learned
 */
public record JobFeatures(String sizeClass, double scale) {

    /** Nothing beyond the job type. */
    public static final JobFeatures NONE = new JobFeatures("", 0);

    public JobFeatures {
        Objects.requireNonNull(sizeClass, "sizeClass");
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number >= 0, got " + scale);
        }
    }

    /** Whether durations are learned as multiples of {@link #scale()}. */
    public boolean scaled() {
        return scale > 0;
    }

    /**
     * A size class from a numeric size feature: its name and the power of two it rounds down to ("areaKm2:2^10" for
     * 1,500 km²), so sizes within a factor of two share a distribution. Null or non-positive sizes give "".
     */
    public static String sizeClass(String feature, double size) {
        if (!(size > 0) || Double.isInfinite(size)) {
            return "";
        }
        return feature + ":2^" + Math.getExponent(size);
    }

    /** Features with only a size class. */
    public static JobFeatures ofSize(String feature, double size) {
        return new JobFeatures(sizeClass(feature, size), 0);
    }

    /** Features with only a vendor estimate, in seconds. */
    public static JobFeatures ofEstimate(double estimateSeconds) {
        return estimateSeconds > 0 ? new JobFeatures("", estimateSeconds) : NONE;
    }
}
