package dev.asyncjobs.spideriq;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.asyncjobs.engine.spi.SubmitUnconfirmedException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A submit whose answer never arrives (the simulator creates the job, then stalls past the client's timeout): the
 * consumer reconciles it through SpiderIQ's 24 h submit cache and follows the one job there is to its end.
 */
class SpiderIqSubmitReconciliationTest extends SpiderIqTestSupport {

    private final List<Exchange> emitted = new CopyOnWriteArrayList<>();

    @Override
    protected void configure(SpiderIqComponent component) {
        component.setResponseTimeout(1000);
        component.getConfiguration().setFirstPollDelay(Duration.ofSeconds(2));
        component.getConfiguration().setPollInterval(Duration.ofSeconds(2));
    }

    @Override
    RouteBuilder routes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("spideriq:jobs?delay=100&submitReconcileDelay=0").routeId("transitions")
                        .process(exchange -> emitted.add(exchange.copy()));
            }
        };
    }

    @Test
    void aSubmitWhoseAnswerWasLostIsFoundInTheSubmitCacheAndFollowedToItsEnd() {
        simulator.faults().next(1, "POST", "/api/v1/jobs/spiderSite/submit").slow(Duration.ofSeconds(6));

        Exchange submit = template.request("spideriq:crawl?jobType=spiderSite",
                e -> e.getMessage().setBody("https://lost-answer.example"));

        SubmitUnconfirmedException lost = assertInstanceOf(SubmitUnconfirmedException.class, submit.getException());
        await().until(() -> simulator.jobIds().size() == 1); // the job exists on SpiderIQ
        String jobId = simulator.jobIds().get(0);
        // nobody has seen the adopted job yet: its first poll delivers its current status
        await().atMost(Duration.ofSeconds(20)).until(() -> emitted.size() == 1);
        advance(Duration.ofMinutes(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> !tracker().isTracked(jobId));

        assertEquals(1, simulator.jobIds().size(), "sending the recorded request again created no second job");
        assertEquals(List.of("null->queued", "queued->completed"), emitted.stream()
                .map(e -> e.getMessage().getHeader(SpiderIqConstants.PREVIOUS_STATUS) + "->"
                          + e.getMessage().getHeader(SpiderIqConstants.STATUS)).toList());
        await().until(() -> tracker().store().intents(tracker().account()).isEmpty()); // intent settled
        assertEquals(false, lost.isRetryable(), "a blind retry could create a second job");
    }
}
