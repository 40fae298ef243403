package dev.asyncjobs.simulator.camel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import dev.asyncjobs.engine.spi.AuthenticationException;
import dev.asyncjobs.engine.spi.GoneException;
import dev.asyncjobs.engine.spi.NotFoundException;
import dev.asyncjobs.engine.spi.TransientApiException;
import dev.asyncjobs.simulator.FaultInjector;
import dev.asyncjobs.simulator.VendorSimulator;

/**
 * Every fault a vendor API can answer with, on each request of a job that a caller waits for and whose result it
 * fetches (the submit, the status requests, the result), with what an async job component does about it: status
 * requests ride out transient faults (Retry-After honoured) and the job reaches its end; the submit is never retried
 * (a retry could create a second billable job), and the result is fetched once, so there the caller gets the failure,
 * as the named exception.
 * <p>
 * For a parameterised test of a route, one fault on one request a row:
 *
 * <pre>{@code
 * static List<FaultMatrix.Row> matrix() {
 *     return FaultMatrix.rows("POST /api/v1/detect/ship", "GET /api/v1/jobs/[^/]+",
 *             "GET /api/v1/jobs/[^/]+/result\\.geojson", ResultExpiredException.class);
 * }
 *
 * @ParameterizedTest(name = "{0}")
 * @MethodSource("matrix")
 * void eachFault(FaultMatrix.Row row) {
 *     row.inject(simulator);                        // once, on the row's request
 *     Exchange exchange = ...;                      // send, move the simulator's clock to the job's end
 *     // row.failure(): null when the job reaches its end, else the exception the caller gets
 * }
 * }</pre>
 */
public final class FaultMatrix {

    /** The request of a job a row's fault hits. */
    public enum Request {
        /** the submit: never retried, the caller gets the failure and no job exists */
        SUBMIT,
        /** a status request: transient faults are retried */
        STATUS,
        /** the result: fetched once, the caller gets the failure */
        RESULT
    }

    /** One fault, as the simulator's {@link FaultInjector} answers it; named for test reports. */
    public record Fault(String name, Consumer<FaultInjector.Next> inject) {

        public Fault {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(inject, "inject");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static final Fault RATE_LIMITED_RETRY_AFTER = new Fault("429 Retry-After 1",
            n -> n.rateLimited(Duration.ofSeconds(1)));
    public static final Fault RATE_LIMITED = new Fault("429", n -> n.rateLimited(null));
    public static final Fault SERVER_ERROR = new Fault("500", FaultInjector.Next::serverError);
    public static final Fault UNAVAILABLE_RETRY_AFTER = new Fault("503 Retry-After 1",
            n -> n.status(503, Duration.ofSeconds(1)));
    public static final Fault UNAVAILABLE = new Fault("503", n -> n.status(503, null));
    /** An answer 4 s late: set the component's {@code soTimeout} below that for this fault. */
    public static final Fault TIMEOUT = new Fault("timeout", n -> n.slow(Duration.ofSeconds(4)));
    public static final Fault RESET = new Fault("reset", FaultInjector.Next::connectionReset);
    public static final Fault MALFORMED = new Fault("malformed JSON", FaultInjector.Next::malformedJson);
    public static final Fault UNAUTHORIZED = new Fault("401", n -> n.status(401, null));
    public static final Fault NOT_FOUND = new Fault("404", n -> n.status(404, null));
    public static final Fault GONE = new Fault("410", n -> n.status(410, null));

    /**
     * One fault on one request, and what the caller gets.
     *
     * @param request  which request the fault hits
     * @param method   its HTTP method
     * @param path     a regular expression matching its path
     * @param fault    the fault
     * @param failure  the exception the caller gets, or null: the job reaches its end and the caller its result
     */
    public record Row(Request request, String method, String path, Fault fault, Class<? extends Exception> failure) {

        /** Makes the simulator answer the row's request once with the row's fault. */
        public void inject(VendorSimulator simulator) {
            fault.inject().accept(simulator.faults().next(1, method, path));
        }

        /** As test reports show the row: {@code <method> <path>: <fault>}. */
        @Override
        public String toString() {
            return method + " " + path + ": " + fault;
        }
    }

    private FaultMatrix() {
    }

    /**
     * The rows for one vendor's requests, each as {@code "<METHOD> <path regex>"}.
     *
     * @param resultGone what the caller gets when the result answers 410 (the vendor's "result expired" exception)
     */
    public static List<Row> rows(String submit, String status, String result, Class<? extends Exception> resultGone) {
        List<Row> rows = new ArrayList<>();
        // status requests: transient faults are retried (Retry-After honoured), the job reaches its end
        for (Fault f : List.of(RATE_LIMITED_RETRY_AFTER, RATE_LIMITED, SERVER_ERROR, UNAVAILABLE_RETRY_AFTER,
                UNAVAILABLE, TIMEOUT, RESET, MALFORMED)) {
            rows.add(row(Request.STATUS, status, f, null));
        }
        rows.add(row(Request.STATUS, status, UNAUTHORIZED, AuthenticationException.class));
        // one 404 is not the end of a job (a lagging replica): it is confirmed over notFoundConfirmations answers
        rows.add(row(Request.STATUS, status, NOT_FOUND, null));
        rows.add(row(Request.STATUS, status, GONE, GoneException.class));
        // a submit refused with 429 was not processed: it is sent again once the pause is over (within
        // rateLimitMaxWait); any other failure is never retried (a retry could create a second billable job)
        rows.add(row(Request.SUBMIT, submit, RATE_LIMITED_RETRY_AFTER, null));
        rows.add(row(Request.SUBMIT, submit, RATE_LIMITED, null));
        for (Fault f : List.of(SERVER_ERROR, UNAVAILABLE_RETRY_AFTER, UNAVAILABLE, RESET, MALFORMED)) {
            rows.add(row(Request.SUBMIT, submit, f, TransientApiException.class));
        }
        rows.add(row(Request.SUBMIT, submit, UNAUTHORIZED, AuthenticationException.class));
        rows.add(row(Request.SUBMIT, submit, NOT_FOUND, NotFoundException.class));
        rows.add(row(Request.SUBMIT, submit, GONE, GoneException.class));
        // the result is fetched once (a 429 is sent again after its pause): a failure reaches the caller, the
        // completed job stays tracked
        rows.add(row(Request.RESULT, result, RATE_LIMITED_RETRY_AFTER, null));
        rows.add(row(Request.RESULT, result, RATE_LIMITED, null));
        for (Fault f : List.of(SERVER_ERROR, UNAVAILABLE_RETRY_AFTER, UNAVAILABLE, TIMEOUT, RESET, MALFORMED)) {
            rows.add(row(Request.RESULT, result, f, TransientApiException.class));
        }
        rows.add(row(Request.RESULT, result, UNAUTHORIZED, AuthenticationException.class));
        rows.add(row(Request.RESULT, result, NOT_FOUND, NotFoundException.class));
        rows.add(row(Request.RESULT, result, GONE, Objects.requireNonNull(resultGone, "resultGone")));
        return List.copyOf(rows);
    }

    private static Row row(Request request, String methodAndPath, Fault fault, Class<? extends Exception> failure) {
        Objects.requireNonNull(methodAndPath, () -> request + " request");
        int space = methodAndPath.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("The " + request + " request '" + methodAndPath
                    + "' is not '<METHOD> <path regex>', e.g. 'GET /api/v1/jobs/[^/]+'");
        }
        return new Row(request, methodAndPath.substring(0, space), methodAndPath.substring(space + 1), fault, failure);
    }
}
