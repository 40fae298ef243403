package dev.asyncjobs.spideriq;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.simulator.camel.SimulatorSupport;
import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's own test as the README shows it, SpiderIQ at simulator speed 600 with a consumer following the crawls:
 * the request budget is real time, as the simulator (like SpiderIQ) counts it, so 30 submits in a row are all
 * accepted, each sent once, none refused with 429.
 */
class SpiderIqFastSimulatorTest {

    private static final int SUBMITS = 30;

    @Test
    void thirtySubmitsInARowAtSpeed600AreAllAcceptedWithout429() throws Exception {
        CamelContext context = new DefaultCamelContext();
        Set<String> ended = ConcurrentHashMap.newKeySet();
        try (SpiderIqSimulator api = SpiderIqSimulator.builder().speed(600).start()) {
            SimulatorSupport.connect(context, api);
            context.addRoutes(new RouteBuilder() {
                public void configure() {
                    from("spideriq:jobs?terminalOnly=true").routeId("ends")
                            .process(e -> ended.add(e.getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class)));
                }
            });
            NotifyBuilder allEnded = new NotifyBuilder(context).fromRoute("ends").whenDone(SUBMITS).create();
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            Set<String> submitted = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < SUBMITS; i++) {
                String site = "https://example.com/site-" + i;
                Exchange answer = template.request("spideriq:crawl?jobType=spiderSite", e -> e.getMessage().setBody(site));
                assertNull(answer.getException(), "submit " + i + " failed");
                String jobId = answer.getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class);
                assertNotNull(jobId, "submit " + i + " has a job id");
                submitted.add(jobId);
            }
            assertEquals(SUBMITS, submitted.size(), "each submit created its own job");
            assertEquals(SUBMITS, api.requestCount("POST", ".*/jobs/spiderSite/submit"),
                    "each submit was sent once: none was refused with 429 and sent again");
            assertTrue(allEnded.matches(3, TimeUnit.MINUTES), "every crawl's end was delivered: " + ended.size());
            assertEquals(submitted, ended);
        } finally {
            context.stop();
        }
    }
}
