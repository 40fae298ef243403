package dev.asyncjobs.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * P2 and P3: the component following N tracked jobs against a stub server on loopback, and three baselines on the same
 * server with the same concurrency: a plain Apache HttpClient loop (P2), the same loop reading each answer with
 * Jackson (P3), and a hand-written timer + http + jackson route that keeps a map of last statuses (P3, beside).
 * Every job is always due, so each run shows the rate the client side sustains.
 * <p>
 * CPU per status check is marginal: each run is read at two lengths, at the end of its warm-up and at the end of its
 * window, both counted from before it started; the CPU between the two, over the status checks between the two, is
 * what one more check costs, and whatever the run spent starting (a Camel context, tracking N jobs, the JIT) is in
 * both readings and cancels out.
 * <p>
 * The component is driven as users drive it: a route {@code from("sateais:...")} and jobs put into tracking with the
 * producer's {@code track} operation, so this measures whatever engine is on the branch.
 */
final class ThroughputBenchmark {

    /** What one run measured. */
    record Run(String name, int jobs, double rate, double cpuMicrosPerCheck, double bytesPerCheck, int extraThreads,
            double heapPerJob, double firstPassSeconds) {
    }

    private static final long FIRST_PASS_LIMIT_NANOS = 600_000_000_000L;
    private static final String ROUTE = "follow";

    private final StubServer server;
    private final int concurrency;
    private final long warmupMillis;
    private final long measureMillis;
    private final String componentOptions;

    ThroughputBenchmark(StubServer server, int concurrency, long warmupMillis, long measureMillis,
            String componentOptions) {
        this.server = server;
        this.concurrency = concurrency;
        this.warmupMillis = warmupMillis;
        this.measureMillis = measureMillis;
        this.componentOptions = componentOptions;
    }

    /**
     * Warms up, then measures the request rate and the client's marginal CPU per request: the difference between the
     * run read at the end of its warm-up (the short run) and at the end of the window (the long run).
     */
    private Run window(String name, int jobs, int threadsBefore, long heapBefore) {
        return window(name, jobs, threadsBefore, heapBefore, Double.NaN);
    }

    private Run window(String name, int jobs, int threadsBefore, long heapBefore, double firstPassSeconds) {
        Measure.pause(warmupMillis);
        long r0 = server.requests();
        long c0 = Measure.clientCpuNanos();
        long a0 = Measure.clientAllocatedBytes();
        long t0 = System.nanoTime();
        Measure.pause(measureMillis);
        long r1 = server.requests();
        long c1 = Measure.clientCpuNanos();
        long a1 = Measure.clientAllocatedBytes();
        long t1 = System.nanoTime();
        int threads = Measure.threads() - threadsBefore;
        double heapPerJob = heapBefore < 0 ? Double.NaN : (double) (Measure.usedHeapAfterGc() - heapBefore) / jobs;
        long checks = Math.max(1, r1 - r0);
        return new Run(name, jobs, checks * 1e9 / (t1 - t0), (c1 - c0) / 1e3 / checks, (double) (a1 - a0) / checks,
                threads, heapPerJob, firstPassSeconds);
    }

    /** A status request of one job id, sent and answered on the calling thread. */
    @FunctionalInterface
    private interface StatusRequest {
        void send(String url) throws Exception;
    }

