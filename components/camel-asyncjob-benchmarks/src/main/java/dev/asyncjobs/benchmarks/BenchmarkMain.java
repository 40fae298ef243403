package dev.asyncjobs.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.asyncjobs.engine.learn.PollSimulation;

/**
 * Runs the benchmarks and prints each figure as a ratio against a baseline measured in the same run, as a Markdown
 * table (also written to {@code target/benchmark-results.md}).
 * <p>
 * System properties: {@code bench.quick=true} runs tiny sizes and short windows, to check that the harness works (its
 * figures mean nothing); {@code bench.only=P1,P2,P3,S8,S9} picks benchmarks (S9: issue 8's push-to-exchange latency; S8: issue 8's write cost per transition,
 * of the store {@code bench.store} names); {@code bench.concurrency} (default 4) is the
 * component's {@code maxConcurrentPolls} and the baselines' thread count; {@code bench.jobs} (default
 * {@code 10000,100000}) the tracked job counts of P2; {@code bench.componentOptions} (default
 * {@code &pollInterval=100ms&firstPollDelay=0s}) more options of the component's URI;
 * {@code bench.warmupMillis} and {@code bench.measureMillis} the windows of P2/P3 runs; {@code bench.rounds} (3, quick 1)
 * how many interleaved rounds of the three P2/P3 runs, whose median ratios are the figures; {@code bench.pairs} (10, quick
 * 2) and {@code bench.warmupPairs} (4, quick 1) the measured and the warm-up pairs of P2 in alternation.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public static void main(String[] args) throws Exception {
        // the JDK's HttpServer writes headers and body apart: without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms
        // to every answer and every run measures that instead of the client
        System.setProperty("sun.net.httpserver.nodelay", "true");
        boolean quick = Boolean.getBoolean("bench.quick");
        String only = System.getProperty("bench.only", "P1,P2,P3,S8,S9");
        int concurrency = Integer.getInteger("bench.concurrency", 4);
        StringBuilder out = new StringBuilder();
        out.append("# Benchmark results\n\n").append(quick ? "QUICK MODE: checks the harness only; figures mean nothing.\n\n" : "")
                .append("Run ").append(Instant.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, Java ").append(System.getProperty("java.version")).append(".\n\n");
        List<String> failures = new ArrayList<>();

        if (only.contains("P1")) {
            int jobs = quick ? 200 : 3000;
            p1(out, failures, jobs, Integer.getInteger("bench.p1Seeds", quick ? 2 : 20));
        }

        if (only.contains("P2") || only.contains("P3")) {
            int[] sizes = quick ? new int[] { 200, 1000 } : parse(System.getProperty("bench.jobs", "10000,100000"));
            long warmup = Long.getLong("bench.warmupMillis", quick ? 500 : 5000);
            long measure = Long.getLong("bench.measureMillis", quick ? 1000 : 15000);
            int rounds = Integer.getInteger("bench.rounds", quick ? 1 : 3);
            String options = System.getProperty("bench.componentOptions",
                    "&pollInterval=100ms&firstPollDelay=0s");
            try (StubServer server = new StubServer(4)) {
                ThroughputBenchmark bench = new ThroughputBenchmark(server, concurrency, warmup, measure, options);
                out.append("## P2 / P3: the component vs a plain HttpClient loop, a bare HttpClient + Jackson loop and a "
                        + "hand-written route\n\n")
                        .append("Same stub server on loopback (JDK HttpServer, 4 threads), concurrency ")
                        .append(concurrency).append(", every job always due; ").append(warmup / 1000.0)
                        .append(" s warm-up (the component's starts once every job's first status was emitted), ").append(measure / 1000.0).append(" s measured. Component URI options: `")
                        .append("maxConcurrentPolls=").append(concurrency).append(options).append("`. CPU per check is ")
                        .append("marginal: the client's CPU between the end of each run's warm-up and the end of its ")
                        .append("window, over the checks in between (start-up is in both readings and cancels out).\n\n")
                        .append("| tracked jobs | round | run | status checks/s | **rate ratio** | client CPU µs/check "
                                + "| **CPU ratio** | CPU ratio to the hand-written route "
                                + "| allocated bytes/check | threads added | heap bytes/tracked job |\n"
                                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
                // JIT warm-up of the client code paths, so the first measured run is not the coldest
                if (!quick) {
                    bench.plainApacheLoop(sizes[0]);
                    bench.bareJacksonLoop(sizes[0]);
                    bench.handWrittenRoute(sizes[0]);
                    bench.component(sizes[0]);
                }
                List<String> medians = new ArrayList<>();
                List<String> alternations = new ArrayList<>();
                int pairs = Integer.getInteger("bench.pairs", quick ? 2 : 10);
                int warmupPairs = Integer.getInteger("bench.warmupPairs", quick ? 1 : 4);
                long slice = Long.getLong("bench.sliceMillis", quick ? 500 : 3000);
                for (int jobs : sizes) {
                    List<Double> rateRatios = new ArrayList<>();
                    List<Double> cpuRatios = new ArrayList<>();
                    List<Double> handRatios = new ArrayList<>();
                    List<Double> heaps = new ArrayList<>();
                    List<Double> firstPasses = new ArrayList<>();
                    // rounds interleave the four runs, so a burst of load elsewhere on the machine hits one round,
                    // not one run: the median of the rounds' ratios is the figure
                    for (int round = 1; round <= rounds; round++) {
                        ThroughputBenchmark.Run plain = bench.plainApacheLoop(jobs);
                        ThroughputBenchmark.Run bare = bench.bareJacksonLoop(jobs);
                        ThroughputBenchmark.Run hand = bench.handWrittenRoute(jobs);
                        ThroughputBenchmark.Run component = bench.component(jobs);
                        rateRatios.add(component.rate() / plain.rate());
                        cpuRatios.add(component.cpuMicrosPerCheck() / bare.cpuMicrosPerCheck());
                        handRatios.add(component.cpuMicrosPerCheck() / hand.cpuMicrosPerCheck());
                        heaps.add(component.heapPerJob());
                        firstPasses.add(component.firstPassSeconds());
                        for (ThroughputBenchmark.Run r : List.of(plain, bare, hand, component)) {
                            String rate = r == plain ? "1 (baseline P2)" : fmt(r.rate() / plain.rate()) + " of plain";
                            String cpu = r == bare ? "1 (baseline P3)" : fmt(r.cpuMicrosPerCheck() / bare.cpuMicrosPerCheck()) + " of bare";
                            String toHand = r == hand ? "1" : fmt(r.cpuMicrosPerCheck() / hand.cpuMicrosPerCheck());
                            out.append(String.format(Locale.ROOT, "| %,d | %d | %s | %,.0f | %s | %.1f | %s | %s | %,.0f | %d | %.0f |%n",
                                    jobs, round, r.name(), r.rate(), rate, r.cpuMicrosPerCheck(), cpu, toHand,
                                    r.bytesPerCheck(), r.extraThreads(), r.heapPerJob()));
                            if (!(r.rate() > 0)) {
                                failures.add("P2 " + r.name() + " at " + jobs + " jobs: no status checks");
                            }
                        }
                    }
                    medians.add(String.format(Locale.ROOT, "| %,d | %d | **%.3f** of the plain Apache HttpClient loop (rounds %s) "
                            + "| **%.3f** of the bare HttpClient + Jackson loop's (rounds %s) | %.3f of the hand-written route's | %.0f "
                            + "| %.1f |%n",
                            jobs, rounds, median(rateRatios), range(rateRatios), median(cpuRatios), range(cpuRatios),
                            median(handRatios), median(heaps), median(firstPasses)));
                    ThroughputBenchmark.Alternation alternation = bench.alternating(jobs, warmupPairs, pairs, slice);
                    List<Double> turns = alternation.measured();
                    alternations.add(String.format(Locale.ROOT, "| %,d | %d | **%.3f** | %s | %s |%n", jobs,
                            turns.size(), median(turns), range(turns), listed(alternation.warmup())));
                    if (turns.stream().anyMatch(r -> !(r > 0))) {
                        failures.add("P2 in alternation at " + jobs + " jobs: a turn with no status checks");
                    }
                }
                out.append("\nMedians over the rounds (the figures to quote):\n\n")
                        .append("| tracked jobs | rounds | P2 rate | P3 CPU per check | P3 beside: CPU per check "
                                + "| P2 heap bytes/tracked job | P2 first pass: s until every job's first status was emitted |\n"
                                + "|---|---|---|---|---|---|---|\n");
                medians.forEach(out::append);
                out.append("\nP2 in alternation: in one JVM, the component (its route started, every job's first status ")
                        .append("emitted) and the plain Apache HttpClient loop take turns of ").append(slice / 1000.0)
                        .append(" s on the same server, the order swapped every pair; each pair gives the ratio of ")
                        .append("their rates, so a burst of load elsewhere hits both sides of a pair. The first ")
                        .append(warmupPairs).append(" pairs warm the switching (the JIT compiles again what the other ")
                        .append("side's turns and the route's stops and starts made it drop) and are listed, not ")
                        .append("measured:\n\n")
                        .append("| tracked jobs | pairs | P2 rate ratio, median of the pairs | pairs' range "
                                + "| warm-up pairs, in order |\n")
                        .append("|---|---|---|---|---|\n");
                alternations.forEach(out::append);
                out.append('\n');
            }
        }

        if (only.contains("S8")) {
            String store = System.getProperty("bench.store", "dev.asyncjobs.engine.store.InMemoryJobStore");
            String[] sizes = quick ? new String[] { "100", "1000" } : new String[] { "1000", "10000", "100000" };
            out.append("## S8 (issue 8): write cost per transition by tracked jobs (JMH)\n\nStore `").append(store)
                    .append("`; JMH, average time per durable cursor commit, ")
                    .append(quick ? "one fork, one short iteration (quick mode)" : "two forks of five 1 s iterations after three 1 s warm-ups")
                    .append(".\n\n| tracked jobs | µs/transition | error (99.9%) | **ratio to ").append(sizes[0])
                    .append(" jobs** |\n|---|---|---|---|\n");
            Map<Integer, org.openjdk.jmh.util.Statistics> bySize = storeTransitions(store, sizes, quick);
            double base = Double.NaN;
            for (String size : sizes) {
                org.openjdk.jmh.util.Statistics st = bySize.get(Integer.parseInt(size));
                double micros = st == null ? Double.NaN : st.getMean();
                if (Double.isNaN(base)) {
                    base = micros;
                }
                out.append(String.format(Locale.ROOT, "| %,d | %.2f | %s | **%.2f** |%n", Integer.parseInt(size), micros,
                        st == null || st.getN() < 2 ? "-" : String.format(Locale.ROOT, "±%.2f", st.getMeanErrorAt(0.999)),
                        micros / base));
                if (!(micros > 0)) {
                    failures.add("S8 at " + size + " jobs: no time measured");
                }
            }
            out.append('\n');
        }

        if (only.contains("S9")) {
            int samples = quick ? 20 : 300;
            PushLatencyBenchmark.Result r = PushLatencyBenchmark.run(samples);
            out.append("## S9 (issue 8): push to exchange, default settings, loopback\n\n")
                    .append(samples).append(" pushes (`tracker.expedite`, what the Plangrep webhook receiver calls), each")
                    .append(" after changing the job's status on the stub; baseline: one plain status request.\n\n")
                    .append("| | p50 ms | p99 ms |\n|---|---|---|\n")
                    .append(String.format(Locale.ROOT, "| push -> exchange | %.2f | %.2f |%n", r.p50() / 1e3, r.p99() / 1e3))
                    .append(String.format(Locale.ROOT, "| plain request (baseline) | %.2f | %.2f |%n", r.baselineP50() / 1e3,
                            r.baselineP99() / 1e3))
                    .append(String.format(Locale.ROOT, "| **ratio** | **%.2f** | **%.2f** |%n%n", r.p50() / r.baselineP50(),
                            r.p99() / r.baselineP99()));
            if (!(r.p99() > 0)) {
                failures.add("S9: no latency measured");
            }
        }

        String text = out.toString();
        System.out.println(text);
        Path file = Path.of(System.getProperty("bench.output", "target/benchmark-results.md"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
            System.out.println("written to " + file.toAbsolutePath());
        } catch (IOException e) {
            System.out.println("could not write " + file + ": " + e.getMessage());
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the benchmark harness did not work: " + failures);
        }
    }

    /**
     * P1 as issue 19 asks, every figure on the same seeded jobs: fixed polling, a subscriber with no filter and a
     * terminal-only one after warm-up, and the first jobs of a cold start; then the same over more seeds.
     */
    private static void p1(StringBuilder out, List<String> failures, int jobs, int seeds) {
        long seed = 20261129L;
        out.append("## P1: learned polling vs the vendor's fixed polling (simulated time, ").append(jobs)
                .append(" jobs per vendor; after warm-up: the first ").append(PollingBenchmark.WARMUP)
                .append(" left out, the others submitted once those ended; cold start: the first ")
                .append(PollingBenchmark.COLD_JOBS).append(" jobs, nothing learned yet)\n\n")
                .append("| vendor | job durations | fixed: requests/job | fixed: p95 detection | fixed: jobs seen running (by a request, or the submit answer) "
                        + "| no filter: **requests ratio** | no filter: **p95 ratio** | no filter: **jobs seen running** (same) "
                        + "| terminal-only: **requests ratio** | terminal-only: **p95 ratio** "
                        + "| cold start: fixed p95 | cold start: no filter **p95 ratio** "
                        + "| cold start: terminal-only **p95 ratio** |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder more = new StringBuilder()
                .append("| vendor | jobs a status request saw running: fixed, no filter, terminal-only "
                        + "| no filter: requests/job | terminal-only: requests/job "
                        + "| p95 target (detectionDelayPercentile=95, terminal-only): **requests ratio** "
                        + "| p95 target: **p95 ratio** | best of the shape, durations known (terminal-only) |\n")
                .append("|---|---|---|---|---|---|---|\n");
        List<PollingBenchmark.Case> cases = PollingBenchmark.cases(jobs, seed);
        for (PollingBenchmark.Case c : cases) {
            PollingBenchmark.Row row = PollingBenchmark.run(c);
            out.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f s | %d of %d | **%s** | **%s** "
                    + "| %s of %d | **%s** | **%s** | %.2f s | **%s** | **%s** |%n",
                    c.name(), c.durations(), row.fixed().requestsPerJob(), row.fixed().delayPercentile(95),
                    row.knownRunning(row.fixed()), row.fixed().jobs(), ratio(row.noFilterRequestRatio()),
                    ratio(row.noFilterP95Ratio()), count(row.knownRunning(row.noFilter())), row.fixed().jobs(),
                    ratio(row.terminalRequestRatio()), ratio(row.terminalP95Ratio()),
                    row.coldFixed().delayPercentile(95), ratio(row.coldNoFilterP95Ratio()),
                    ratio(row.coldTerminalP95Ratio())));
            more.append(String.format(Locale.ROOT, "| %s | %d, %s, %s of %d | %s | %s | **%s** | **%s** | %s |%n",
                    c.name(), row.fixed().seenRunning(),
                    row.noFilter() == null ? "spun" : count(row.noFilter().seenRunning()),
                    row.terminalOnly() == null ? "spun" : count(row.terminalOnly().seenRunning()), row.fixed().jobs(),
                    row.noFilter() == null ? "spun" : String.format(Locale.ROOT, "%.2f", row.noFilter().requestsPerJob()),
                    row.terminalOnly() == null ? "spun"
                            : String.format(Locale.ROOT, "%.2f", row.terminalOnly().requestsPerJob()),
                    ratio(row.p95TargetRequestRatio()), ratio(row.p95TargetP95Ratio()),
                    Double.isNaN(row.bestShapeRatio()) ? "-" : fmt(row.bestShapeRatio())));
            if (!(row.fixed().requestsPerJob() > 0)) {
                failures.add("P1 " + c.name() + ": no requests counted");
            }
        }
        out.append("\nThe same runs, more figures:\n\n").append(more).append('\n');

        // one seed's durations are one sample: the same runs over more seeds show how far that alone moves them
        out.append("The same runs over ").append(seeds).append(" seeds (the first the table's): requests ratio mean "
                + "[min, max], the highest p95 ratio, and the seeds that met issue 19's figure (no filter: at most 1/2 "
                + "of fixed polling's requests, p95 no worse, running known in as many jobs; terminal-only: at most 1/3, "
                + "1/10 for Pixxel, p95 no worse; cold start: p95 no worse):\n\n")
                .append("| vendor | no filter: requests ratio | no filter: highest p95 ratio "
                        + "| no filter: seeds seeing running in as many jobs | no filter: seeds met "
                        + "| terminal-only: requests ratio | terminal-only: highest p95 ratio | terminal-only: seeds met "
                        + "| p95 target: requests ratio | p95 target: highest p95 ratio | p95 target: seeds met "
                        + "| cold start: highest p95 ratio (no filter, terminal-only) | cold start: seeds met |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<String> coldMisses = new ArrayList<>();
        for (PollingBenchmark.Sweep sweep : PollingBenchmark.sweep(jobs, seed, seeds)) {
            for (int k = 0; k < sweep.rows().size(); k++) {
                PollingBenchmark.Row r = sweep.rows().get(k);
                if (!(r.coldNoFilterP95Ratio() <= 1 && r.coldTerminalP95Ratio() <= 1)) {
                    coldMisses.add(String.format(Locale.ROOT, "%s, seed %d: fixed polling's p95 %.2f s, no filter "
                            + "%.2f s, terminal-only %.2f s", sweep.name(), seed + 7919L * k,
                            r.coldFixed().delayPercentile(95), r.coldNoFilterP95Ratio() * r.coldFixed().delayPercentile(95),
                            r.coldTerminalP95Ratio() * r.coldFixed().delayPercentile(95)));
                }
            }
            out.append(String.format(Locale.ROOT,
                    "| %s | %s | %s | %d of %d | %d of %d | %s | %s | %d of %d | %s | %s | %d of %d | %s, %s | %d of %d |%n",
                    sweep.name(), spread(sweep.figure(PollingBenchmark.Row::noFilterRequestRatio)),
                    ratio(max(sweep.figure(PollingBenchmark.Row::noFilterP95Ratio))),
                    sweep.met(r -> r.knownRunning(r.noFilter()) >= r.knownRunning(r.fixed())), seeds,
                    sweep.met(PollingBenchmark.Row::noFilterMet), seeds,
                    spread(sweep.figure(PollingBenchmark.Row::terminalRequestRatio)),
                    ratio(max(sweep.figure(PollingBenchmark.Row::terminalP95Ratio))),
                    sweep.met(PollingBenchmark.Row::terminalMet), seeds,
                    spread(sweep.figure(PollingBenchmark.Row::p95TargetRequestRatio)),
                    ratio(max(sweep.figure(PollingBenchmark.Row::p95TargetP95Ratio))),
                    sweep.met(r -> r.p95TargetRequestRatio() <= r.c().terminalRequestTarget()
                            && r.p95TargetP95Ratio() <= 1), seeds,
                    ratio(max(sweep.figure(PollingBenchmark.Row::coldNoFilterP95Ratio))),
                    ratio(max(sweep.figure(PollingBenchmark.Row::coldTerminalP95Ratio))),
                    sweep.met(r -> r.coldNoFilterP95Ratio() <= 1 && r.coldTerminalP95Ratio() <= 1), seeds));
        }
        out.append('\n');
        if (!coldMisses.isEmpty()) {
            out.append("Cold starts whose p95 was worse than fixed polling's on the same first ")
                    .append(PollingBenchmark.COLD_JOBS).append(" jobs:\n\n");
            coldMisses.forEach(m -> out.append("- ").append(m).append('\n'));
            out.append('\n');
        }
        if (!PollingBenchmark.SPINS.isEmpty()) {
            // "spun": the learned policy asked for a job again with no delay, over and over; say where, once a case
            out.append(PollingBenchmark.SPINS.size()).append(" learned runs above spun (\"spun\"; a seed's figures "
                    + "with a spun run count as not met): the policy asked for a job again with no delay more than "
                    + "1,000 times in a row, so simulated time stood still. The first of each case:\n\n");
            PollingBenchmark.SPINS.stream().collect(java.util.stream.Collectors.toMap(
                    m -> m.substring(0, m.indexOf(':')), m -> m, (a, b) -> a, java.util.LinkedHashMap::new))
                    .values().forEach(m -> out.append("- ").append(m).append('\n'));
            out.append('\n');
        }

        // one job's requests under the three plans, after the learned ones learned from the case's jobs
        out.append("One job's status requests (`|`), the first that saw it running (`R`), the one that saw its end "
                + "(`E`); the job queued (`-`), running (`=`), ended (`*`):\n\n```\n")
                .append(PollingBenchmark.plot(cases.get(0), new PollSimulation.SimJob(
                        dev.asyncjobs.engine.spi.JobRef.of("plotted", "ship"), 0, 15 * 60 + 20, 120), 15))
                .append('\n')
                .append(PollingBenchmark.plot(cases.get(1), new PollSimulation.SimJob(
                        dev.asyncjobs.engine.spi.JobRef.of("plotted", "spiderSite"), 0, 170, 5), 3))
                .append('\n')
                .append(PollingBenchmark.plot(cases.get(2), new PollSimulation.SimJob(new dev.asyncjobs.engine.spi.JobRef(
                        "plotted", null, Map.of("workflowId", "wf", "estimate", "600")), 0, 655, 0), 10))
                .append("```\n\n");
    }

    /** A ratio, or "spun" where the run's policy spun (NaN). */
    private static String ratio(double value) {
        return Double.isNaN(value) ? "spun" : fmt(value);
    }

    private static String count(int n) {
        return n < 0 ? "spun" : Integer.toString(n);
    }

    /** Mean [min, max]; NaN (a spun run) is left out of the mean and the range, and counted. */
    private static String spread(double[] values) {
        double[] ran = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]%s", java.util.Arrays.stream(ran).average().orElse(Double.NaN),
                java.util.Arrays.stream(ran).min().orElse(Double.NaN), max(ran),
                ran.length < values.length ? " (" + (values.length - ran.length) + " spun)" : "");
    }

    /** The highest value, not counting spun runs (NaN). */
    private static double max(double[] values) {
        return java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    /** The lowest to the highest of the rounds' ratios. */
    private static String range(List<Double> values) {
        return String.format(Locale.ROOT, "%.2f to %.2f", values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    }

    private static String listed(List<Double> values) {
        return values.isEmpty() ? "none"
                : String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
    }

    private static String fmt(double ratio) {
        return String.format(Locale.ROOT, "%.3f", ratio);
    }

    private static int[] parse(String list) {
        String[] parts = list.split(",");
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            sizes[i] = Integer.parseInt(parts[i].trim());
        }
        return sizes;
    }

    /**
     * Runs {@link StoreTransitionBenchmark} through JMH, in forked JVMs (unforked in quick mode): µs per transition by
     * tracked jobs. exec:java puts the classpath in a class loader, not in {@code java.class.path}, which JMH gives
     * its forks: it is copied there first.
     */
    private static Map<Integer, org.openjdk.jmh.util.Statistics> storeTransitions(String store, String[] sizes,
            boolean quick) throws Exception {
        if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader loader) {
            StringBuilder cp = new StringBuilder();
            for (java.net.URL url : loader.getURLs()) {
                cp.append(cp.length() == 0 ? "" : java.io.File.pathSeparator).append(Path.of(url.toURI()));
            }
            System.setProperty("java.class.path", cp.toString());
        }
        org.openjdk.jmh.runner.options.ChainedOptionsBuilder options = new org.openjdk.jmh.runner.options.OptionsBuilder()
                .include(StoreTransitionBenchmark.class.getName())
                .param("store", store)
                .param("jobs", sizes)
                .shouldFailOnError(true)
                .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT);
        if (quick) {
            options.forks(0).warmupIterations(1).warmupTime(org.openjdk.jmh.runner.options.TimeValue.milliseconds(100))
                    .measurementIterations(1).measurementTime(org.openjdk.jmh.runner.options.TimeValue.milliseconds(200));
        } else {
            options.forks(2).warmupIterations(3).warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                    .measurementIterations(5).measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1));
        }
        Map<Integer, org.openjdk.jmh.util.Statistics> bySize = new java.util.HashMap<>();
        for (org.openjdk.jmh.results.RunResult r : new org.openjdk.jmh.runner.Runner(options.build()).run()) {
            bySize.put(Integer.parseInt(r.getParams().getParam("jobs")), r.getPrimaryResult().getStatistics());
        }
        return bySize;
    }
}
