package dev.asyncjobs.sateais;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.testkit.BadInput;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.asyncjobs.testkit.BadInput.option;
import static dev.asyncjobs.testkit.BadInput.request;
import static dev.asyncjobs.testkit.BadInput.typed;

/**
 * Hostile and careless input, one row each: every row fails with the expected exception, whose message names the
 * option, header or field at fault, and the simulator receives no request at all.
 */
class SateaisBadInputTest extends SateaisTestSupport {

    private static final String ID = AsyncJobConstants.JOB_ID;

    /** One {@link BadInput} a row: endpoint options, then headers and bodies. */
    static Stream<BadInput> badInput() {
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
                option("sateais:jobs?detectionDelayPercentile=100", "detectionDelayPercentile"),
                option("sateais:jobs?detectionDelayPercentile=0.95", "detectionDelayPercentile"),
                option("sateais:jobs?pollingMode=fixed&detectionDelayPercentile=95", "detectionDelayPercentile"),
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
                new BadInput("unknown operation header", "sateais:jobs", Map.of(AsyncJobConstants.OPERATION, "explode"),
                        null, IllegalArgumentException.class, AsyncJobConstants.OPERATION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void isRefusedBeforeAnyRequestNamingTheCulprit(BadInput input) {
        context.start();
        input.assertRefused(template, simulator);
    }

    /** Component options (set on the component, as camel.component.sateais.* would): refused at the first endpoint. */
    static Stream<Arguments> badComponentOptions() {
        return Stream.<Arguments>of(
                Arguments.of("rateLimitRequests", (Consumer<SateaisComponent>) c -> c.setRateLimitRequests(-1)),
                Arguments.of("rateLimitWindow", (Consumer<SateaisComponent>) c -> c.setRateLimitWindow(Duration.ofSeconds(-1))),
                Arguments.of("connectTimeout", (Consumer<SateaisComponent>) c -> c.setConnectTimeout(-1)),
                Arguments.of("soTimeout", (Consumer<SateaisComponent>) c -> c.setSoTimeout(-5)),
                Arguments.of("responseTimeout", (Consumer<SateaisComponent>) c -> c.setResponseTimeout(-5)),
                Arguments.of("maxTotalConnections", (Consumer<SateaisComponent>) c -> c.setMaxTotalConnections(0)),
                Arguments.of("proxyPort", (Consumer<SateaisComponent>) c -> c.setProxyPort(70000)));
    }

    @ParameterizedTest(name = "component option {0}")
    @MethodSource("badComponentOptions")
    void badComponentOptionsAreRefusedNamingTheOption(String option, Consumer<SateaisComponent> set) {
        set.accept(component());
        context.start();
        Throwable failure = BadInput.send(template, "sateais:jobs?operation=getJob&jobId=j-1", Map.of(), null);
        BadInput.assertCauseNames(failure, IllegalArgumentException.class, option, "");
        BadInput.assertNoRequest(simulator);
    }
}
