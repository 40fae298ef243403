package dev.asyncjobs.spideriq;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.simulator.camel.SimulatorSupport;
import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;
import dev.asyncjobs.testkit.Stop;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SpiderIQ at simulator speed 600, its real budget of 100 requests per minute, and a consumer following long crawls:
 * its status polls would spend every request of the window within a second. They leave the component's reserve (a
 * tenth of the budget by default) to submits, so a user's submits are accepted at once instead of waiting for the
 * window to slide, and the vendor still refuses nothing.
 */
class SpiderIqSubmitReserveTest {

    private static final int BUDGET = SpiderIqSimulator.DEFAULT_RATE_LIMIT;
    private static final Duration WINDOW = SpiderIqSimulator.DEFAULT_RATE_LIMIT_WINDOW;
    private static final int RESERVE = BUDGET / 10;
    private static final int FIRST_SUBMITS = 5;
    /** Submits while the polls keep the budget full: a few, fewer than the reserve. */
    private static final int MORE_SUBMITS = 3;
    private static final String STATUS_PATH = ".*/jobs/[^/]+/status";

    private final CamelContext context = new DefaultCamelContext();
    private SpiderIqSimulator api;

    @AfterEach
    void stop() {
        Stop.camelAndSimulator(context, api);
    }

    private final Set<String> followed = ConcurrentHashMap.newKeySet();

    private static Exchange submit(ProducerTemplate template, String site) {
        Exchange answer = template.request("spideriq:crawl?jobType=spiderSite", e -> e.getMessage().setBody(site));
        assertNull(answer.getException(), "the submit of " + site + " failed");
        assertNotNull(jobId(answer), site + " has a job id");
        return answer;
    }

    private static String jobId(Exchange answer) {
        return answer.getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class);
    }

    @Test
    void whilePollsKeepTheBudgetFullSubmitsAreAcceptedWithoutWaitingForTheWindow() throws Exception {
        // crawls processing from their first poll on, for 12 h of the simulator's time (72 s real): the consumer sees
        // each start, and polls them all the test long
        api = SpiderIqSimulator.builder().speed(600).timing(Duration.ofSeconds(1), Duration.ofHours(12)).start();
        AsyncJobComponent component = SimulatorSupport.connect(context, api);
        context.addRoutes(new RouteBuilder() {
            public void configure() {
                from("spideriq:jobs").routeId("follow")
                        .process(e -> followed.add(e.getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class)));
            }
        });
        context.start();
        ProducerTemplate template = context.createProducerTemplate();
        Set<String> submitted = new HashSet<>();
        for (int i = 0; i < FIRST_SUBMITS; i++) {
            submitted.add(jobId(submit(template, "https://example.com/site-" + i)));
        }

        // the consumer follows the crawls (its first deliveries arrived), and its polls spend the key's budget but
        // the reserve
        RequestPacer budget = component.accounts().iterator().next().pacer();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String state = api.requestCount("GET", STATUS_PATH) + " status requests, " + budget.usedInWindow()
                    + " requests in the window, " + budget.availableNow() + " left";
            assertFalse(followed.isEmpty(), "the consumer saw none of " + submitted + " after " + state);
            assertTrue(budget.availableNow() <= RESERVE, "the polls have not filled the budget yet: " + state);
        });

        long start = System.nanoTime();
        for (int i = 0; i < MORE_SUBMITS; i++) {
            submit(template, "https://example.com/more-" + i);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(took.compareTo(WINDOW.dividedBy(4)) < 0, "the " + MORE_SUBMITS + " submits took " + took
                + ", as if waiting for the " + WINDOW + " window of the polls to slide");
        assertEquals(FIRST_SUBMITS + MORE_SUBMITS, api.requestCount("POST", ".*/jobs/spiderSite/submit"),
                "each submit was sent once");
        assertTrue(api.requestCount("GET", STATUS_PATH) <= BUDGET - RESERVE,
                "polls left the reserve alone: " + api.requestCount("GET", STATUS_PATH) + " status requests");
        assertEquals(0, api.rateLimiter().refused(), "no request was answered 429");
    }

    @ParameterizedTest(name = "rateLimitRequests={0}, rateLimitReserve={1}: {2} kept from polls")
    @CsvSource(nullValues = "default", value = {
        "default, default, 10", // SpiderIQ's 100 a minute: a tenth
        "25,      default, 2",
        "5,       default, 1", // at least one of a budget above 1
        "1,       default, 0", // polls need the only one
        "0,       default, 0", // no client-side budget: nothing to keep
        "default, 0,       0", // explicit: polls may take the whole budget, as before
        "default, 40,      40"})
    void theReserveIsATenthOfTheBudgetUnlessSet(Integer requests, Integer reserve, int kept) throws Exception {
        SpiderIqComponent spideriq = new SpiderIqComponent();
        spideriq.getConfiguration().setApiKey("token");
        spideriq.setRateLimitRequests(requests);
        spideriq.setRateLimitReserve(reserve);
        context.addComponent("spideriq", spideriq);
        context.start();
        context.getEndpoint("spideriq:jobs"); // validated here

        RequestPacer budget = spideriq.account(spideriq.getConfiguration().getBaseUrl(), "token").pacer();
        assertEquals(kept, budget.reserve());
    }
}
