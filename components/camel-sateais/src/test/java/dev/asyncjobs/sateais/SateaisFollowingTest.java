package dev.asyncjobs.sateais;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobWaitStoppedException;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.sateais.api.SateaisJob;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Job following v2, as a user of the component sees it: consumer groups, 404s that are not the end of a job,
 * waits that end with the application, and no job kept for nobody.
 */
class SateaisFollowingTest extends SateaisTestSupport {

    private static List<String> seen(MockEndpoint mock) {
        return mock.getExchanges().stream()
                .map(e -> e.getMessage().getHeader(AsyncJobConstants.JOB_ID) + ":"
                          + e.getMessage().getHeader(AsyncJobConstants.PREVIOUS_STATUS) + "->"
                          + e.getMessage().getHeader(AsyncJobConstants.STATUS))
                .sorted().toList();
    }

    private String submit() {
        return template.requestBody("direct:submit", shipRequest(), SateaisJob.class).jobId();
    }

    @Test
    void twoGroupsWithFiltersOnOneAccountEachReceiveAllOfTheirs() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("sateais:detections?detectionType=ship");
                from("sateais:all?" + FAST).routeId("all").to("mock:all");
                from("sateais:failures?statusFilter=FAILED&" + FAST).routeId("failures").to("mock:failures");
            }
        });
        context.start();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            if (i % 2 == 0) {
                simulator.failNextJob("NO_SCENE", "no scene for that date");
            }
            ids.add(submit());
        }
        toProcessing();
        await().until(() -> ids.stream().allMatch(id -> "processing".equals(
                tracker().get(id).map(r -> r.position("all")).map(c -> c.status()).orElse(null))));
        toEnd();
        await().until(() -> tracker().size() == 0);

        MockEndpoint all = context.getEndpoint("mock:all", MockEndpoint.class);
        MockEndpoint failures = context.getEndpoint("mock:failures", MockEndpoint.class);
        List<String> expectedAll = new ArrayList<>();
        List<String> expectedFailures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String end = i % 2 == 0 ? "failed" : "completed";
            expectedAll.add(ids.get(i) + ":pending->processing");
            expectedAll.add(ids.get(i) + ":processing->" + end);
            if (i % 2 == 0) {
                // the filtered group skipped pending->processing: its position is processing
                expectedFailures.add(ids.get(i) + ":processing->failed");
            }
        }
        assertEquals(expectedAll.stream().sorted().toList(), seen(all), "the unfiltered group gets all 12");
        assertEquals(expectedFailures.stream().sorted().toList(), seen(failures), "the filtered group gets its 3");
        assertTrue(failures.getExchanges().stream()
                .allMatch(e -> "failures".equals(e.getMessage().getHeader(AsyncJobConstants.CONSUMER_GROUP))));
    }

    @Test
    void aGroupCanReceiveTheSubmitsOwnAnswerAsTheFirstTransition() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("sateais:detections?detectionType=ship");
                from("sateais:events?emitSubmitted=true&" + FAST).routeId("events").to("mock:events");
            }
        });
        context.start();
        String id = submit();
        MockEndpoint events = context.getEndpoint("mock:events", MockEndpoint.class);
        await().until(() -> seen(events).size() == 1);
        toProcessing();
        await().until(() -> seen(events).size() == 2);
        toEnd();
        await().until(() -> tracker().size() == 0);
        assertEquals(List.of(id + ":null->pending", id + ":pending->processing", id + ":processing->completed"),
                seen(events));
    }

    @Test
    void aJobThatAnswers404OnceIsStillFollowedToItsRealEnd() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("sateais:detections?detectionType=ship");
                from("sateais:jobs?" + FAST).routeId("jobs").to("mock:jobs");
            }
        });
        context.start();
        Instant created = simulator.clock().now();
        String id = submit();
        int before = simulator.requestCount("GET", "/api/v1/jobs/" + id);
        simulator.forgetJob(id); // a replica that lags answers 404 once...
        await().until(() -> simulator.requestCount("GET", "/api/v1/jobs/" + id) > before);
        simulator.seedJob(id, "ship", created); // ...then the job is there again
        toProcessing();
        toEnd();
        await().until(() -> tracker().size() == 0);

        MockEndpoint jobs = context.getEndpoint("mock:jobs", MockEndpoint.class);
        assertEquals(List.of(id + ":pending->completed"), seen(jobs));
        assertEquals(JobPhase.SUCCEEDED, jobs.getExchanges().get(0).getMessage().getHeader(AsyncJobConstants.PHASE));
    }

    @Test
    void aJobGoneForGoodIsReportedNotFoundOnceConfirmed() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("sateais:detections?detectionType=ship");
                from("sateais:jobs?notFoundConfirmations=3&notFoundWindow=200&" + FAST).routeId("jobs").to("mock:jobs");
            }
        });
        context.start();
        String id = submit();
        simulator.forgetJob(id);
        await().until(() -> tracker().size() == 0);

        MockEndpoint jobs = context.getEndpoint("mock:jobs", MockEndpoint.class);
        assertEquals(List.of(id + ":pending->NOT_FOUND"), seen(jobs));
        assertTrue(simulator.requestCount("GET", "/api/v1/jobs/" + id) >= 3, "three 404s before giving up");
    }

    @Test
    void stoppingTheContextCompletesEveryWaitingExchangeNamingItsJob() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:wait").to("sateais:detections?detectionType=ship&waitForCompletion=true"
                                       + "&firstPollDelay=0&pollInterval=50");
            }
        });
        context.start();
        CompletableFuture<Exchange> waiting = template.asyncSend("direct:wait", e -> e.getMessage().setBody(shipRequest()));
        await().until(() -> simulator.jobIds().size() == 1);
        String id = simulator.jobIds().get(0);

        context.stop();

        Exchange done = waiting.get(10, TimeUnit.SECONDS);
        JobWaitStoppedException stopped = assertInstanceOf(JobWaitStoppedException.class, done.getException());
        assertEquals(id, stopped.getJobId());
        assertTrue(stopped.getMessage().contains(id));
    }

    @Test
    void aProducerWaitingOnAJobTheConsumerFollowsSendsNoStatusRequestOfItsOwn() throws Exception {
        component().setClock(simulator.clock()); // both poll once a minute of the simulator's time
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("sateais:all?delay=20&initialDelay=0&firstPollDelay=0&pollInterval=60000").routeId("all")
                        .to("mock:all");
                from("direct:wait").to("sateais:detections?detectionType=ship&waitForCompletion=true"
                                       + "&firstPollDelay=0&pollInterval=60000");
            }
        });
        context.start();
        CompletableFuture<Exchange> waiting = template.asyncSend("direct:wait", e -> e.getMessage().setBody(shipRequest()));
        await().until(() -> simulator.jobIds().size() == 1);
        String statusPath = "/api/v1/jobs/" + simulator.jobIds().get(0);
        await().until(() -> simulator.requestCount("GET", statusPath) == 1); // the consumer's first poll

        simulator.clock().advance(PENDING.plus(PROCESSING).plusMinutes(1));

        Exchange done = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(null, done.getException());
        assertEquals("completed", done.getMessage().getBody(SateaisJob.class).status());
        assertEquals(2, simulator.requestCount("GET", statusPath),
                "the consumer's two polls answered the waiting producer too: it sent none of its own");
    }

    @Test
    void aContextWithProducersOnlyKeepsNoJobOnceItsWaitsEnded() throws Exception {
        component().setRateLimitRequests(0); // 50 waits polling every 50 ms would queue the submits behind the budget
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:wait").to("sateais:detections?detectionType=ship&waitForCompletion=true"
                                       + "&firstPollDelay=0&pollInterval=50");
            }
        });
        context.start();
        // each waiting exchange holds the template's thread until its job ends: give all 50 one
        ExecutorService callers = Executors.newFixedThreadPool(50);
        template.setExecutorService(callers);
        List<CompletableFuture<Exchange>> waits = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            waits.add(template.asyncSend("direct:wait", e -> e.getMessage().setBody(shipRequest())));
        }
        await().until(() -> simulator.jobIds().size() == 50);
        toProcessing();
        toEnd();
        for (CompletableFuture<Exchange> w : waits) {
            Exchange e = w.get(30, TimeUnit.SECONDS);
            assertEquals(null, e.getException());
            assertEquals("completed", e.getMessage().getBody(SateaisJob.class).status());
        }
        assertEquals(0, tracker().size(), "no consumer follows the account: nothing is kept once the waits ended");
        callers.shutdownNow();
    }

    @Test
    void jobsNobodyFollowsOrWaitsOnAreDroppedAfterTheirRetention() throws Exception {
        component().setJobRetention(Duration.ofMillis(1));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("sateais:detections?detectionType=ship");
            }
        });
        context.start();
        submit();
        submit();
        assertEquals(2, simulator.jobIds().size());
        await().until(() -> tracker().size() == 0);
    }
}
