package dev.asyncjobs.sateais;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.asyncjobs.engine.AuthenticationException;
import dev.asyncjobs.engine.GoneException;
import dev.asyncjobs.engine.NotFoundException;
import dev.asyncjobs.engine.RateLimitedException;
import dev.asyncjobs.engine.TransientApiException;
import dev.asyncjobs.sateais.api.ResultExpiredException;
import dev.asyncjobs.simulator.FaultInjector;
import org.apache.camel.Exchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One fault on one request of a submit that waits for its job and fetches the result, for every fault and every
 * request: the submit ({@code POST /api/v1/detect/ship}), the status requests ({@code GET /api/v1/jobs/{id}}) and the
 * result ({@code GET .../result.geojson}). Each row either reaches the job's end (the exchange carries the GeoJSON) or
 * fails the caller with the named exception; either way every job on the simulator is tracked by the component.
 * <p>
 * Left out here: a submit whose answer times out (the job exists but its id never arrived: the submit-intent
 * reconciliation the lead builds), and a 404 that later turns out to have been temporary (the tracker's 404 semantics
 * are being changed).
 */
class SateaisFaultMatrixTest extends SateaisTestSupport {

    private static final String SUBMIT = "POST /api/v1/detect/ship";
    private static final String STATUS = "GET /api/v1/jobs/[^/]+";
    private static final String RESULT = "GET /api/v1/jobs/[^/]+/result\\.geojson";

    private record Fault(String name, Consumer<FaultInjector.Next> inject) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Fault RATE_LIMITED_RETRY_AFTER = new Fault("429 Retry-After 1",
            n -> n.rateLimited(Duration.ofSeconds(1)));
    private static final Fault RATE_LIMITED = new Fault("429", n -> n.rateLimited(null));
    private static final Fault SERVER_ERROR = new Fault("500", FaultInjector.Next::serverError);
    private static final Fault UNAVAILABLE_RETRY_AFTER = new Fault("503 Retry-After 1",
            n -> n.status(503, Duration.ofSeconds(1)));
    private static final Fault UNAVAILABLE = new Fault("503", n -> n.status(503, null));
    private static final Fault TIMEOUT = new Fault("timeout", n -> n.slow(Duration.ofSeconds(4)));
    private static final Fault RESET = new Fault("reset", FaultInjector.Next::connectionReset);
    private static final Fault MALFORMED = new Fault("malformed JSON", FaultInjector.Next::malformedJson);
    private static final Fault UNAUTHORIZED = new Fault("401", n -> n.status(401, null));
    private static final Fault NOT_FOUND = new Fault("404", n -> n.status(404, null));
    private static final Fault GONE = new Fault("410", n -> n.status(410, null));

