package dev.asyncjobs.engine.learn;

import java.time.Duration;
import java.util.Base64;

import dev.asyncjobs.engine.spi.JobRef;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run time (from a job's start to its end) is learned beside the duration from the submit, and kept with it. */
class DurationLearnerTest {

    static final JobRef SHIP = JobRef.of("x", "ship");

    /**
     * What the learner of version 1 (before run times) saved for 25 ship jobs of 720 to 960 s: the stored value an
     * account has after an upgrade.
     */
    static final String FORMAT_1 = "AQAAAAEAB3NoaXB8fHMBIAAAAAAAAAAZAA4CBEAAAAACBT+AAAACBkAAAAACBz+AAAACCEAAAAACCUAAAAACCkAAAAACC"
            + "z+AAAACDEAAAAACDUAAAAACDkAAAAACD0AAAAACEEAAAAACEUAAAAA=";

    /** 30 ship jobs queued 0 to 580 s, each running 300 to 329 s. */
    private static DurationLearner learnedWithStarts() {
        DurationLearner learner = new DurationLearner("SateAIs", DurationFeatures.NONE);
        for (int i = 0; i < 30; i++) {
            long queued = 20L * i;
            long ran = 300 + i;
            learner.observe(JobRef.of("job-" + i, "ship"), null, Duration.ofSeconds(queued + ran),
                    Duration.ofSeconds(queued));
        }
        return learner;
    }

    @Test
    void theRunTimeIsLearnedWhereTheStartIsKnown() {
        DurationLearner learner = learnedWithStarts();
        double[] total = learner.range(SHIP, null);
        double[] run = learner.range(SHIP, null, 0.005, true);
        assertEquals(30, learner.runSamples(SHIP, null));
        assertTrue(total[0] < 320 && total[1] > 880, "from the submit: 300 to 909 s, " + total[0] + ".." + total[1]);
        // (its low end no later than the durations' less the shortest wait, 0 s: the durations' margin for 30 jobs)
        assertTrue(run[0] > 270 && run[0] <= 300 && run[1] >= 329 && run[1] < 345,
                "from the start: 300 to 329 s, " + run[0] + ".." + run[1]);
    }

    @Test
    void theRunTimesLowEndIsNoLaterThanTheDurationsLessTheShortestWait() {
        // 500 jobs of 120-240 s, each queued 5 s; the run times of only 20 of them are known, the fastest runs among
        // them 135 s: learned alone, the run time would start at ~135 s, though 2% of the durations are under 125 s
        DurationLearner learner = new DurationLearner("SpiderIQ", DurationFeatures.NONE);
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 500; i++) {
            learner.observe(JobRef.of("d" + i, "ship"), null, Duration.ofMillis(Math.round(
                    1000 * (120 + 120 * random.nextDouble()))));
        }
        for (int i = 0; i < 20; i++) {
            learner.observe(JobRef.of("r" + i, "ship"), null, Duration.ofSeconds(140 + 5 * i), Duration.ofSeconds(5));
        }
        double[] total = learner.range(SHIP, null, 0.005, false);
        double[] run = learner.range(SHIP, null, 0.005, true);
        assertEquals(total[0] - 5, run[0], 1e-9, "the durations' low end " + total[0] + " less the 5 s wait");
        assertTrue(run[0] < 121, "" + run[0]);
    }

    @Test
    void whatOperatorsSeeIncludesTheRunTimeWhereStartsAreDated() {
        DurationLearner.Learned withStarts = learnedWithStarts().learned().get(0);
        assertEquals(30, withStarts.jobs());
        assertEquals(30, withStarts.runJobs());
        assertTrue(withStarts.runP50() > 300 && withStarts.runP50() < 330, "run p50 " + withStarts.runP50());
        assertTrue(withStarts.p50() > withStarts.runP50(), "the duration from submit includes the wait");

        DurationLearner noStarts = new DurationLearner("SateAIs", DurationFeatures.NONE);
        noStarts.observe(SHIP, null, Duration.ofSeconds(600));
        DurationLearner.Learned without = noStarts.learned().get(0);
        assertEquals(0, without.runJobs());
        assertTrue(Double.isNaN(without.runP50()), "no run time is shown where none is learned");
    }

    @Test
    void aJobWithoutAStartTeachesOnlyItsDuration() {
        DurationLearner learner = new DurationLearner("SateAIs", DurationFeatures.NONE);
        learner.observe(JobRef.of("a", "ship"), null, Duration.ofSeconds(600));
        learner.observe(JobRef.of("b", "ship"), null, Duration.ofSeconds(600), null);
        // a start after the end (clocks that disagree) is no run time
        learner.observe(JobRef.of("c", "ship"), null, Duration.ofSeconds(600), Duration.ofSeconds(601));
        assertEquals(3, learner.samples(SHIP, null));
        assertEquals(0, learner.runSamples(SHIP, null));
        assertNull(learner.range(SHIP, null, 0.005, true));
    }

    @Test
    void runTimesAsMultiplesOfTheVendorsEstimate() {
        DurationFeatures byEstimate = (job, snapshot) -> JobFeatures
                .ofEstimate(Double.parseDouble(job.attributes().get("estimate")));
        DurationLearner learner = new DurationLearner("Pixxel", byEstimate);
        for (int i = 0; i < 30; i++) {
            double estimate = 100 + 30 * i;
            // queued 50 s, then ran exactly its estimate
            learner.observe(new JobRef("j" + i, null, java.util.Map.of("estimate", String.valueOf(estimate))), null,
                    Duration.ofSeconds(Math.round(50 + estimate)), Duration.ofSeconds(50));
        }
        double[] run = learner.range(new JobRef("k", null, java.util.Map.of("estimate", "1000")), null, 0.005, true);
        assertTrue(run[0] > 950 && run[1] < 1050, "about the estimate: " + run[0] + ".." + run[1]);
    }

    @Test
    void theRunTimesSurviveASave() {
        DurationLearner learner = learnedWithStarts();
        DurationLearner restored = new DurationLearner("SateAIs", DurationFeatures.NONE);
        restored.restore(learner.toBytes());
        assertEquals(30, restored.samples(SHIP, null));
        assertEquals(30, restored.runSamples(SHIP, null));
        assertEquals(learner.range(SHIP, null, 0.005, true)[1], restored.range(SHIP, null, 0.005, true)[1], 1e-9);
    }

    @Test
    void aValueSavedBeforeRunTimesStillRestoresWithNone() {
        DurationLearner learner = new DurationLearner("SateAIs", DurationFeatures.NONE);
        learner.restore(Base64.getDecoder().decode(FORMAT_1));
        assertEquals(25, learner.samples(SHIP, null));
        assertEquals(0, learner.runSamples(SHIP, null));
        double[] total = learner.range(SHIP, null);
        assertTrue(total[0] > 690 && total[1] < 990, "720 to 960 s: " + total[0] + ".." + total[1]);
        // it learns run times from there on, and saves them in the new format
        learner.observe(JobRef.of("n", "ship"), null, Duration.ofSeconds(800), Duration.ofSeconds(100));
        DurationLearner again = new DurationLearner("SateAIs", DurationFeatures.NONE);
        again.restore(learner.toBytes());
        assertEquals(26, again.samples(SHIP, null));
        assertEquals(1, again.runSamples(SHIP, null));
    }

    @Test
    void aValueOfAnotherKindIsRefusedNamingTheFix() {
        DurationLearner learner = learnedWithStarts();
        byte[] bytes = learner.toBytes();
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> learner.restore(longer));
        assertTrue(e.getMessage().contains("delete it"), e.getMessage());
        assertEquals(30, learner.runSamples(SHIP, null), "nothing changed");
    }
}
