package dev.asyncjobs.sateais;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.asyncjobs.engine.spi.SubmitUnconfirmedException;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.follow.SubmitReconciler;
import dev.asyncjobs.engine.follow.JobTracker;
import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import dev.asyncjobs.testkit.Stop;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Submits whose answer never arrives (the simulator creates the job, then stalls past the client's timeout). SateAIs
 * has no idempotency key: the consumer looks for the job among the recent jobs created around the submit. One such
 * job is adopted and followed to its end; when it cannot be told apart, the routes get one report, and nothing is
 * submitted again.
 */
class SateaisSubmitReconciliationTest {

    private SateaisSimulator simulator;
    private DefaultCamelContext context;

    private void start() throws Exception {
        // the simulator's clock runs in real time, so the job list's created_at compares with the submit's intent
        simulator = SateaisSimulator.builder().startTime(Instant.now()).speed(1)
                .timing(Duration.ofSeconds(1), Duration.ofSeconds(1)).start();
        context = new DefaultCamelContext();
        context.setDevConsole(true);
        SateaisComponent component = context.getComponent("sateais", SateaisComponent.class);
        component.getConfiguration().setApiKey(simulator.apiKey());
        component.getConfiguration().setBaseUrl(simulator.baseUrl());
        component.setResponseTimeout(1000);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("sateais:detections?detectionType=ship");
                from("sateais:jobs?delay=50&firstPollDelay=0&pollInterval=100&submitReconcileDelay=2s")
                        .routeId("jobs").to("mock:jobs");
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        Stop.camelAndSimulator(context, simulator);
    }

    private JobTracker tracker() {
        return context.getComponent("sateais", SateaisComponent.class).getTracker(simulator.baseUrl(),
                simulator.apiKey());
    }

    private Exchange submitWithLostAnswer() {
        simulator.faults().next(1, "POST", "/api/v1/detect/ship").slow(Duration.ofSeconds(6));
        return context.createProducerTemplate().request("direct:submit",
                e -> e.getMessage().setBody(SateaisTestSupport.shipRequest()));
    }

    @Test
    void theOneJobCreatedAroundALostSubmitIsAdoptedAndFollowedToItsEnd() throws Exception {
        start();
        Exchange submit = submitWithLostAnswer();

        assertInstanceOf(SubmitUnconfirmedException.class, submit.getException());
        await().until(() -> simulator.jobIds().size() == 1);
        String jobId = simulator.jobIds().get(0);
        MockEndpoint jobs = context.getEndpoint("mock:jobs", MockEndpoint.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.getExchanges().stream()
                .anyMatch(e -> Boolean.TRUE.equals(e.getMessage().getHeader(AsyncJobConstants.TERMINAL))));

        assertEquals(1, simulator.jobIds().size(), "nothing was submitted again");
        Exchange last = jobs.getExchanges().get(jobs.getExchanges().size() - 1);
        assertEquals(jobId, last.getMessage().getHeader(AsyncJobConstants.JOB_ID));
        assertEquals("completed", last.getMessage().getHeader(AsyncJobConstants.STATUS));
        await().until(() -> tracker().store().intents(tracker().account()).isEmpty());
    }

    @Test
    void theDevConsoleShowsALostSubmitUnconfirmedUntilItsJobIsAdopted() throws Exception {
        start();
        context.getRouteController().stopRoute("jobs"); // nobody reconciles while the console is read
        Exchange submit = submitWithLostAnswer();
        SubmitUnconfirmedException lost = assertInstanceOf(SubmitUnconfirmedException.class, submit.getException());
        DevConsole console = DevConsoleRegistry.get(context).resolveById("asyncjob");

        String before = (String) console.call(DevConsole.MediaType.TEXT, Map.of());
        assertTrue(before.contains("Unconfirmed submits: 1\n      " + lost.getIntentId() + " ship sent "), before);
        assertTrue(before.contains("Adopted submits: 0"), before);

        context.getRouteController().startRoute("jobs");
        await().until(() -> tracker().store().intents(tracker().account()).isEmpty());
        String jobId = simulator.jobIds().get(0);
        String after = (String) console.call(DevConsole.MediaType.TEXT, Map.of());
        assertTrue(after.contains("Unconfirmed submits: 0"), after);
        assertTrue(after.contains("Adopted submits: 1\n      job " + jobId + " from submit " + lost.getIntentId()), after);
    }

    @Test
    void twoCandidatesCannotBeToldApartSoTheRoutesGetOneReportAndNothingIsSentAgain() throws Exception {
        start();
        String bystander = simulator.createJob("ship"); // created at the same moment, by someone else

        Exchange submit = submitWithLostAnswer();

        SubmitUnconfirmedException lost = assertInstanceOf(SubmitUnconfirmedException.class, submit.getException());
        MockEndpoint jobs = context.getEndpoint("mock:jobs", MockEndpoint.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.getExchanges().stream().anyMatch(
                e -> SubmitReconciler.UNCONFIRMED_SUBMIT.equals(e.getMessage().getHeader(AsyncJobConstants.STATUS))));
        List<Exchange> reports = jobs.getExchanges().stream().filter(
                e -> SubmitReconciler.UNCONFIRMED_SUBMIT.equals(e.getMessage().getHeader(AsyncJobConstants.STATUS))).toList();

        assertEquals(1, reports.size());
        Exchange report = reports.get(0);
        assertEquals(lost.getIntentId(), report.getMessage().getHeader(AsyncJobConstants.SUBMIT_INTENT_ID));
        String reason = report.getMessage().getHeader(AsyncJobConstants.ERROR_MESSAGE, String.class);
        assertEquals(true, reason.contains(bystander), reason);
        assertEquals(true, report.getMessage().getBody(String.class).contains("POLYGON"),
                "the report carries the request as it was sent");
        assertEquals(2, simulator.jobIds().size(), "nothing was submitted again");
        await().until(() -> tracker().store().intents(tracker().account()).isEmpty());
    }
}
