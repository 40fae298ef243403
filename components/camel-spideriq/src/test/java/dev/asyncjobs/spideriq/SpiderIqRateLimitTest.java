package dev.asyncjobs.spideriq;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.asyncjobs.engine.follow.JobTracker;
import dev.asyncjobs.simulator.FixedWindowRateLimiter;
import dev.asyncjobs.simulator.RecordedRequest;
import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;
import dev.asyncjobs.testkit.Stop;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SpiderIQ allows 100 requests per minute per client. These tests scale the window down to 3 s (the simulator and the
 * component take the budget and window as settings) and check that the component, producers and consumer together,
 * never goes over it, reads the X-RateLimit headers and honours Retry-After, and still emits every transition once.
 */
class SpiderIqRateLimitTest {

    private static final int BUDGET = 100;
    private static final Duration WINDOW = Duration.ofSeconds(3);

    private SpiderIqSimulator sim;
    private DefaultCamelContext context;
    private SpiderIqComponent component;
    private ProducerTemplate template;
    /** Job id to the statuses emitted for it, in order. */
    private final Map<String, List<String>> emitted = new ConcurrentHashMap<>();
    private final AtomicInteger maxStretch = new AtomicInteger();
    /** The component's rateLimitReserve; null for its default. */
    private Integer reserve;

