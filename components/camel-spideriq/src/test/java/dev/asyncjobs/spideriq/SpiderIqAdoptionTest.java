package dev.asyncjobs.spideriq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.follow.JobAdoption;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A consumer with adoptJobs on an empty store (a new pod): every job the account still has running on SpiderIQ, as
 * its list pages show them, is followed, its first exchange marked adopted; paging stops at adoptWindow, and the list
 * requests spend the key's budget (100 requests per minute) like the status requests do.
 */
class SpiderIqAdoptionTest extends SpiderIqTestSupport {

    private final List<String> running = new ArrayList<>();

    @Override
    protected SpiderIqSimulator startSimulator() {
        SpiderIqSimulator sim = super.startSimulator();
        // 150 jobs two days old, outside the window, and 150 submitted elsewhere now: three pages of 100
        for (int i = 0; i < 150; i++) {
            sim.seedJob("old-" + i, "spiderSite", JsonNodeFactory.instance.objectNode().put("url", "https://o" + i),
                    T0.minus(Duration.ofDays(2)));
        }
        for (int i = 0; i < 150; i++) {
            running.add(sim.createJob("spiderSite", "https://n" + i + ".example"));
        }
        return sim;
    }

    @Override
    protected void configure(SpiderIqComponent component) {
        component.setClock(simulator.clock()); // the window is read on the vendor's clock
        // polls may take the whole budget: the list requests' part of it is then seen in what polls could not take
        component.setRateLimitReserve(0);
    }

    @Override
    RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("spideriq:jobs?adoptJobs=true&adoptWindow=1d&delay=20&initialDelay=0&firstPollDelay=0"
                     + "&pollInterval=2s").to("mock:jobs");
            }
        };
    }

    @Test
    void everyRunningJobIsAdoptedWithinTheKeysBudget() {
        await().until(() -> tracker().size() == 150);

        List<String> tracked = tracker().all().stream().map(JobRecord::jobId).sorted().toList();
        assertEquals(running.stream().sorted().toList(), tracked, "the jobs of the window, not the older ones");
        assertTrue(tracker().all().stream().allMatch(r -> JobAdoption.isAdopted(r.ref())));
        assertEquals(2, simulator.requestCount("GET", "/api/v1/jobs/list"), "paging stopped at the window");
        // the budget of 100 requests per minute (the simulator's clock stands still): the 2 list requests and the
        // status requests share it, and once it is spent nothing more is sent
        int[] last = {-1};
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(20)).until(() -> {
            int now = simulator.requestCount(null, null);
            boolean still = now == last[0];
            last[0] = now;
            return still;
        });
        int sent = simulator.requestCount(null, null);
        assertTrue(sent <= 100, sent + " requests in one minute");
        assertEquals(sent - 2, simulator.requestCount("GET", "/api/v1/jobs/[^/]+/status"), "the rest are polls");
        assertEquals(0, component().account(simulator.baseUrl(), simulator.apiKey()).pacer().availableNow(),
                "the key's budget is spent: the list requests took their part of it");
        MockEndpoint jobs = context.getEndpoint("mock:jobs", MockEndpoint.class);
        await().until(() -> jobs.getReceivedCounter() > 0);
        assertTrue(jobs.getExchanges().stream()
                .allMatch(e -> Boolean.TRUE.equals(e.getMessage().getHeader(AsyncJobConstants.ADOPTED))));
    }
}
