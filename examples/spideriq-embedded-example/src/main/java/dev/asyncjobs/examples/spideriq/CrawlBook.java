package dev.asyncjobs.examples.spideriq;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Which jobs the example submitted and how each ended; the application waits on it until every job ended. */
final class CrawlBook {

    private final Map<String, String> submitted = new LinkedHashMap<>();
    private final Map<String, String> ended = new LinkedHashMap<>();

    synchronized void submitted(String jobId, String url) {
        submitted.putIfAbsent(jobId, url);
    }

    synchronized String url(String jobId) {
        return submitted.getOrDefault(jobId, "?");
    }

    synchronized void ended(String jobId, String status) {
        ended.putIfAbsent(jobId, status);
        notifyAll();
    }

    /** Waits until every submitted job ended; false on timeout. */
    synchronized boolean awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended.keySet().containsAll(submitted.keySet())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized int jobs() {
        return submitted.size();
    }

    synchronized long count(String status) {
        return ended.values().stream().filter(status::equals).count();
    }
}
