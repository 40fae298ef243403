package dev.asyncjobs.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.asyncjobs.engine.JobRef;
import dev.asyncjobs.engine.learn.PollSimulation.SimJob;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The helpers behind P1's figures: the warm-up pause, the oracle bound and the sweep over seeds. */
class PollingBenchmarkTest {

    @Test
    void measuredJobsAreSubmittedOnceTheWarmupsJobsHaveEndedKeepingTheirSpacing() {
        List<SimJob> jobs = PollingBenchmark.uniform(7, 200, "spiderSite", 1, 120, 240);
        List<SimJob> shifted = PollingBenchmark.afterWarmup(jobs);

        double warmupEnds = jobs.subList(0, PollingBenchmark.WARMUP).stream()
                .mapToDouble(j -> j.submitAt() + j.duration()).max().orElseThrow();
        assertEquals(warmupEnds, shifted.get(PollingBenchmark.WARMUP).submitAt(), 1e-9);
        for (int i = 0; i < jobs.size(); i++) {
            assertEquals(jobs.get(i).duration(), shifted.get(i).duration());
            if (i < PollingBenchmark.WARMUP) {
                assertEquals(jobs.get(i).submitAt(), shifted.get(i).submitAt());
            } else if (i > PollingBenchmark.WARMUP) {
                assertEquals(1.0, shifted.get(i).submitAt() - shifted.get(i - 1).submitAt(), 1e-9);
            }
        }
    }

    @Test
    void theSweepsFirstSeedIsTheTablesRunAndTheOthersDrawOtherDurations() {
        List<PollingBenchmark.Sweep> sweep = PollingBenchmark.sweep(300, 5, 2);
        List<PollingBenchmark.Case> cases = PollingBenchmark.cases(300, 5);
        assertEquals(cases.size(), sweep.size());
        PollingBenchmark.Row spider = PollingBenchmark.run(cases.get(1));
        PollingBenchmark.Sweep spiderSweep = sweep.get(1);
        assertEquals(cases.get(1).name(), spiderSweep.name());
        assertEquals(spider.requestRatio(), spiderSweep.requestRatios()[0][0], 1e-12);
        assertEquals(spider.p95TargetRequestRatio(), spiderSweep.requestRatios()[1][0], 1e-12);
        assertEquals(spider.p95TargetP95Ratio(), spiderSweep.p95Ratios()[1][0], 1e-12);
        assertTrue(spiderSweep.requestRatios()[0][0] != spiderSweep.requestRatios()[0][1], "another seed, other jobs");
        // a p95 target spends on requests what the default keeps as a stronger promise
        assertTrue(spider.p95TargetRequestRatio() < spider.requestRatio(), spider.toString());
        int met = spiderSweep.met(1, 1.0);
        assertEquals((int) java.util.stream.IntStream.range(0, 2)
                .filter(i -> spiderSweep.p95Ratios()[1][i] <= 1).count(), met, "with no bound on requests, the p95 decides");
    }

    @Test
    void jobsThatAllTakeAsLongNeedOneRequestEach() {
        List<SimJob> jobs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            jobs.add(new SimJob(JobRef.of("j" + i, "t"), i, 100));
        }
        assertEquals(1.0, PollingBenchmark.bestOfShape(jobs, 2.85), 1e-9);
    }

    @Test
    void durationsSpreadEvenlyAreBoundByTheScheduleThatSeesTheFastestFivePercentLate() {
        // 2-4 min, the limit fixed polling every 3 s gives (p95 2.85 s): skipping the first 6 s of the window and
        // polling every 2.85 s after it is the cheapest, 19.5 requests a job (fixed polling: 60.5)
        List<SimJob> jobs = PollingBenchmark.uniform(11, 20_000, "spiderSite", 1, 120, 240);
        double best = PollingBenchmark.bestOfShape(jobs, 2.85);
        assertTrue(best > 19.3 && best < 19.8, "requests per job: " + best);
    }
}
