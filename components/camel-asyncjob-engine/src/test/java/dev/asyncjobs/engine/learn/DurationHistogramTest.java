package dev.asyncjobs.engine.learn;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationHistogramTest {

    private static DurationHistogram uniform(long seed, int n, double min, double max, double maxWeight) {
        Random random = new Random(seed);
        DurationHistogram h = new DurationHistogram(maxWeight);
        for (int i = 0; i < n; i++) {
            h.add(min + random.nextDouble() * (max - min));
        }
        return h;
    }

    @Test
    void quantilesOfUniformDurationsWithinTheBucketWidth() {
        DurationHistogram h = uniform(1, 20_000, 120, 240, 1e9);
        for (double q : new double[] { 0.005, 0.05, 0.5, 0.95, 0.995 }) {
            double expected = 120 + q * 120;
            assertEquals(expected, h.quantile(q), expected * 0.025, "quantile " + q);
            assertEquals(q, h.cdf(expected), 0.02, "cdf at " + expected);
        }
        assertEquals(20_000, h.observations());
    }

    @Test
    void spansMillisecondsToMonths() {
        DurationHistogram h = new DurationHistogram(100);
        h.add(0);
        h.add(0.5);
        h.add(3600 * 24 * 100.0);
        assertEquals(0, h.quantile(0), 0.011);
        assertEquals(3600 * 24 * 100.0, h.quantile(1), 3600 * 24 * 100.0 * 0.03);
    }

    @Test
    void survivesSerializationCompactly() {
        DurationHistogram h = uniform(2, 5000, 700, 1100, 500);
        byte[] bytes = h.toBytes();
        assertTrue(bytes.length < 1024, "serialized in " + bytes.length + " bytes");
        DurationHistogram back = DurationHistogram.fromBytes(bytes, 500);
        assertEquals(h.observations(), back.observations());
        for (double q : new double[] { 0.01, 0.5, 0.99 }) {
            assertEquals(h.quantile(q), back.quantile(q), 1e-3 * h.quantile(q), "quantile " + q);
        }
    }

    @Test
    void followsAnAccountWhoseJobsGetSlower() {
        DurationHistogram h = uniform(3, 2000, 90, 110, 200);
        Random random = new Random(4);
        for (int i = 0; i < 1000; i++) {
            h.add(290 + random.nextDouble() * 20);
        }
        assertTrue(h.quantile(0.05) > 280, "old durations are forgotten: p5 " + h.quantile(0.05));
        assertTrue(h.weight() <= 200, "bounded weight " + h.weight());
    }

    @Test
    void mergesAnotherNodesObservations() {
        DurationHistogram a = uniform(5, 1000, 10, 20, 1e9);
        DurationHistogram b = uniform(6, 1000, 30, 40, 1e9);
        a.merge(b);
        assertEquals(2000, a.observations());
        assertEquals(20, a.quantile(0.5), 1.5);
    }

    @Test
    void rejectsWhatIsNotADuration() {
        DurationHistogram h = new DurationHistogram(10);
        assertThrows(IllegalArgumentException.class, () -> h.add(-1));
        assertThrows(IllegalArgumentException.class, () -> h.add(Double.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DurationHistogram.fromBytes(new byte[] { 9, 9 }, 10));
        assertTrue(e.getMessage().contains("not a serialized duration histogram"), e.getMessage());
    }
}