    /** request, fault, expected failure (null: the job reaches its end and the exchange carries the result). */
    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        // status requests: transient faults are retried (Retry-After honoured), the job reaches its end
        for (Fault f : List.of(RATE_LIMITED_RETRY_AFTER, RATE_LIMITED, SERVER_ERROR, UNAVAILABLE_RETRY_AFTER,
                UNAVAILABLE, TIMEOUT, RESET, MALFORMED)) {
            rows.add(Arguments.of(STATUS, f, null));
        }
        rows.add(Arguments.of(STATUS, UNAUTHORIZED, AuthenticationException.class));
        rows.add(Arguments.of(STATUS, NOT_FOUND, NotFoundException.class));
        rows.add(Arguments.of(STATUS, GONE, GoneException.class));
        // the submit is never retried (a retry could create a second billable job): the caller gets the failure
        rows.add(Arguments.of(SUBMIT, RATE_LIMITED_RETRY_AFTER, RateLimitedException.class));
        rows.add(Arguments.of(SUBMIT, RATE_LIMITED, RateLimitedException.class));
        rows.add(Arguments.of(SUBMIT, SERVER_ERROR, TransientApiException.class));
        rows.add(Arguments.of(SUBMIT, UNAVAILABLE_RETRY_AFTER, TransientApiException.class));
        rows.add(Arguments.of(SUBMIT, UNAVAILABLE, TransientApiException.class));
        rows.add(Arguments.of(SUBMIT, RESET, TransientApiException.class));
        rows.add(Arguments.of(SUBMIT, MALFORMED, TransientApiException.class));
        rows.add(Arguments.of(SUBMIT, UNAUTHORIZED, AuthenticationException.class));
        rows.add(Arguments.of(SUBMIT, NOT_FOUND, NotFoundException.class));
        rows.add(Arguments.of(SUBMIT, GONE, GoneException.class));
        // the result is fetched once: a failure reaches the caller, the completed job stays tracked
        rows.add(Arguments.of(RESULT, RATE_LIMITED_RETRY_AFTER, RateLimitedException.class));
        rows.add(Arguments.of(RESULT, RATE_LIMITED, RateLimitedException.class));
        rows.add(Arguments.of(RESULT, SERVER_ERROR, TransientApiException.class));
        rows.add(Arguments.of(RESULT, UNAVAILABLE_RETRY_AFTER, TransientApiException.class));
        rows.add(Arguments.of(RESULT, UNAVAILABLE, TransientApiException.class));
        rows.add(Arguments.of(RESULT, TIMEOUT, TransientApiException.class));
        rows.add(Arguments.of(RESULT, RESET, TransientApiException.class));
        rows.add(Arguments.of(RESULT, MALFORMED, TransientApiException.class));
        rows.add(Arguments.of(RESULT, UNAUTHORIZED, AuthenticationException.class));
        rows.add(Arguments.of(RESULT, NOT_FOUND, NotFoundException.class));
        rows.add(Arguments.of(RESULT, GONE, ResultExpiredException.class));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("matrix")
    void eachFaultReachesTheEndOrFailsTheCallerClearly(String request, Fault fault, Class<? extends Exception> failure)
            throws Exception {
        if (fault == TIMEOUT) {
            // only here: a short read timeout on a loaded machine would turn other rows' requests into timeouts
            component().setSoTimeout(1500);
        }
        context.start();
        String method = request.substring(0, request.indexOf(' '));
        fault.inject().accept(simulator.faults().next(1, method, request.substring(request.indexOf(' ') + 1)));

        CompletableFuture<Exchange> done = template.asyncSend("sateais:detections?detectionType=ship"
                + "&waitForCompletion=true&fetchResult=true&firstPollDelay=0&pollInterval=50&maxPollBackoff=200",
                e -> e.getMessage().setBody(shipRequest()));
        if (!request.equals(SUBMIT)) {
            await().until(() -> simulator.jobIds().size() == 1);
            toProcessing();
            toEnd();
        }
        Exchange exchange = done.get(30, TimeUnit.SECONDS);

        assertEquals(0, simulator.faults().remaining(), () -> "the fault was met; exchange failure: "
                + exchange.getException() + "; requests: " + simulator.requests().stream()
                        .map(r -> r.method() + " " + r.path()).toList());
        if (failure == null) {
            assertNull(exchange.getException(), () -> "the job reaches its end: " + exchange.getException());
            assertTrue(exchange.getMessage().getBody(String.class).contains("FeatureCollection"));
        } else {
            Exception e = assertInstanceOf(failure, exchange.getException());
            assertTrue(e.getMessage().startsWith("SateAIs "), "a clear message naming the vendor and request: "
                    + e.getMessage());
        }
        // no job on the simulator that the component does not follow
        for (String jobId : simulator.jobIds()) {
            assertTrue(tracker().isTracked(jobId), "job " + jobId + " is tracked");
        }
        if (request.equals(SUBMIT)) {
            assertEquals(List.of(), simulator.jobIds(), "a failed submit created no job");
        } else {
            assertEquals(1, simulator.jobIds().size());
        }
    }
}
