package dev.asyncjobs.engine.follow;

import java.time.Duration;
import java.time.Instant;

import dev.asyncjobs.engine.spi.PollPolicy;

/**
 * When a 404 means a job is gone: {@code confirmations} answers in a row spread over at least {@code window} (a lagging
 * replica or a load balancer's hiccup answers 404 once). The one rule for every status request of the engine, a
 * consumer's and a producer's wait alike, so both give the same verdict on the same job.
 *
 * @param confirmations consecutive 404 answers needed (at least 1)
 * @param window        the shortest time they must span (ignored with a single confirmation)
 */
public record NotFoundRule(int confirmations, Duration window) {

    /** Whether the {@code count}-th 404 in a row, the first at {@code since}, answered at {@code at}, confirms it. */
    public boolean confirmed(int count, Instant since, Instant at) {
        return count >= confirmations
               && (confirmations <= 1 || !Duration.between(since, at).minus(window).isNegative());
    }

    /** How soon to ask again after an unconfirmed 404: spread over the window, never later than the interval. */
    public Duration askAgainIn(Duration interval, Duration floor) {
        long gaps = Math.max(1, confirmations - 1);
        Duration confirmEvery = PollPolicy.max(window.dividedBy(gaps), floor);
        return confirmEvery.compareTo(interval) < 0 ? confirmEvery : interval;
    }
}
