package dev.asyncjobs.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Requests a simulator received. Counts per method and path are exact and kept for every request; full records
 * are kept only for the most recent ones, so that long benchmarks do not grow memory without bound.
 */
final class RequestJournal {

    private final int capacity;
    private final Deque<RecordedRequest> recent = new ArrayDeque<>();
    // key: method + ' ' + path; distinct paths grow with distinct jobs only, not with the number of polls
    private final Map<String, Integer> counts = new HashMap<>();

    RequestJournal(int capacity) {
        this.capacity = capacity;
    }

    synchronized void record(RecordedRequest request) {
        counts.merge(request.method() + ' ' + request.path(), 1, Integer::sum);
        recent.addLast(request);
        if (recent.size() > capacity) {
            recent.removeFirst();
        }
    }

    synchronized int count(String method, String pathRegex) {
        Pattern pattern = pathRegex == null ? null : Pattern.compile(pathRegex);
        int total = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            String key = e.getKey();
            int space = key.indexOf(' ');
            if ((method == null || method.equalsIgnoreCase(key.substring(0, space)))
                    && (pattern == null || pattern.matcher(key.substring(space + 1)).matches())) {
                total += e.getValue();
            }
        }
        return total;
    }

    synchronized List<RecordedRequest> snapshot() {
        return List.copyOf(recent);
    }

    synchronized void clear() {
        recent.clear();
        counts.clear();
    }
}
