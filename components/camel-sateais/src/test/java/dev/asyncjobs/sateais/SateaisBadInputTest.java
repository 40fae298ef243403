package dev.asyncjobs.sateais;

import java.util.Map;
import java.util.stream.Stream;

import dev.asyncjobs.engine.InvalidRequestException;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import org.apache.camel.Exchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile and careless input, one row each: every row fails with the expected exception, whose message names the
 * option, header or field at fault, and the simulator receives no request at all.
 */
class SateaisBadInputTest extends SateaisTestSupport {

    private static final String ID = AsyncJobConstants.JOB_ID;

    /** name, endpoint URI, headers, body, expected exception type, the name the message must contain. */
    static Stream<Arguments> badInput() {
        String getJob = "sateais:jobs?operation=getJob";
        String list = "sateais:jobs?operation=listJobs";
        String submit = "sateais:detections?detectionType=ship";
        return Stream.of(
                // options, refused at endpoint creation
                option("sateais:?operation=getJob", "label"),
                option("sateais:jobs?firstPollDelay=-1s", "firstPollDelay"),
                option("sateais:jobs?maxPollBackoff=-1s", "maxPollBackoff"),
                option("sateais:jobs?maxPollBackoff=0", "maxPollBackoff"),
                option("sateais:jobs?delay=-100", "delay"),
                option("sateais:jobs?delay=0", "delay"),
                option("sateais:jobs?initialDelay=-5", "initialDelay"),
                option("sateais:jobs?repeatCount=-1", "repeatCount"),
                option("sateais:jobs?backoffMultiplier=-2", "backoffMultiplier"),
                option("sateais:jobs?pollInterval=0", "pollInterval"),
                option("sateais:jobs?pollInterval=-5s", "pollInterval"),
                option("sateais:jobs?waitTimeout=0", "waitTimeout"),
                option("sateais:jobs?waitTimeout=-1s", "waitTimeout"),
                option("sateais:jobs?maxConcurrentPolls=0", "maxConcurrentPolls"),
                option("sateais:jobs?maxJobsPerPoll=-1", "maxJobsPerPoll"),
                option("sateais:jobs?authFailureRetryDelay=-1s", "authFailureRetryDelay"),
                option("sateais:jobs?listLimit=31", "listLimit"),
                option("sateais:jobs?listLimit=0", "listLimit"),
                option("sateais:jobs?listStatus=done", "listStatus"),
                option("sateais:jobs?cancelOnTimeout=true", "cancelOnTimeout"),
                option("sateais:jobs?statusFilter=bogus", "statusFilter"),
                option("sateais:jobs?pollingMode=sometimes", "pollingMode"),
                option("sateais:jobs?maxDetectionDelay=0", "maxDetectionDelay"),
                option("sateais:jobs?maxDetectionDelay=-30s", "maxDetectionDelay"),
                option("sateais:jobs?pollingMode=fixed&maxDetectionDelay=30s", "maxDetectionDelay"),
                option("sateais:jobs?minPollInterval=1m&maxDetectionDelay=30s", "maxDetectionDelay"),
                option("sateais:jobs?baseUrl=ftp://example.com", "baseUrl"),
                option("sateais:jobs?jobId=x/../../detect/ship", "jobId"),
                option("sateais:jobs?jobId=..", "jobId"),
                typed("sateais:jobs?operation=explode", "operation"),
                typed("sateais:jobs?detectionType=boat", "detectionType"),
                typed("sateais:jobs?waitForCompletion=maybe", "waitForCompletion"),
                typed("sateais:jobs?listLimit=abc", "listLimit"),
                typed("sateais:jobs?noSuchOption=1", "noSuchOption"),
                // headers and bodies, refused before the request
                request(getJob, Map.of(ID, "x/../../detect/ship"), null, ID),
                request(getJob, Map.of(ID, ".."), null, ID),
                request(getJob, Map.of(ID, "a\nb"), null, ID),
                request(getJob, Map.of(ID, "j".repeat(300)), null, ID),
                request(getJob, Map.of(ID, "a\\b"), null, ID),
                request("sateais:jobs?operation=getResult", Map.of(ID, "../result"), null, ID),
                request(list, Map.of("CamelSateaisListStatus", "done"), null, "CamelSateaisListStatus"),
                request(list, Map.of("CamelSateaisListLimit", "abc"), null, "CamelSateaisListLimit"),
                request(list, Map.of("CamelSateaisListLimit", 99), null, "CamelSateaisListLimit"),
                request(submit, Map.of(AsyncJobConstants.JOB_TYPE, "boat"), shipRequest(), AsyncJobConstants.JOB_TYPE),
                request(submit, Map.of(), null, "body"),
                request(submit, Map.of(), "{not json", "body"),
                request(submit, Map.of(), "{\"satellite_id\": \"sentinel-1\"}", "scene_id"),
                Arguments.of("unknown operation header", "sateais:jobs", Map.of(AsyncJobConstants.OPERATION, "explode"),
                        null, IllegalArgumentException.class, AsyncJobConstants.OPERATION));
    }

