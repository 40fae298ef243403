package dev.asyncjobs.store.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** What the budget tests check of request times: the most that fall within any window of a length. */
final class SlidingWindows {

    private SlidingWindows() {
    }

    /** The most of {@code times} within any half-open window {@code [t, t + window)}. */
    static int mostInAnyWindow(Collection<Instant> times, Duration window) {
        List<Instant> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        int most = 0;
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (!sorted.get(j).plus(window).isAfter(sorted.get(i))) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }
}
