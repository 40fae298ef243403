package dev.asyncjobs.spideriq;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.simulator.camel.FaultMatrix;
import dev.asyncjobs.spideriq.api.JobResults;
import dev.asyncjobs.spideriq.api.ResultsGoneException;
import dev.asyncjobs.testkit.FaultMatrixChecks;
import org.apache.camel.Exchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One fault on one request of a submit that waits for its job and fetches the result, for every fault and every
 * request ({@link FaultMatrix}): the submit ({@code POST /api/v1/jobs/spiderSite/submit}), the status requests
 * ({@code GET /api/v1/jobs/{id}/status}) and the results ({@code GET .../results}). Each row either reaches the job's
 * end (the exchange carries the results) or fails the caller with the named exception; either way every job on the
 * simulator is tracked by the component ({@link FaultMatrixChecks}).
 * <p>
 * Left out here: a submit whose answer times out (the job exists but its id never arrived: the submit-intent
 * reconciliation the lead builds), and a 404 that later turns out to have been temporary (the tracker's 404 semantics
 * are being changed).
 */
class SpiderIqFaultMatrixTest extends SpiderIqTestSupport {

    static List<FaultMatrix.Row> matrix() {
        return FaultMatrix.rows("POST /api/v1/jobs/spiderSite/submit", "GET /api/v1/jobs/[^/]+/status",
                "GET /api/v1/jobs/[^/]+/results", ResultsGoneException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void eachFaultReachesTheEndOrFailsTheCallerClearly(FaultMatrix.Row row) throws Exception {
        if (row.fault() == FaultMatrix.TIMEOUT) {
            // only here: a short read timeout on a loaded machine would turn other rows' requests into timeouts
            component().setSoTimeout(1500);
        }
        row.inject(simulator);

        CompletableFuture<Exchange> done = template.asyncSend("spideriq:crawl?jobType=spiderSite"
                + "&waitForCompletion=true&fetchResult=true&firstPollDelay=0&maxPollBackoff=2s",
                e -> e.getMessage().setBody("https://example.com"));
        if (row.request() != FaultMatrix.Request.SUBMIT || row.failure() == null) {
            await().until(() -> simulator.jobIds().size() == 1);
            advance(Duration.ofMinutes(5));
        }
        Exchange exchange = done.get(60, TimeUnit.SECONDS);

        Exception e = FaultMatrixChecks.assertOutcome(row, exchange, simulator, simulator::jobIds, tracker());
        if (e == null) {
            assertEquals("completed", exchange.getMessage().getBody(JobResults.class).status());
        } else {
            assertTrue(e.getMessage().contains("SpiderIQ"), "a clear message naming the vendor: " + e.getMessage());
        }
    }
}
