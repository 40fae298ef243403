package dev.asyncjobs.store.jdbc.multinode;

import java.time.Duration;

import dev.asyncjobs.simulator.FixedWindowRateLimiter;
import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;

/**
 * The SpiderIQ simulator as a process of its own, shared by the nodes of the multi-node test: like
 * {@code SimulatorMain spideriq}, with the job timings and the (scaled) per-key rate limit the test sets.
 * <p>
 * Arguments: {@code <requests per window> <window ms> <queued ms> <processing ms>}. Prints {@code BASE_URL <url>}
 * and {@code API_KEY <key>}; then answers {@code STATS} on standard input with {@code STATS <requests> <refused>
 * <most in a fixed window> <most in a sliding window>}; exits on {@code STOP} or end of input.
 */
public final class SimulatorProcess {

    private SimulatorProcess() {
    }

    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(args[0]);
        Duration window = Duration.ofMillis(Long.parseLong(args[1]));
        SpiderIqSimulator simulator = SpiderIqSimulator.builder()
                .rateLimit(requests, window)
                .timing(Duration.ofMillis(Long.parseLong(args[2])), Duration.ofMillis(Long.parseLong(args[3])))
                .start();
        System.out.println("BASE_URL " + simulator.baseUrl());
        System.out.println("API_KEY " + simulator.apiKey());
        System.out.flush();
        JvmProcesses.awaitStop(line -> {
            if (line.equals("STATS")) {
                FixedWindowRateLimiter limiter = simulator.rateLimiter();
                System.out.println("STATS " + limiter.requests() + " " + limiter.refused() + " "
                        + limiter.maxRequestsInAnyWindow() + " " + limiter.maxRequestsInAnySlidingWindow());
                System.out.flush();
            }
        });
        simulator.close();
        System.exit(0);
    }
}
