package dev.asyncjobs.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.follow.JobTracker;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Issue 8's third figure: how long a push (a webhook saying "job X changed", which the Plangrep consumer turns into
 * {@code tracker.expedite(jobId, floor)}) takes to become an exchange, with the consumer's default settings, on
 * loopback. Each sample changes one job's status on the stub server, pushes, and waits for its exchange; the baseline
 * is one plain status request of the same job to the same server, measured in the same run. The HTTP receipt of the
 * webhook itself (platform-http) is not part of it.
 */
final class PushLatencyBenchmark {

    private PushLatencyBenchmark() {
    }

    /** p50 and p99 in microseconds of push-to-exchange, and of the baseline request. */
    record Result(double p50, double p99, double baselineP50, double baselineP99, int samples) {
    }

    static Result run(int samples) throws Exception {
        try (StubServer server = new StubServer(4)) {
            CamelContext camel = new DefaultCamelContext();
            camel.getComponent("sateais", AsyncJobComponent.class).setRateLimitRequests(0);
            // the consumer's defaults, but for a first poll at once and no timed polls in between (pushes only)
            String uri = "sateais:push?apiKey=" + StubServer.API_KEY + "&baseUrl=" + server.baseUrl()
                         + "&firstPollDelay=0&pollInterval=1h";
            Map<String, Long> seenAt = new ConcurrentHashMap<>();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).routeId("push").process(e -> {
                        if ("completed".equals(e.getMessage().getHeader(AsyncJobConstants.STATUS))) {
                            long now = System.nanoTime();
                            synchronized (seenAt) {
                                seenAt.put(e.getMessage().getHeader(AsyncJobConstants.JOB_ID, String.class), now);
                                seenAt.notifyAll();
                            }
                        }
                    });
                }
            });
            camel.start();
            try {
                ProducerTemplate template = camel.createProducerTemplate();
                JobTracker tracker = camel.getComponent("sateais", AsyncJobComponent.class)
                        .getTracker(server.baseUrl(), StubServer.API_KEY);
                long[] latencies = new long[samples];
                for (int i = 0; i < samples; i++) {
                    String id = "push_" + i;
                    template.sendBodyAndHeader(uri + "&operation=track", null, AsyncJobConstants.JOB_ID, id);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (tracker.get(id).map(r -> r.lastPolledAt() == null).orElse(true)
                           && System.nanoTime() < deadline) {
                        java.util.concurrent.locks.LockSupport.parkNanos(200_000); // the first poll has not settled yet
                    }
                    server.status(id, "completed");
                    long t0 = System.nanoTime();
                    tracker.expedite(id, Duration.ZERO); // what the webhook receiver does
                    synchronized (seenAt) {
                        while (!seenAt.containsKey(id) && System.nanoTime() < deadline) {
                            seenAt.wait(10);
                        }
                    }
                    Long at = seenAt.get(id);
                    if (at == null) {
                        throw new IllegalStateException("push " + i + " did not become an exchange within 10 s");
                    }
                    latencies[i] = at - t0;
                }
                template.close();
                long[] baseline = baseline(server, samples);
                return new Result(percentile(latencies, 50), percentile(latencies, 99), percentile(baseline, 50),
                        percentile(baseline, 99), samples);
            } finally {
                camel.stop();
            }
        }
    }

    /** One plain status request each, with the JDK's client on the same server. */
    private static long[] baseline(StubServer server, int samples) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long[] latencies = new long[samples];
        for (int i = 0; i < samples; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/jobs/push_" + i))
                    .header("Authorization", "Bearer " + StubServer.API_KEY).build();
            long t0 = System.nanoTime();
            client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            latencies[i] = System.nanoTime() - t0;
        }
        return latencies;
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e3;
    }
}
