package dev.asyncjobs.simulator;

/**
 * Token bucket over real time: up to {@code perSecond} requests at once, refilled at {@code perSecond} per second.
 * Real time rather than simulated time, because the limit is about how fast the client calls, not about jobs.
 */
final class RateLimiter {

    private int perSecond;
    private double tokens;
    private long lastNanos;

    synchronized void setRate(int requestsPerSecond) {
        if (requestsPerSecond < 0) {
            throw new IllegalArgumentException("requestsPerSecond must be >= 0, got " + requestsPerSecond);
        }
        perSecond = requestsPerSecond;
        tokens = requestsPerSecond;
        lastNanos = System.nanoTime();
    }

    synchronized int rate() {
        return perSecond;
    }

    synchronized boolean tryAcquire() {
        if (perSecond <= 0) {
            return true;
        }
        long now = System.nanoTime();
        tokens = Math.min(perSecond, tokens + (now - lastNanos) / 1e9 * perSecond);
        lastNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
