package dev.asyncjobs.engine.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestPacerTest {

    private final MutableClock clock = new MutableClock();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void budgetPerWindow() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(5, Duration.ofSeconds(1), clock);
        assertEquals(5, pacer.availableNow());

        for (int i = 0; i < 3; i++) {
            pacer.acquire();
        }
        assertEquals(2, pacer.availableNow());
        pacer.acquire();
        pacer.acquire();
        assertEquals(0, pacer.availableNow());

        clock.advance(Duration.ofMillis(999));
        assertEquals(0, pacer.availableNow(), "the window has not passed yet");
        clock.advance(Duration.ofMillis(1));
        assertEquals(5, pacer.availableNow());
    }

    @Test
    void theWindowSlides() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(5, Duration.ofSeconds(1), clock);
        for (int i = 0; i < 3; i++) {
            pacer.acquire();
        }
        clock.advance(Duration.ofMillis(500));
        pacer.acquire();
        pacer.acquire();
        assertEquals(0, pacer.availableNow());

        clock.advance(Duration.ofMillis(500));
        assertEquals(3, pacer.availableNow(), "the first three left the window, the last two are still in it");
        clock.advance(Duration.ofMillis(500));
        assertEquals(5, pacer.availableNow());
    }

    @Test
    void neverMoreThanTheBudgetInAnyWindow() throws InterruptedException {
        int max = 4;
        Duration window = Duration.ofMillis(1000);
        RequestPacer pacer = new RequestPacer(max, window, clock);
        List<Instant> sent = new ArrayList<>();

        // a greedy client: every 150 ms it sends as much as the pacer lets it
        for (int step = 0; step < 60; step++) {
            int available = pacer.availableNow();
            for (int i = 0; i < available; i++) {
                pacer.acquire();
                sent.add(clock.instant());
            }
            clock.advance(Duration.ofMillis(150));
        }

        assertTrue(sent.size() >= 30, "the budget is used, not just respected: " + sent.size());
        for (int i = 0; i + max < sent.size(); i++) {
            Duration span = Duration.between(sent.get(i), sent.get(i + max));
            assertFalse(span.compareTo(window) < 0,
                    "requests " + i + ".." + (i + max) + " all fell into one window: " + sent);
        }
    }

    @Test
    void acquireWaitsForASlotToFreeUp() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(2, Duration.ofMillis(100), clock);
        pacer.acquire();
        pacer.acquire();

        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> {
            try {
                pacer.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, threads);

        // the test clock stands still, so no slot can free up
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !third.isDone());
        clock.advance(Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(5)).until(third::isDone);
        assertEquals(1, pacer.availableNow(), "both old requests left the window and the waiting one took a slot");
    }

    @Test
    void realTimeAcquireKeepsEveryWindowUnderBudget() throws Exception {
        int max = 5;
        long windowMillis = 200;
        RequestPacer pacer = new RequestPacer(max, Duration.ofMillis(windowMillis), Clock.systemUTC());
        // for each request: a time taken just before acquire() was called and one just after it returned; the
        // pacer's own timestamp lies in between, whatever the thread scheduling
        List<long[]> requests = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            senders.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 4; i++) {
                    long before = System.currentTimeMillis();
                    try {
                        pacer.acquire();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    requests.add(new long[] { before, System.currentTimeMillis() });
                }
            }, threads));
        }
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        assertEquals(12, requests.size());
        // any max+1 requests span at least one window: for each request i, among the requests that started no
        // earlier, the max that finished first must still end a window after i started
        List<long[]> all = new ArrayList<>(requests);
        for (long[] first : all) {
            List<Long> laterEnds = new ArrayList<>();
            for (long[] other : all) {
                if (other != first && other[0] >= first[0]) {
                    laterEnds.add(other[1]);
                }
            }
            if (laterEnds.size() < max) {
                continue;
            }
            laterEnds.sort(Comparator.naturalOrder());
            long end = Math.max(first[1], laterEnds.get(max - 1));
            assertTrue(end - first[0] >= windowMillis,
                    (max + 1) + " requests within " + (end - first[0]) + " ms, budget is " + max + " per "
                            + windowMillis + " ms");
        }
    }

    @Test
    void retryAfterPausesForThatLong() {
        RequestPacer pacer = new RequestPacer(5, Duration.ofSeconds(1), clock);

        pacer.onRateLimited(Duration.ofSeconds(7));

        assertEquals(clock.instant().plusSeconds(7), pacer.pausedUntil());
        assertEquals(0, pacer.availableNow());
        clock.advance(Duration.ofMillis(6999));
        assertEquals(0, pacer.availableNow());
        clock.advance(Duration.ofMillis(1));
        assertEquals(5, pacer.availableNow());
    }

    @Test
    void withoutRetryAfterThePauseDoublesFromOneSecondUpToThirtySeconds() {
        RequestPacer pacer = new RequestPacer(5, Duration.ofSeconds(1), clock);

        List<Duration> pauses = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            pauses.add(rateLimitedPause(pacer, null));
        }

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30)), pauses);
    }

    @Test
    void aZeroRetryAfterCountsAsNone() {
        RequestPacer pacer = new RequestPacer(5, Duration.ofSeconds(1), clock);

        assertEquals(Duration.ofSeconds(1), rateLimitedPause(pacer, Duration.ZERO));
        assertEquals(Duration.ofSeconds(2), rateLimitedPause(pacer, Duration.ZERO));
    }

    @Test
    void successResetsTheBackoff() {
        RequestPacer pacer = new RequestPacer(5, Duration.ofSeconds(1), clock);
        rateLimitedPause(pacer, null);
        rateLimitedPause(pacer, null);
        rateLimitedPause(pacer, null);

        pacer.onSuccess();

        assertEquals(Duration.ofSeconds(1), rateLimitedPause(pacer, null));
        assertEquals(Duration.ofSeconds(2), rateLimitedPause(pacer, null));
    }

    @Test
    void aRetryAfterDoesNotUseUpABackoffStep() {
        RequestPacer pacer = new RequestPacer(5, Duration.ofSeconds(1), clock);

        assertEquals(Duration.ofSeconds(12), rateLimitedPause(pacer, Duration.ofSeconds(12)));
        assertEquals(Duration.ofSeconds(1), rateLimitedPause(pacer, null));
    }

    @Test
    void aShorterPauseDoesNotShortenOneInForce() {
        RequestPacer pacer = new RequestPacer(5, Duration.ofSeconds(1), clock);
        pacer.onRateLimited(Duration.ofSeconds(20));

        pacer.onRateLimited(Duration.ofSeconds(2));

        assertEquals(clock.instant().plusSeconds(20), pacer.pausedUntil());
    }

    @Test
    void serverRemainingZeroBlocksUntilTheReset() {
        RequestPacer pacer = new RequestPacer(5, Duration.ofSeconds(1), clock);
        Instant reset = clock.instant().plusSeconds(45);

        pacer.observe(0, reset);

        assertEquals(0, pacer.availableNow());
        clock.set(reset.minusMillis(1));
        assertEquals(0, pacer.availableNow());
        clock.set(reset);
        assertEquals(5, pacer.availableNow());
    }

    @Test
    void serverRemainingLimitsTheClientBudget() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(10, Duration.ofSeconds(1), clock);
        Instant reset = clock.instant().plusSeconds(60);

        pacer.observe(2, reset);
        assertEquals(2, pacer.availableNow());
        pacer.acquire();
        assertEquals(1, pacer.availableNow());
        pacer.acquire();
        assertEquals(0, pacer.availableNow(), "the server's budget is used up although the client's is not");

        clock.set(reset);
        assertEquals(10, pacer.availableNow());
    }

    @Test
    void incompleteServerBudgetIsIgnored() {
        RequestPacer pacer = new RequestPacer(5, Duration.ofSeconds(1), clock);

        pacer.observe(0, null);
        pacer.observe(null, clock.instant().plusSeconds(60));

        assertEquals(5, pacer.availableNow());
    }

    @Test
    void acquireWaitsForTheServersReset() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(5, Duration.ofSeconds(1), Clock.systemUTC());
        long resetAt = System.currentTimeMillis() + 150;
        pacer.observe(0, Instant.ofEpochMilli(resetAt));

        pacer.acquire();

        assertTrue(System.currentTimeMillis() >= resetAt, "acquire() returned before the server's reset");
    }

    @Test
    void acquireWaitsOutARateLimitPause() throws InterruptedException {
        RequestPacer pacer = new RequestPacer(0, null, Clock.systemUTC());
        pacer.onRateLimited(Duration.ofMillis(150));
        long pausedUntil = pacer.pausedUntil().toEpochMilli();

        pacer.acquire();

        assertTrue(System.currentTimeMillis() >= pausedUntil, "acquire() returned during the pause");
    }

    @Test
    void unlimitedHasNoClientBudgetButHonoursRateLimits() throws InterruptedException {
        RequestPacer pacer = RequestPacer.unlimited();
        for (int i = 0; i < 1000; i++) {
            pacer.acquire();
        }
        assertEquals(Integer.MAX_VALUE, pacer.availableNow());
        assertEquals(0, pacer.maxRequests());

        pacer.onRateLimited(Duration.ofMinutes(5));
        assertEquals(0, pacer.availableNow());
    }

    /** Reports a 429 and returns the pause it caused, then lets the clock run past it. */
    private Duration rateLimitedPause(RequestPacer pacer, Duration retryAfter) {
        Instant now = clock.instant();
        pacer.onRateLimited(retryAfter);
        Duration pause = Duration.between(now, pacer.pausedUntil());
        clock.advance(pause);
        return pause;
    }
}
