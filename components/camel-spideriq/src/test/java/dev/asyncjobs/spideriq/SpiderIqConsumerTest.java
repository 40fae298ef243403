package dev.asyncjobs.spideriq;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.spideriq.api.JobResults;
import dev.asyncjobs.spideriq.api.SpiderIqJob;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** The consumer: one exchange per transition, with the job's type and worker, results on completion. */
class SpiderIqConsumerTest extends SpiderIqTestSupport {

    private static final String CRAWL = "spideriq:crawl?jobType=spiderSite";

    private final List<Exchange> emitted = new CopyOnWriteArrayList<>();

    @Override
    protected void configure(SpiderIqComponent component) {
        // the fastest the docs allow ("every 2-5 seconds"), to keep the test short
        component.getConfiguration().setFirstPollDelay(Duration.ofSeconds(2));
        component.getConfiguration().setPollInterval(Duration.ofSeconds(2));
    }

    @Override
    RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // one 404 is enough here: confirming over a window is SateaisFollowingTest's subject
                from("spideriq:jobs?fetchResult=true&delay=200&notFoundConfirmations=1").routeId("transitions")
                        .process(exchange -> emitted.add(exchange.copy()));
            }
        };
    }

    private String submit(String url) {
        return template.request(CRAWL, e -> e.getMessage().setBody(url)).getMessage()
                .getHeader(SpiderIqConstants.JOB_ID, String.class);
    }

    private List<Message> of(String jobId) {
        return emitted.stream().map(Exchange::getMessage)
                .filter(m -> jobId.equals(m.getHeader(SpiderIqConstants.JOB_ID))).toList();
    }

    private List<String> statuses(String jobId) {
        return of(jobId).stream().map(m -> m.getHeader(SpiderIqConstants.STATUS, String.class)).toList();
    }

    @Test
    void emitsEveryTransitionOnceWithTypeWorkerResultsAndFailureReason() {
        String completes = submit("https://example.com");
        simulator.failNextJob("Website unreachable");
        String fails = submit("https://down.example");
        String cancelled = submit("https://cancel.example");
        String vanishes = simulator.createJob("spiderMaps", "bakeries");
        template.sendBodyAndHeader("spideriq:jobs?operation=track", null, SpiderIqConstants.JOB_ID, vanishes);
        template.sendBodyAndHeader("spideriq:jobs?operation=cancel", null, SpiderIqConstants.JOB_ID, cancelled);

        // the tracked job is polled at once; the submitted ones 2 s after their submit
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(vanishes).size() == 1
                && statuses(cancelled).size() == 1);
        assertEquals(List.of("queued"), statuses(vanishes), "a tracked job's first poll emits its current status");
        assertNull(of(vanishes).get(0).getHeader(SpiderIqConstants.PREVIOUS_STATUS));
        assertEquals("spiderMaps", of(vanishes).get(0).getHeader(SpiderIqConstants.JOB_TYPE),
                "the type comes from the job itself");
        Message cancel = of(cancelled).get(0);
        assertEquals("cancelled", cancel.getHeader(SpiderIqConstants.STATUS));
        assertEquals(JobPhase.CANCELLED, cancel.getHeader(SpiderIqConstants.PHASE));
        assertEquals("queued", cancel.getHeader(SpiderIqConstants.PREVIOUS_STATUS));
        assertEquals(true, cancel.getHeader(SpiderIqConstants.TERMINAL));
        assertEquals(List.of(), statuses(completes), "no transition yet: the submit said queued already");

        advance(Duration.ofSeconds(80)); // processing
        simulator.forgetJob(vanishes);
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(completes).size() == 1
                && statuses(fails).size() == 1 && statuses(vanishes).size() == 2);
        Message processing = of(completes).get(0);
        assertEquals("processing", processing.getHeader(SpiderIqConstants.STATUS));
        assertEquals(JobPhase.RUNNING, processing.getHeader(SpiderIqConstants.PHASE));
        assertEquals("queued", processing.getHeader(SpiderIqConstants.PREVIOUS_STATUS));
        assertEquals("spiderSite", processing.getHeader(SpiderIqConstants.JOB_TYPE));
        assertEquals("spider-site-main-1", processing.getHeader(SpiderIqConstants.WORKER_ID));
        assertEquals("2025-10-27T10:01:15Z", processing.getHeader(SpiderIqConstants.UPDATED_AT));
        assertInstanceOf(SpiderIqJob.class, processing.getBody());
        Message notFound = of(vanishes).get(1);
        assertEquals(JobPhase.NOT_FOUND, notFound.getHeader(SpiderIqConstants.PHASE));
        assertEquals("Job not found", notFound.getHeader(SpiderIqConstants.ERROR_MESSAGE));

        advance(Duration.ofMinutes(2)); // completed and failed
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(completes).size() == 2
                && statuses(fails).size() == 2);
        Message completed = of(completes).get(1);
        assertEquals(JobPhase.SUCCEEDED, completed.getHeader(SpiderIqConstants.PHASE));
        JobResults results = completed.getBody(JobResults.class);
        assertEquals("https://example.com", results.data().get("url"));
        assertEquals("completed", completed.getHeader(SpiderIqConstants.JOB, SpiderIqJob.class).status());
        Message failed = of(fails).get(1);
        assertEquals(JobPhase.FAILED, failed.getHeader(SpiderIqConstants.PHASE));
        assertEquals("Job failed: Website unreachable", failed.getHeader(SpiderIqConstants.ERROR_MESSAGE),
                "the reason comes from the results endpoint's 410, as the docs advise");

        await().atMost(Duration.ofSeconds(5)).until(() -> tracker().size() == 0);
        assertEquals(List.of("processing", "completed"), statuses(completes));
        assertEquals(List.of("processing", "failed"), statuses(fails));
        assertEquals(List.of("cancelled"), statuses(cancelled));
        assertEquals(List.of("queued", "NOT_FOUND"), statuses(vanishes));
    }

    @Test
    void twoSubmitsAnsweredWithTheSameCachedJobEmitItsCompletionOnce() {
        String first = submit("https://example.com");
        String second = submit("https://example.com");
        assertEquals(first, second);
        advance(Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> tracker().size() == 0);
        assertEquals(List.of("completed"), statuses(first));
        assertEquals(2, simulator.submitCount());
        assertEquals(1, simulator.cachedSubmitCount());

        // once its end was emitted the job is no longer tracked: a third identical submit, answered from the cache
        // again, wants its completion too, and gets it on its first poll
        String third = submit("https://example.com");
        assertEquals(first, third);
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(first).size() == 2);
        assertNull(of(first).get(1).getHeader(SpiderIqConstants.PREVIOUS_STATUS));
        assertEquals("completed", of(first).get(1).getHeader(SpiderIqConstants.STATUS));
        Map<String, Long> perJob = emitted.stream().collect(Collectors.groupingBy(
                e -> e.getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class), Collectors.counting()));
        assertEquals(Map.of(first, 2L), perJob);
        assertTrue(tracker().size() == 0);
    }
}
