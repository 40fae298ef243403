package dev.asyncjobs.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.learn.PollSimulation;
import dev.asyncjobs.engine.learn.PollSimulation.SimJob;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The helpers behind P1's figures: the warm-up pause, the oracle bound and the sweep over seeds. */
class PollingBenchmarkTest {

    @Test
    void measuredJobsAreSubmittedOnceTheWarmupsJobsHaveEndedKeepingTheirSpacing() {
        List<SimJob> jobs = PollingBenchmark.uniform(7, 200, "spiderSite", 1, 120, 240, 5);
        List<SimJob> shifted = PollingBenchmark.afterWarmup(jobs);

        double warmupEnds = jobs.subList(0, PollingBenchmark.WARMUP).stream()
                .mapToDouble(j -> j.submitAt() + j.duration()).max().orElseThrow();
        assertEquals(warmupEnds, shifted.get(PollingBenchmark.WARMUP).submitAt(), 1e-9);
        for (int i = 0; i < jobs.size(); i++) {
            assertEquals(jobs.get(i).duration(), shifted.get(i).duration());
            assertEquals(5, shifted.get(i).queued(), "still queued as long");
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
        assertEquals(spider.noFilterRequestRatio(), spiderSweep.figure(PollingBenchmark.Row::noFilterRequestRatio)[0],
                1e-12);
        assertEquals(spider.terminalRequestRatio(), spiderSweep.figure(PollingBenchmark.Row::terminalRequestRatio)[0],
                1e-12);
        assertEquals(spider.p95TargetP95Ratio(), spiderSweep.figure(PollingBenchmark.Row::p95TargetP95Ratio)[0], 1e-12);
        double[] ratios = spiderSweep.figure(PollingBenchmark.Row::terminalRequestRatio);
        assertTrue(ratios[0] != ratios[1], "another seed, other jobs");
        // a p95 target spends on requests what the default keeps as a stronger promise
        assertTrue(spider.p95TargetRequestRatio() < spider.terminalRequestRatio(), spider.toString());
        assertEquals((int) spiderSweep.rows().stream().filter(r -> r.terminalP95Ratio() <= 1).count(),
                spiderSweep.met(r -> r.terminalP95Ratio() <= 1));
    }

    @Test
    void theColdStartIsTheFirstJobsAsSubmittedWithoutTheWarmUpsPause() {
        PollingBenchmark.Case sateais = PollingBenchmark.cases(300, 5).get(0);
        PollingBenchmark.Row row = PollingBenchmark.run(sateais);
        for (PollSimulation.Result cold : List.of(row.coldFixed(), row.coldNoFilter(), row.coldTerminal())) {
            assertEquals(PollingBenchmark.COLD_JOBS, cold.jobs());
        }
        PollSimulation.Result all = PollSimulation.run(sateais.vendor(), sateais.jobs(), sateais.snapshots(), 0);
        assertArrayEquals(java.util.Arrays.copyOf(all.requests(), PollingBenchmark.COLD_JOBS), row.coldFixed().requests());
        // the first job ends before 20 jobs have: it is polled as fixed polling polls it under both plans
        assertEquals(row.coldFixed().requests()[0], row.coldTerminal().requests()[0]);
        assertEquals(row.coldFixed().requests()[0], row.coldNoFilter().requests()[0]);
    }

    @Test
    void jobsQueuedLongerThanTheFirstPollAreSeenQueuedThenRunning() {
        // SateAIs: 2 min pending, a first request after 5 min: every job is seen running, never pending; the
        // no-filter plan's first request is the vendor's, so it too sees each job running before its end
        PollingBenchmark.Case sateais = PollingBenchmark.cases(300, 5).get(0);
        PollingBenchmark.Row row = PollingBenchmark.run(sateais);
        assertEquals(row.fixed().jobs(), row.fixed().seenRunning());
        SimJob job = new SimJob(dev.asyncjobs.engine.spi.JobRef.of("plotted", "ship"), 0, 920, 120);
        String plot = PollingBenchmark.plot(sateais, job, 15);
        String noFilter = plot.lines().filter(l -> l.startsWith("no filter")).findFirst().orElseThrow();
        assertEquals(20, noFilter.indexOf('R') - "no filter     ".length(), plot); // 300 s / 15 s
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
        List<SimJob> jobs = PollingBenchmark.uniform(11, 20_000, "spiderSite", 1, 120, 240, 5);
        double best = PollingBenchmark.bestOfShape(jobs, 2.85);
        assertTrue(best > 19.3 && best < 19.8, "requests per job: " + best);
    }
}
