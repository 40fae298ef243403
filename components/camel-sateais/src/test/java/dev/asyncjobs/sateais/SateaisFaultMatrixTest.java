package dev.asyncjobs.sateais;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.sateais.api.ResultExpiredException;
import dev.asyncjobs.simulator.camel.FaultMatrix;
import dev.asyncjobs.testkit.FaultMatrixChecks;
import org.apache.camel.Exchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One fault on one request of a submit that waits for its job and fetches the result, for every fault and every
 * request ({@link FaultMatrix}): the submit ({@code POST /api/v1/detect/ship}), the status requests
 * ({@code GET /api/v1/jobs/{id}}) and the result ({@code GET .../result.geojson}). Each row either reaches the job's
 * end (the exchange carries the GeoJSON) or fails the caller with the named exception; either way every job on the
 * simulator is tracked by the component ({@link FaultMatrixChecks}).
 * <p>
 * Left out here: a submit whose answer times out (the job exists but its id never arrived: the submit-intent
 * reconciliation the lead builds), and a 404 that later turns out to have been temporary (the tracker's 404 semantics
 * are being changed).
 */
class SateaisFaultMatrixTest extends SateaisTestSupport {

    static List<FaultMatrix.Row> matrix() {
        return FaultMatrix.rows("POST /api/v1/detect/ship", "GET /api/v1/jobs/[^/]+",
                "GET /api/v1/jobs/[^/]+/result\\.geojson", ResultExpiredException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void eachFaultReachesTheEndOrFailsTheCallerClearly(FaultMatrix.Row row) throws Exception {
        if (row.fault() == FaultMatrix.TIMEOUT) {
            // only here: a short read timeout on a loaded machine would turn other rows' requests into timeouts
            component().setSoTimeout(1500);
        }
        context.start();
        row.inject(simulator);

        CompletableFuture<Exchange> done = template.asyncSend("sateais:detections?detectionType=ship"
                + "&waitForCompletion=true&fetchResult=true&firstPollDelay=0&pollInterval=50&maxPollBackoff=200",
                e -> e.getMessage().setBody(shipRequest()));
        if (row.request() != FaultMatrix.Request.SUBMIT || row.failure() == null) {
            await().until(() -> simulator.jobIds().size() == 1);
            toProcessing();
            toEnd();
        }
        Exchange exchange = done.get(30, TimeUnit.SECONDS);

        Exception e = FaultMatrixChecks.assertOutcome(row, exchange, simulator, simulator::jobIds, tracker());
        if (e == null) {
            assertTrue(exchange.getMessage().getBody(String.class).contains("FeatureCollection"));
        } else {
            assertTrue(e.getMessage().startsWith("SateAIs "), "a clear message naming the vendor and request: "
                    + e.getMessage());
        }
    }
}
