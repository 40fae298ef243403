package dev.asyncjobs.plangrep;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.follow.JobAdoption;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plangrep documents no list of jobs: with adoptJobs, a webhook call naming a job that no record holds (its store was
 * lost) is checked with an authenticated status request, and only a job the key sees is adopted; its first exchange
 * is marked adopted, and its first poll keeps the 5 s floor after the check.
 */
class PlangrepWebhookAdoptionTest extends PlangrepTestSupport {

    private static final String PATH = "/plangrep/webhook";

    private final List<Exchange> seen = new CopyOnWriteArrayList<>();
    private String webhookUrl;

    @BeforeEach
    void start() throws Exception {
        int port = PlangrepWebhookTest.freePort();
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost("127.0.0.1");
        http.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(http));
        webhookUrl = "http://127.0.0.1:" + port + PATH;
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("plangrep:jobs?delay=20&initialDelay=0&adoptJobs=true&webhookPath=" + PATH).process(seen::add);
            }
        });
        context.start();
    }

    @Test
    void aWebhookForAJobNoRecordHoldsAdoptsItOnceTheKeySeesIt() throws Exception {
        Exchange created = send("plangrep:jobs?trackSubmittedJobs=false", null, Map.of());
        String id = created.getMessage().getHeader(PlangrepConstants.JOB_ID, String.class);
        assertFalse(tracker().isTracked(id), "no record holds the job");

        assertEquals(200, PlangrepWebhookTest.postTo(webhookUrl, "{\"job\":{\"id\":\"" + id + "\"}}").statusCode());

        await().until(() -> tracker().get(id).map(r -> JobAdoption.isAdopted(r.ref())).orElse(false));
        advance(Duration.ofSeconds(5)); // the floor after the checking request
        await().until(() -> !seen.isEmpty());
        assertEquals(id, seen.get(0).getMessage().getHeader(AsyncJobConstants.JOB_ID));
        assertEquals(true, seen.get(0).getMessage().getHeader(AsyncJobConstants.ADOPTED));
    }

    @Test
    void aPushedJobWhoseCheckFailedForAWhileIsCheckedAgainAndAdopted() throws Exception {
        Exchange created = send("plangrep:jobs?trackSubmittedJobs=false", null, Map.of());
        String id = created.getMessage().getHeader(PlangrepConstants.JOB_ID, String.class);
        // the vendor fails the check (5xx): no verdict on the job, so the push is not dropped
        simulator.faults().next(2, "GET", ".*/jobs/" + id).serverError();

        assertEquals(200, PlangrepWebhookTest.postTo(webhookUrl, "{\"job\":{\"id\":\"" + id + "\"}}").statusCode());

        await().until(() -> tracker().get(id).map(r -> JobAdoption.isAdopted(r.ref())).orElse(false));
        assertEquals(3, simulator.requestCount("GET", ".*/jobs/" + id), "two failed checks, then the one that saw it");
        advance(Duration.ofSeconds(5)); // the floor after the checking request
        await().until(() -> !seen.isEmpty());
        assertEquals(true, seen.get(0).getMessage().getHeader(AsyncJobConstants.ADOPTED));
    }

    @Test
    void theWebhookCallIsAnsweredBeforeTheCheckEnds() throws Exception {
        Exchange created = send("plangrep:jobs?trackSubmittedJobs=false", null, Map.of());
        String id = created.getMessage().getHeader(PlangrepConstants.JOB_ID, String.class);
        // a check that takes long (here a slow answer; in production, a key whose budget is spent but the reserve)
        simulator.faults().next(1, "GET", ".*/jobs/" + id).slow(Duration.ofSeconds(3));

        assertEquals(200, PlangrepWebhookTest.postTo(webhookUrl, "{\"job\":{\"id\":\"" + id + "\"}}").statusCode());
        assertFalse(tracker().isTracked(id), "answered while the check is still under way");

        await().until(() -> tracker().get(id).map(r -> JobAdoption.isAdopted(r.ref())).orElse(false));
    }

    @Test
    void aWebhookForAJobTheKeyDoesNotSeeIsNotAdopted() throws Exception {
        assertEquals(200, PlangrepWebhookTest.postTo(webhookUrl, "{\"job\":{\"id\":\"job_forged\"}}").statusCode());

        await().until(() -> simulator.requestCount("GET", ".*/jobs/job_forged") == 1);
        assertFalse(tracker().isTracked("job_forged"));
        assertTrue(seen.isEmpty());
    }
}
