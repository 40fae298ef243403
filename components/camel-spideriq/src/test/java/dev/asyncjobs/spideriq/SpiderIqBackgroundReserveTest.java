package dev.asyncjobs.spideriq;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.camel.AsyncJobConfiguration;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.camel.AsyncJobEndpoint;
import dev.asyncjobs.engine.client.ApiHttpClient;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.engine.follow.JobAdoption;
import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.spi.StatusMapping;
import dev.asyncjobs.simulator.camel.SimulatorSupport;
import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;
import dev.asyncjobs.testkit.Stop;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The requests the engine makes on its own (status checks of the follow loop, the list of an adoption round) leave the
 * key's reserve to the requests a user's exchange waits on, whichever thread sends them: with the budget down to the
 * reserve, they wait, while a route's request still goes out at once.
 */
class SpiderIqBackgroundReserveTest {

    private static final int BUDGET = 4;
    private static final int RESERVE = 1;
    /** Short, so a request that waited goes once the held requests are answered. */
    private static final Duration WINDOW = Duration.ofSeconds(2);
    /** Long: a route's request that had to wait for a slot would take this long and fail. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final String STATUS_PATH = "/api/v1/jobs/[^/]+/status";
    private static final String LIST_PATH = "/api/v1/jobs/list";

    private final CamelContext context = new DefaultCamelContext();
    private final SpiderIqSimulator api = SpiderIqSimulator.builder().startTime(Instant.parse("2025-10-27T10:00:00Z"))
            .speed(0).start();
    /** Requests of the key in flight, holding the budget down to the reserve. */
    private final List<RequestPacer.Permit> held = new ArrayList<>();

    @AfterEach
    void stop() {
        held.forEach(RequestPacer.Permit::close);
        Stop.camelAndSimulator(context, api);
    }

    private <C extends SpiderIqComponent> C connect(C component) {
        SimulatorSupport.connect(component, api);
        component.setRateLimitRequests(BUDGET);
        component.setRateLimitReserve(RESERVE);
        component.setRateLimitWindow(WINDOW);
        component.setRateLimitMaxWait(MAX_WAIT);
        context.addComponent("spideriq", component);
        return component;
    }

    private RequestPacer budget(SpiderIqComponent component) {
        return component.account(component.getConfiguration().getBaseUrl(), api.apiKey()).pacer();
    }

    /** Takes the key's budget down to its reserve with requests that stay in flight until the test ends. */
    private void holdAllButTheReserve(RequestPacer budget) throws InterruptedException {
        while (budget.availableNow() > RESERVE) {
            held.add(budget.begin());
        }
    }

    @Test
    void aStatusCheckSentFromAnotherThreadStillLeavesTheReserve() throws Exception {
        StatusFromAnotherThread.entered = new CountDownLatch(1);
        StatusFromAnotherThread.go = new CountDownLatch(1);
        SpiderIqComponent component = connect(new StatusFromAnotherThreadComponent());
        context.addRoutes(new RouteBuilder() {
            public void configure() {
                from("spideriq:jobs?delay=20&initialDelay=0").to("mock:jobs");
            }
        });
        context.start();
        RequestPacer budget = budget(component);
        String jobId = api.createJob("spiderSite", "https://example.com");
        context.createProducerTemplate().sendBodyAndHeaders("spideriq:jobs", null,
                java.util.Map.of(AsyncJobConstants.OPERATION, "track", AsyncJobConstants.JOB_ID, jobId));

        // the loop claimed the job while the budget had room; its status request is about to be sent
        assertTrue(StatusFromAnotherThread.entered.await(30, TimeUnit.SECONDS), "the loop never asked about " + jobId);
        holdAllButTheReserve(budget);
        StatusFromAnotherThread.go.countDown();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> budget.waiting() > 0 || api.requestCount("GET", STATUS_PATH) > 0);
        assertEquals(0, api.requestCount("GET", STATUS_PATH), "the status check took the reserve");
        Exchange getJob = context.createProducerTemplate().request("spideriq:jobs", e -> e.getMessage()
                .setHeaders(java.util.Map.of(AsyncJobConstants.OPERATION, "getJob", AsyncJobConstants.JOB_ID, jobId)));
        assertNull(getJob.getException(), "a route's getJob got no slot");

        held.forEach(RequestPacer.Permit::close);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.requestCount("GET", STATUS_PATH) >= 2);
    }

    @Test
    void anAdoptionRoundsListWaitsWhileASubmitGoesOutAtOnce() throws Exception {
        SpiderIqComponent component = connect(new SpiderIqComponent());
        context.start();
        RequestPacer budget = budget(component);
        String elsewhere = api.createJob("spiderSite", "https://elsewhere.example");
        holdAllButTheReserve(budget);

        context.addRoutes(new RouteBuilder() {
            public void configure() {
                from("spideriq:jobs?adoptJobs=true&adoptWindow=1d&delay=20&initialDelay=0").to("mock:jobs");
            }
        });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> budget.waiting() > 0 || api.requestCount("GET", LIST_PATH) > 0);
        assertEquals(0, api.requestCount("GET", LIST_PATH), "the adoption round's list took the reserve");

        long start = System.nanoTime();
        Exchange submit = context.createProducerTemplate().request("spideriq:crawl?jobType=spiderSite",
                e -> e.getMessage().setBody("https://example.com"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertNull(submit.getException(), "the submit got no slot");
        assertTrue(took.compareTo(MAX_WAIT.dividedBy(3)) < 0, "the submit took " + took + ", as if it waited for a slot");
        assertEquals(0, api.requestCount("GET", LIST_PATH), "the list went before the submit");

        held.forEach(RequestPacer.Permit::close);
        await().atMost(Duration.ofSeconds(20)).until(() -> component.accounts().iterator().next().tracker()
                .get(elsewhere).map(r -> JobAdoption.isAdopted(r.ref())).orElse(false));
    }

    /** A SpiderIQ component whose endpoints send each status request from another thread, as an async client would. */
    static final class StatusFromAnotherThreadComponent extends SpiderIqComponent {
        @Override
        protected AsyncJobEndpoint createVendorEndpoint(String uri, String remaining, AsyncJobConfiguration configuration) {
            SpiderIqEndpoint endpoint = new SpiderIqEndpoint(uri, this, (SpiderIqConfiguration) configuration) {
                @Override
                protected AsyncJobApi createApi(ApiHttpClient client) {
                    return new StatusFromAnotherThread(super.createApi(client));
                }
            };
            endpoint.setLabel(remaining);
            return endpoint;
        }
    }

    /** Sends the vendor's status request on a pool thread; the first one waits for the test's go. */
    static final class StatusFromAnotherThread implements AsyncJobApi {
        static volatile CountDownLatch entered;
        static volatile CountDownLatch go;
        private final AsyncJobApi vendor;

        StatusFromAnotherThread(AsyncJobApi vendor) {
            this.vendor = vendor;
        }

        @Override
        public String vendor() {
            return vendor.vendor();
        }

        @Override
        public StatusMapping statusMapping() {
            return vendor.statusMapping();
        }

        @Override
        public PollPolicy pollPolicy() {
            return vendor.pollPolicy();
        }

        @Override
        public JobSnapshot fetchJob(JobRef job) {
            return CompletableFuture.supplyAsync(() -> {
                entered.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return vendor.fetchJob(job);
            }).join();
        }

        @Override
        public Object fetchResult(JobRef job) {
            return CompletableFuture.supplyAsync(() -> vendor.fetchResult(job)).join();
        }
    }
}