    private static Arguments option(String uri, String name) {
        return Arguments.of(uri, uri, Map.of(), null, IllegalArgumentException.class, name);
    }

    /** An option whose value Camel cannot convert or does not know: Camel's own binding error names it. */
    private static Arguments typed(String uri, String name) {
        return Arguments.of(uri, uri, Map.of(), null, org.apache.camel.ResolveEndpointFailedException.class, name);
    }

    private static Arguments request(String uri, Map<String, Object> headers, Object body, String name) {
        return Arguments.of(uri + " " + headers.keySet() + " " + name, uri, headers, body,
                InvalidRequestException.class, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void isRefusedBeforeAnyRequestNamingTheCulprit(String name, String uri, Map<String, Object> headers, Object body,
                                                   Class<? extends Exception> type, String culprit) throws Exception {
        context.start();
        Throwable failure;
        try {
            Exchange exchange = template.send(uri, e -> {
                e.getMessage().setHeaders(new java.util.HashMap<>(headers));
                e.getMessage().setBody(body);
            });
            failure = exchange.getException();
        } catch (org.apache.camel.CamelExecutionException | org.apache.camel.ResolveEndpointFailedException e) {
            failure = e;
        }
        assertNotNull(failure, "no failure");
        Throwable match = failure;
        while (match != null && !type.isInstance(match)) {
            match = match.getCause();
        }
        assertNotNull(match, "expected a " + type.getSimpleName() + " in " + failure);
        assertTrue(match.getMessage().contains(culprit), "the message names " + culprit + ": " + match.getMessage());
        assertEquals(0, simulator.requests().size(), "requests that reached the simulator");
    }

    /** Component options (set on the component, as camel.component.sateais.* would): refused at the first endpoint. */
    static Stream<Arguments> badComponentOptions() {
        return Stream.<Arguments>of(
                Arguments.of("rateLimitRequests", (java.util.function.Consumer<SateaisComponent>) c -> c.setRateLimitRequests(-1)),
                Arguments.of("rateLimitWindow", (java.util.function.Consumer<SateaisComponent>) c -> c.setRateLimitWindow(java.time.Duration.ofSeconds(-1))),
                Arguments.of("connectTimeout", (java.util.function.Consumer<SateaisComponent>) c -> c.setConnectTimeout(-1)),
                Arguments.of("soTimeout", (java.util.function.Consumer<SateaisComponent>) c -> c.setSoTimeout(-5)),
                Arguments.of("responseTimeout", (java.util.function.Consumer<SateaisComponent>) c -> c.setResponseTimeout(-5)),
                Arguments.of("maxTotalConnections", (java.util.function.Consumer<SateaisComponent>) c -> c.setMaxTotalConnections(0)),
                Arguments.of("proxyPort", (java.util.function.Consumer<SateaisComponent>) c -> c.setProxyPort(70000)));
    }

    @ParameterizedTest(name = "component option {0}")
    @MethodSource("badComponentOptions")
    void badComponentOptionsAreRefusedNamingTheOption(String option, java.util.function.Consumer<SateaisComponent> set)
            throws Exception {
        set.accept(component());
        context.start();
        Exchange exchange = null;
        Throwable failure;
        try {
            exchange = template.send("sateais:jobs?operation=getJob&jobId=j-1", e -> { });
            failure = exchange.getException();
        } catch (org.apache.camel.CamelExecutionException | org.apache.camel.ResolveEndpointFailedException e) {
            failure = e;
        }
        Throwable match = failure;
        while (match != null && !(match instanceof IllegalArgumentException)) {
            match = match.getCause();
        }
        assertNotNull(match, "expected an IllegalArgumentException in " + failure);
        assertTrue(match.getMessage().contains(option), match.getMessage());
        assertEquals(0, simulator.requests().size(), "requests that reached the simulator");
    }
}
