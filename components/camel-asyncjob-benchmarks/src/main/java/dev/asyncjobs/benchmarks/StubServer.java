package dev.asyncjobs.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A SateAIs status endpoint on loopback that answers every {@code GET /api/v1/jobs/{id}} at once with a running job,
 * counting the requests: the same server for the component and for the baselines, so its own cost is the same in both.
 * Its threads are named {@code stub-*} (and the JDK's {@code HTTP-Dispatcher}), so CPU measurements can leave them out.
 */
final class StubServer implements AutoCloseable {

    static final String API_KEY = "sk_bench";

    private final HttpServer server;
    private final ExecutorService workers;
    private final LongAdder requests = new LongAdder();
    private final java.util.Map<String, String> statuses = new java.util.concurrent.ConcurrentHashMap<>();

    StubServer(int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "stub-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/api/v1/jobs/", this::job);
        server.start();
    }

    private void job(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String id = path.substring(path.lastIndexOf('/') + 1);
        byte[] body = ("{\"job_id\":\"" + id + "\",\"status\":\"" + statuses.getOrDefault(id, "processing") + "\",\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"completed_at\":null,\"result_path\":null,\"error_code\":null,\"error_message\":null}")
                .getBytes(StandardCharsets.UTF_8);
        requests.increment();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, the job answers with this status (every other job: processing). */
    void status(String id, String status) {
        statuses.put(id, status);
    }

    /** Status requests answered so far. */
    long requests() {
        return requests.sum();
    }

    /** Whether a thread belongs to this server (to leave its CPU out). */
    static boolean serverThread(String name) {
        return name != null && (name.startsWith("stub-") || name.startsWith("HTTP-Dispatcher"));
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
