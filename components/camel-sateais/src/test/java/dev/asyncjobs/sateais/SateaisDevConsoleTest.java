package dev.asyncjobs.sateais;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.console.AsyncJobDevConsole;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.sateais.api.SateaisJob;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The asyncjob dev console reads a live account on the simulator, as an operator would through Camel's console
 * registry (what Spring Boot's actuator, Camel Main and JBang call): its jobs by phase and lease, its request budget,
 * the durations it learned per job type, in text and in JSON, and one job's record; never the key.
 */
class SateaisDevConsoleTest extends SateaisTestSupport {

    /** A budget that counts every request of the test (one window of an hour), so used and left are exact. */
    private static final int BUDGET = 100;

    @Override
    protected void configure(SateaisComponent component) {
        component.setRateLimitRequests(BUDGET);
        component.setRateLimitWindow(Duration.ofHours(1));
    }

    @Test
    void readsALiveAccountInTextAndJson() throws Exception {
        context.setDevConsole(true);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("sateais:detections?detectionType=ship");
                // learned polling (the default) learns the ship jobs' durations as they end
                from("sateais:jobs?delay=20&initialDelay=0&firstPollDelay=0").routeId("transitions")
                        .to("mock:transitions");
            }
        });
        context.start();
        String account = AsyncJobComponent.accountId(simulator.baseUrl(), simulator.apiKey());

        // two ship jobs run their 15 simulated minutes (a push makes them due once the clock moved): what the
        // account learns; each job is polled at once, then at the vendor's interval of a minute
        String first = submit();
        String second = submit();
        await().until(() -> polled(first) && polled(second));
        simulator.clock().advance(PENDING.plus(PROCESSING).plusSeconds(1));
        tracker().expedite(first);
        tracker().expedite(second);
        await().until(() -> tracker().size() == 0);
        // one job running, one queued
        String running = submit();
        await().until(() -> polled(running));
        toProcessing();
        tracker().expedite(running);
        await().until(() -> cursorStatus(running).equals("processing") && polled(running));
        String queued = submit();
        await().until(() -> polled(queued)); // the account is quiet now: its next polls are a minute away

        DevConsole console = DevConsoleRegistry.get(context).resolveById("asyncjob");
        assertNotNull(console, "the console is found by its id, as Camel's tools find it");

        JsonObject json = (JsonObject) console.call(DevConsole.MediaType.JSON, Map.of());
        JsonObject a = onlyAccount(json);
        assertEquals(account, a.getString("account"));
        JsonObject jobs = a.getMap("jobs");
        assertEquals(2, jobs.getInteger("total"));
        assertEquals(Map.of("QUEUED", 1L, "RUNNING", 1L), jobs.getMap("byPhase"));
        JsonObject budget = a.getMap("budget");
        int requests = simulator.requests().size();
        assertEquals(BUDGET, budget.getInteger("limit"));
        assertEquals(requests, budget.getInteger("used"), "every request of the hour counts");
        assertEquals(BUDGET - requests, budget.getInteger("left"));
        assertEquals(BUDGET / 10, budget.getInteger("reserve"), "by default a tenth of the budget is kept from polls");
        JsonObject learned = (JsonObject) ((List<?>) a.getCollection("learnedDurations")).get(0);
        assertEquals("ship", learned.getString("jobType"));
        assertEquals(2L, learned.getLong("jobs"));
        // the simulator's ship jobs last PENDING + PROCESSING, as SateAIs reports them (within a bucket's width)
        double seconds = PENDING.plus(PROCESSING).toSeconds();
        assertEquals(seconds, learned.getDouble("p50"), seconds * 0.03);
        assertFalse(learned.containsKey("runJobs"), "SateAIs dates no start: no run time is learned or shown");
        assertTrue(((JsonObject) a.getMap("health")).getBoolean("up"));
        assertEquals(List.of(), a.getCollection("unconfirmedSubmits"));

        String text = (String) console.call(DevConsole.MediaType.TEXT, Map.of());
        assertTrue(text.contains("Account " + account + " (followed here"), text);
        assertTrue(text.contains("Jobs: 2 (QUEUED=1, RUNNING=1)"), text);
        assertTrue(text.contains("Budget: " + requests + " used, " + (BUDGET - requests) + " left of " + BUDGET
                + " per 1h (" + BUDGET / 10 + " of it kept from polls)"), text);
        assertTrue(text.matches("(?s).*ship: p50 1[45]m[0-9]*s?, p95 1[45]m[0-9]*s? \\(2 jobs\\).*"), text);
        assertTrue(text.contains("Health: UP"), text);
        assertTrue(text.contains("Next due: job "), text);

        // one job's record on request
        JsonObject one = (JsonObject) console.call(DevConsole.MediaType.JSON, Map.of(AsyncJobDevConsole.JOB_ID, queued));
        JsonObject record = (JsonObject) ((List<?>) one.getCollection("jobs")).get(0);
        assertEquals(queued, record.getString("jobId"));
        assertEquals("QUEUED", record.getString("phase"));
        assertEquals("pending", ((JsonObject) record.getMap("baseline")).getString("status"));
        // opentelemetry-api is not on this module's classpath: no trace is kept, no transition carries one
        assertFalse(record.containsKey("traceParent"), record.toJson());
        MockEndpoint transitions = context.getEndpoint("mock:transitions", MockEndpoint.class);
        assertFalse(transitions.getExchanges().isEmpty());
        transitions.getExchanges().forEach(e -> assertNull(e.getMessage().getHeader(AsyncJobConstants.TRACEPARENT)));
        String jobText = (String) console.call(DevConsole.MediaType.TEXT, Map.of(AsyncJobDevConsole.JOB_ID, running));
        assertTrue(jobText.contains("Job " + running + " (sateais, account " + account + ")"), jobText);
        assertTrue(jobText.contains("cursors: transitions={status=processing"), jobText);
        String unknown = (String) console.call(DevConsole.MediaType.TEXT, Map.of(AsyncJobDevConsole.JOB_ID, "nope"));
        assertTrue(unknown.contains("Job nope: not followed by any account"), unknown);

        for (String output : List.of(json.toJson(), text, one.toJson(), jobText)) {
            assertFalse(output.contains(simulator.apiKey()), "never the key: " + output);
        }
    }

    private String submit() {
        return template.requestBody("direct:submit", shipRequest(), SateaisJob.class).jobId();
    }

    /** Whether the job's status was asked since the clock last moved, and that poll is over. */
    private boolean polled(String jobId) {
        return tracker().get(jobId).filter(r -> r.lastPolledAt() != null && r.leaseOwner() == null
                && simulator.requestCount("GET", ".*" + jobId) > 0).isPresent();
    }

    private String cursorStatus(String jobId) {
        return tracker().get(jobId).map(r -> r.cursors().get("transitions")).map(JobRecord.Cursor::status).orElse("");
    }

    private static JsonObject onlyAccount(JsonObject json) {
        List<?> components = json.getCollection("components");
        assertEquals(1, components.size(), json.toJson());
        List<?> accounts = ((JsonObject) components.get(0)).getCollection("accounts");
        assertEquals(1, accounts.size(), json.toJson());
        return (JsonObject) accounts.get(0);
    }
}