    /**
     * P3 baseline: the P2 loop reading each answer with Jackson, as the least any client that looks at the status does:
     * a bare HttpClient + Jackson loop, nothing kept.
     */
    Run bareJacksonLoop(int jobs) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        LongAdder running = new LongAdder();
        return apacheLoop("bare Apache HttpClient 5 + Jackson loop", jobs, body -> {
            if ("processing".equals(mapper.readTree(body).path("status").asText())) {
                running.increment();
            }
        });
    }

    /** What a loop does with an answer's body. */
    @FunctionalInterface
    private interface BodyReader {
        void read(byte[] body) throws Exception;
    }

    /**
     * P2 baseline: {@code concurrency} threads, each sending status requests back to back over the job ids with Apache
     * HttpClient 5 (classic, pooled): the HTTP library the component itself uses, so the ratio is the component's own
     * overhead and not the difference between two HTTP stacks.
     */
    Run plainApacheLoop(int jobs) throws Exception {
        return apacheLoop("plain Apache HttpClient 5 loop", jobs, body -> {
        });
    }

    private Run apacheLoop(String name, int jobs, BodyReader reader) throws Exception {
        try (org.apache.hc.client5.http.impl.classic.CloseableHttpClient http = pooledApacheClient()) {
            return loop(name, jobs, apacheRequest(http, reader));
        }
    }

    /** Apache HttpClient 5 (classic) with a pool of {@code concurrency} connections to the server. */
    private org.apache.hc.client5.http.impl.classic.CloseableHttpClient pooledApacheClient() {
        org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager connections
                = new org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager();
        connections.setMaxTotal(concurrency);
        connections.setDefaultMaxPerRoute(concurrency);
        return org.apache.hc.client5.http.impl.classic.HttpClients.custom().setConnectionManager(connections).build();
    }

    /** A status request through {@code http}, its body handed to {@code reader}. */
    private static StatusRequest apacheRequest(org.apache.hc.client5.http.impl.classic.CloseableHttpClient http,
                                               BodyReader reader) {
        return url -> {
            org.apache.hc.client5.http.classic.methods.HttpGet get
                    = new org.apache.hc.client5.http.classic.methods.HttpGet(url);
            get.setHeader("X-API-Key", StubServer.API_KEY);
            reader.read(http.execute(get,
                    response -> org.apache.hc.core5.http.io.entity.EntityUtils.toByteArray(response.getEntity())));
        };
    }

    /** {@code concurrency} threads sending status requests back to back over the job ids, measured over a window. */
    private Run loop(String name, int jobs, StatusRequest request) throws Exception {
        int threadsBefore = Measure.threads();
        long heapBefore = Measure.usedHeapAfterGc();
        String[] ids = ids(jobs);
        AtomicInteger next = new AtomicInteger();
        Thread[] threads = new Thread[concurrency];
        String base = server.baseUrl() + "/api/v1/jobs/";
        for (int i = 0; i < concurrency; i++) {
            threads[i] = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        request.send(base + ids[Math.floorMod(next.getAndIncrement(), ids.length)]);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // the measurement counts answered requests only
                    }
                }
            }, name + " " + i);
            threads[i].start();
        }
        try {
            return window(name, jobs, threadsBefore, heapBefore);
        } finally {
            for (Thread t : threads) {
                t.interrupt();
            }
            for (Thread t : threads) {
                t.join(5000);
            }
        }
    }

    /**
     * P3 baseline: what a user would write without the component. {@code concurrency} timer routes, each tick polling
     * the next jobs: GET, Jackson, compare with the last status kept in a map, and a transition count.
     */
    Run handWrittenRoute(int jobs) throws Exception {
        int threadsBefore = Measure.threads();
        long heapBefore = Measure.usedHeapAfterGc();
        String[] ids = ids(jobs);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool).build();
        ObjectMapper mapper = new ObjectMapper();
        Map<String, String> last = new ConcurrentHashMap<>();
        LongAdder transitions = new LongAdder();
        AtomicInteger next = new AtomicInteger();
        String base = server.baseUrl() + "/api/v1/jobs/";
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (int i = 0; i < concurrency; i++) {
                    from("timer:poll-" + i + "?period=1&delay=0").routeId("hand-written-" + i).process(e -> {
                        for (int k = 0; k < 50; k++) {
                            String id = ids[Math.floorMod(next.getAndIncrement(), ids.length)];
                            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + id))
                                    .header("X-API-Key", StubServer.API_KEY).GET().build(),
                                    HttpResponse.BodyHandlers.ofByteArray());
                            JsonNode job = mapper.readTree(r.body());
                            String status = job.path("status").asText();
                            if (!status.equals(last.put(id, status))) {
                                transitions.increment();
                            }
                        }
                    });
                }
            }
        });
        camel.start();
        try {
            return window("hand-written timer + http + jackson route", jobs, threadsBefore, heapBefore);
        } finally {
            camel.stop();
            pool.shutdownNow();
        }
    }

    /** The component: one consumer route, the jobs put into tracking with the producer's track operation. */
    Run component(int jobs) throws Exception {
        int threadsBefore = Measure.threads();
        try (Following following = follow(jobs)) {
            return window("component (sateais: consumer)", jobs, threadsBefore, following.heapBefore,
                    following.firstPassSeconds);
        }
    }

    /**
     * P2 in alternation: the component and the plain Apache HttpClient loop take turns of {@code sliceMillis} on the
     * same server, in one JVM, both warmed up; the component's route is stopped during the loop's turns (its follow
     * loop stops with its last subscriber) and started again for its own. Each pair of turns gives one rate ratio, the
     * order of the two turns swapped every pair so that a trend in the machine's load favours neither. A burst of load
     * elsewhere lasting seconds hits both turns of a pair, where it would hit one of two separate runs.
     * <p>
     * The first {@code warmupPairs} pairs warm the switching itself and are not measured: the first stops and starts
     * of the route, and the other side's turns through the HTTP code both share, take branches and types the JIT had
     * not seen, and the code it then compiles again runs slower until it is done. On P2 at 10,000 jobs, in the
     * component's first turn after the plain loop's, the JIT's threads took 14 µs of CPU per status check (0.4 µs in
     * a later turn), and the first four pairs gave 0.66 to 0.83 where the next twenty gave a median of 0.93.
     *
     * @return the rate ratio of each pair (component over plain loop), warm-up pairs and measured ones apart
     */
    Alternation alternating(int jobs, int warmupPairs, int pairs, long sliceMillis) throws Exception {
        List<Double> warmup = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        try (Following following = follow(jobs); GatedApacheLoop plain = new GatedApacheLoop(jobs)) {
            Measure.pause(warmupMillis);
            following.stop();
            // the harness's own check: with its route stopped, the component sends nothing (but requests in flight)
            long before = server.requests();
            Measure.pause(500);
            if (server.requests() - before > concurrency) {
                throw new IllegalStateException("the component kept polling with its route stopped: "
                        + (server.requests() - before) + " requests in 500 ms");
            }
            plain.turn(warmupMillis); // the loop's own warm-up
            for (int pair = 0; pair < warmupPairs + pairs; pair++) {
                double component;
                double loop;
                if (pair % 2 == 0) {
                    component = following.turn(sliceMillis);
                    loop = plain.turn(sliceMillis);
                } else {
                    loop = plain.turn(sliceMillis);
                    component = following.turn(sliceMillis);
                }
                (pair < warmupPairs ? warmup : ratios).add(component / loop);
            }
        }
        return new Alternation(warmup, ratios);
    }

    /** The rate ratios of an alternation: the warm-up pairs' (reported, not measured) and the measured pairs'. */
    record Alternation(List<Double> warmup, List<Double> measured) {
    }

    /** The component following N jobs, every job's first status emitted. */
    private Following follow(int jobs) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        // the stub has no rate limit: lift SateAIs' documented 10 requests/s, as the baselines know none either
        camel.getComponent("sateais", AsyncJobComponent.class).setRateLimitRequests(0);
        camel.getShutdownStrategy().setTimeout(10);
        String uri = "sateais:bench?apiKey=" + StubServer.API_KEY + "&baseUrl=" + server.baseUrl()
                + "&maxConcurrentPolls=" + concurrency + componentOptions;
        LongAdder exchanges = new LongAdder();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(ROUTE).process(e -> exchanges.increment());
            }
        });
        camel.start();
        try {
            // the consumer polls nothing yet: what the context and route hold is the baseline of heap
            long heapBefore = Measure.usedHeapAfterGc();
            long start = System.nanoTime();
            ProducerTemplate template = camel.createProducerTemplate();
            String track = uri + "&operation=track";
            for (String id : ids(jobs)) {
                template.sendBodyAndHeader(track, null, AsyncJobConstants.JOB_ID, id);
            }
            template.close();
            // the window measures following N jobs: it starts once every job's first status was emitted (at 100,000
            // jobs that first pass outlasts the warm-up, and its exchanges would be counted at one size, not the other)
            long deadline = start + FIRST_PASS_LIMIT_NANOS;
            while (exchanges.sum() < jobs && System.nanoTime() < deadline) {
                Measure.pause(10);
            }
            if (exchanges.sum() < jobs) {
                throw new IllegalStateException("the component emitted the first status of " + exchanges.sum() + " of "
                        + jobs + " jobs in " + FIRST_PASS_LIMIT_NANOS / 1_000_000_000L + " s");
            }
            return new Following(camel, heapBefore, (System.nanoTime() - start) / 1e9);
        } catch (Exception | Error e) {
            camel.stop();
            throw e;
        }
    }

    /** A started component following the jobs; its route can be stopped and started for turns. */
    private final class Following implements AutoCloseable {
        private final CamelContext camel;
        private final long heapBefore;
        private final double firstPassSeconds;

        Following(CamelContext camel, long heapBefore, double firstPassSeconds) {
            this.camel = camel;
            this.heapBefore = heapBefore;
            this.firstPassSeconds = firstPassSeconds;
        }

        void stop() throws Exception {
            camel.getRouteController().stopRoute(ROUTE);
        }

        /** Starts the route, counts the status checks answered over the slice, stops it: checks per second. */
        double turn(long sliceMillis) throws Exception {
            camel.getRouteController().startRoute(ROUTE);
            double rate = rateOver(sliceMillis);
            stop();
            return rate;
        }

        @Override
        public void close() {
            camel.stop();
        }
    }

    /** The plain Apache HttpClient loop of P2, its threads sending only during its turns. */
    private final class GatedApacheLoop implements AutoCloseable {
        private final org.apache.hc.client5.http.impl.classic.CloseableHttpClient http = pooledApacheClient();
        private final Thread[] threads = new Thread[concurrency];
        private final Object gate = new Object();
        private boolean open;

        GatedApacheLoop(int jobs) {
            StatusRequest request = apacheRequest(http, body -> {
            });
            String[] ids = ids(jobs);
            AtomicInteger next = new AtomicInteger();
            String base = server.baseUrl() + "/api/v1/jobs/";
            for (int i = 0; i < concurrency; i++) {
                threads[i] = new Thread(() -> {
                    while (true) {
                        try {
                            synchronized (gate) {
                                while (!open) {
                                    gate.wait();
                                }
                            }
                            request.send(base + ids[Math.floorMod(next.getAndIncrement(), ids.length)]);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            // the measurement counts answered requests only
                        }
                    }
                }, "plain Apache HttpClient 5 loop (alternating) " + i);
                threads[i].start();
            }
        }

        /** Opens the gate for the slice: checks per second. */
        double turn(long sliceMillis) {
            synchronized (gate) {
                open = true;
                gate.notifyAll();
            }
            try {
                return rateOver(sliceMillis);
            } finally {
                synchronized (gate) {
                    open = false;
                }
            }
        }

        @Override
        public void close() throws Exception {
            for (Thread t : threads) {
                t.interrupt();
            }
            for (Thread t : threads) {
                t.join(5000);
            }
            http.close();
        }
    }

    /** Status checks the server answered per second over the next {@code millis}. */
    private double rateOver(long millis) {
        long r0 = server.requests();
        long t0 = System.nanoTime();
        Measure.pause(millis);
        return (server.requests() - r0) * 1e9 / (System.nanoTime() - t0);
    }

    private static String[] ids(int jobs) {
        String[] ids = new String[jobs];
        for (int i = 0; i < jobs; i++) {
            ids[i] = "job_" + String.format("%08d", i);
        }
        return ids;
    }
}