    private void start(SpiderIqSimulator simulator, int clientBudget, Duration clientWindow) throws Exception {
        sim = simulator;
        context = new DefaultCamelContext();
        component = new SpiderIqComponent();
        component.getConfiguration().setApiKey(sim.apiKey());
        component.getConfiguration().setBaseUrl(sim.baseUrl());
        component.setRateLimitRequests(clientBudget);
        component.setRateLimitWindow(clientWindow);
        component.setRateLimitReserve(reserve);
        context.addComponent("spideriq", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("spideriq:watch").routeId("watch").process(exchange -> {
                    String id = exchange.getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class);
                    emitted.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>())
                            .add(exchange.getMessage().getHeader(SpiderIqConstants.STATUS, String.class));
                    maxStretch.accumulateAndGet(tracker().get(id).map(dev.asyncjobs.engine.store.JobRecord::stretch).orElse(0), Math::max);
                });
            }
        });
        context.start();
        template = context.createProducerTemplate();
    }

    private JobTracker tracker() {
        return component.getTracker(sim.baseUrl(), sim.apiKey());
    }

    @AfterEach
    void stop() {
        Stop.camelAndSimulator(context, sim);
    }

    private void track(String jobId) {
        template.sendBodyAndHeader("spideriq:jobs?operation=track", null, SpiderIqConstants.JOB_ID, jobId);
    }

    private long completions(String jobId) {
        return emitted.getOrDefault(jobId, List.of()).stream().filter("completed"::equals).count();
    }

    @Test
    void threeHundredTrackedJobsAndConcurrentSubmitsNeverExceedTheBudget() throws Exception {
        // polls may take the whole budget, so that it can be seen used to the full (by default they leave a tenth of
        // it to the submits, which may not need all of it in any window)
        reserve = 0;
        start(SpiderIqSimulator.builder().rateLimit(BUDGET, WINDOW)
                .timing(Duration.ofSeconds(2), Duration.ofSeconds(4)).start(), BUDGET, WINDOW);
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = sim.createJob("spiderSite", "https://site" + i + ".example");
            jobs.add(id);
            track(id); // no request: the consumer's first poll emits the job's current status
        }
        assertEquals(0, sim.requestCount("POST", null), "tracking submits nothing");
        // while the consumer polls 300 jobs, a route submits 20 more through the same budget
        CompletableFuture<List<String>> submits = CompletableFuture.supplyAsync(() -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String url = "https://new" + i + ".example";
                ids.add(template.request("spideriq:crawl?jobType=spiderSite", e -> e.getMessage().setBody(url))
                        .getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class));
            }
            return ids;
        });
        jobs.addAll(submits.get(90, TimeUnit.SECONDS));
        assertEquals(320, new HashSet<>(jobs).size());

        JobTracker tracker = tracker();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> tracker.size() == 0);

        FixedWindowRateLimiter limiter = sim.rateLimiter();
        assertEquals(0, limiter.refused(), "no request was answered 429");
        assertTrue(limiter.maxRequestsInAnyWindow() <= BUDGET, "busiest window: " + limiter.maxRequestsInAnyWindow());
        assertTrue(limiter.maxRequestsInAnySlidingWindow() <= BUDGET,
                "busiest sliding window: " + limiter.maxRequestsInAnySlidingWindow());
        assertEquals(BUDGET, limiter.maxRequestsInAnySlidingWindow(), "the budget was used to the full, not more");
        assertEquals(BUDGET, slidingMaxFromTheJournal(), "the journal agrees");
        for (String id : jobs) {
            List<String> statuses = emitted.get(id);
            assertEquals(1, completions(id), id + " emitted " + statuses);
            assertEquals(new HashSet<>(statuses).size(), statuses.size(), id + " emitted a status twice: " + statuses);
            assertEquals("completed", statuses.get(statuses.size() - 1));
        }
        assertTrue(maxStretch.get() >= 1, "with 300 jobs the 3 s interval did not fit the budget and was stretched");
    }

    /** The most requests the simulator received within any WINDOW, from its own journal. */
    private int slidingMaxFromTheJournal() {
        List<Instant> times = sim.requests().stream().map(RecordedRequest::receivedAt).sorted().toList();
        int max = 0;
        int from = 0;
        for (int to = 0; to < times.size(); to++) {
            while (!times.get(from).isAfter(times.get(to).minus(WINDOW))) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }

    @Test
    void aFewJobsArePolledAtTheDocumentedIntervalWithoutStretching() throws Exception {
        start(SpiderIqSimulator.builder().rateLimit(BUDGET, WINDOW)
                .timing(Duration.ofSeconds(1), Duration.ofSeconds(5)).start(), BUDGET, WINDOW);
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            jobs.add(sim.createJob("spiderSite", "https://site" + i + ".example"));
            track(jobs.get(i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> tracker().size() == 0);
        assertEquals(0, maxStretch.get());
        for (String id : jobs) {
            assertEquals(1, completions(id));
            List<Instant> all = sim.requests().stream()
                    .filter(r -> r.path().equals("/api/v1/jobs/" + id + "/status")).map(RecordedRequest::receivedAt).toList();
            if (all.size() > 1) {
                long average = Duration.between(all.get(0), all.get(all.size() - 1)).toMillis() / (all.size() - 1);
                assertTrue(average >= 2900, "every 3 s on average: " + all);
            }
            List<Instant> polls = sim.requests().stream()
                    .filter(r -> r.path().equals("/api/v1/jobs/" + id + "/status")).map(RecordedRequest::receivedAt).toList();
            for (int i = 1; i < polls.size(); i++) {
                // each poll is timed from the previous due time (every 3 s, no drift), never under the 2 s floor
                assertTrue(Duration.between(polls.get(i - 1), polls.get(i)).toMillis() >= 2000,
                        "never faster than the documented floor: " + polls);
            }
        }
    }

    @Test
    void aServerBudgetSmallerThanTheClientsIsReadFromTheRateLimitHeaders() throws Exception {
        // the server allows 8 per 2 s; the client believes in the documented 100 per minute
        start(SpiderIqSimulator.builder().rateLimit(8, Duration.ofSeconds(2))
                .timing(Duration.ZERO, Duration.ZERO).start(), BUDGET, Duration.ofMinutes(1));
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            jobs.add(sim.createJob("spiderMaps", "bakeries " + i));
            track(jobs.get(i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> tracker().size() == 0);
        assertEquals(0, sim.rateLimiter().refused(), "X-RateLimit-Remaining and -Reset kept the client under 8 per 2 s");
        assertTrue(sim.rateLimiter().maxRequestsInAnyWindow() <= 8);
        for (String id : jobs) {
            assertEquals(List.of("completed"), emitted.get(id));
        }
    }

    @Test
    void retryAfterPausesEveryRequestOfTheClient() throws Exception {
        start(SpiderIqSimulator.builder().rateLimit(BUDGET, WINDOW).timing(Duration.ZERO, Duration.ZERO).start(),
                BUDGET, WINDOW);
        sim.faults().next(1, "GET", ".*/status").rateLimited(Duration.ofSeconds(2));
        String id = sim.createJob("spiderSite", "https://example.com");
        track(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> tracker().size() == 0);
        assertEquals(List.of("completed"), emitted.get(id), "a 429 loses nothing");
        List<RecordedRequest> requests = sim.requests();
        assertEquals(2, requests.size());
        long pause = Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt()).toMillis();
        assertTrue(pause >= 1990, "the next request waited for Retry-After: " + pause + " ms");
        assertNull(tracker().get(id).orElse(null));
    }

    @Test
    void theDefaultBudgetIsTheDocumented100PerMinuteSharedByEveryEndpoint() throws Exception {
        sim = SpiderIqSimulator.builder().start();
        context = new DefaultCamelContext();
        component = new SpiderIqComponent();
        component.getConfiguration().setApiKey(sim.apiKey());
        component.getConfiguration().setBaseUrl(sim.baseUrl());
        context.addComponent("spideriq", component);
        context.start();
        var pacer = component.account(sim.baseUrl(), sim.apiKey()).pacer();
        assertEquals(100, pacer.maxRequests());
        assertEquals(Duration.ofMinutes(1), pacer.window());
        Set<Object> pacers = new HashSet<>();
        pacers.add(pacer);
        pacers.add(((SpiderIqEndpoint) context.getEndpoint("spideriq:a")).getApiHttpClient().pacer());
        pacers.add(((SpiderIqEndpoint) context.getEndpoint("spideriq:b?jobType=spiderMaps")).getApiHttpClient().pacer());
        assertEquals(1, pacers.size(), "producers and consumers of one client share one budget");
    }
}
