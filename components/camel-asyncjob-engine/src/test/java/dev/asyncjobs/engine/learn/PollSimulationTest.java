package dev.asyncjobs.engine.learn;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.learn.PollSimulation.Result;
import dev.asyncjobs.engine.learn.PollSimulation.SimJob;
import dev.asyncjobs.engine.learn.PollSimulation.Snapshots;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulation's own bookkeeping: requests, detection delays, and whether a request saw a queued job running. */
class PollSimulationTest {

    static final PollPolicy EVERY_3S = PollPolicy.fixed(Map.of(), Duration.ofSeconds(3), Duration.ofSeconds(3),
            Duration.ZERO);

    @Test
    void aQueuedJobAnswersQueuedThenRunningThenDone() {
        SimJob job = new SimJob(JobRef.of("j", "crawl"), 0, 20, 5);
        assertEquals(JobPhase.QUEUED, Snapshots.REPORTING.at(job, 0, false).phase());
        assertEquals(JobPhase.QUEUED, Snapshots.PLAIN.at(job, 4.9, false).phase());
        assertEquals(JobPhase.RUNNING, Snapshots.PLAIN.at(job, 5, false).phase());
        assertEquals(JobPhase.SUCCEEDED, Snapshots.REPORTING.at(job, 20, true).phase());
        assertEquals(20.0, Snapshots.REPORTING.at(job, 20, true).vendorHeaders().get(PollSimulation.DURATION_HEADER));
    }

    @Test
    void aJobIsNeitherQueuedLongerThanItLastsNorForANegativeTime() {
        JobRef ref = JobRef.of("j", "crawl");
        assertThrows(IllegalArgumentException.class, () -> new SimJob(ref, 0, 10, 11));
        assertThrows(IllegalArgumentException.class, () -> new SimJob(ref, 0, 10, -1));
        assertEquals(0, new SimJob(ref, 0, 10).queued(), "the three-value job runs from its submit");
    }

    @Test
    void eachJobCountsWhetherARequestSawItRunning() {
        List<SimJob> jobs = List.of(
                // polled at 3 (queued), 6 (running), 9, 12 (done): seen running, 4 requests, seen 2 s after its end
                new SimJob(JobRef.of("a", "crawl"), 0, 10, 5),
                // polled at 3 (queued), 6 (done): never seen running
                new SimJob(JobRef.of("b", "crawl"), 100, 5.5, 5),
                // never queued, polled at 3 (running), 6 (done)
                new SimJob(JobRef.of("c", "crawl"), 200, 4));
        Result all = PollSimulation.run(EVERY_3S, jobs, Snapshots.PLAIN, 0);

        assertArrayEquals(new int[] { 4, 2, 2 }, all.requests());
        assertArrayEquals(new double[] { 2, 0.5, 2 }, all.delays(), 1e-9);
        assertArrayEquals(new boolean[] { true, false, true }, all.sawRunning());
        assertEquals(2, all.seenRunning());

        Result afterWarmup = PollSimulation.run(EVERY_3S, jobs, Snapshots.PLAIN, 1);
        assertArrayEquals(new boolean[] { false, true }, afterWarmup.sawRunning(), "the warm-up's job is left out");

        Result first = all.first(2);
        assertEquals(2, first.jobs());
        assertArrayEquals(new int[] { 4, 2 }, first.requests());
        assertEquals(1, first.seenRunning());
        assertEquals(3, all.first(5).jobs(), "no more jobs than counted");
        assertEquals(0, new Result(1, new int[] { 1 }, new double[] { 0 }).seenRunning(),
                "a result built without them counts none");
    }

    @Test
    void aPolicyThatNeverLetsTimePassIsReportedNotLoopedOn() {
        PollPolicy atOnce = new PollPolicy() {
            @Override
            public Duration firstPollDelay(JobRef job) {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration nextPollDelay(JobRef job, dev.asyncjobs.engine.spi.JobSnapshot latest) {
                return Duration.ZERO;
            }
        };
        PollSimulation.Spinning spinning = assertThrows(PollSimulation.Spinning.class, () -> PollSimulation.run(atOnce,
                List.of(new SimJob(JobRef.of("spun", "crawl"), 0, 10)), Snapshots.PLAIN, 0));
        assertTrue(spinning.getMessage().contains("spun"), spinning.getMessage());
    }
}
