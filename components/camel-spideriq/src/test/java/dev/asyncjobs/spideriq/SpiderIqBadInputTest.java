package dev.asyncjobs.spideriq;

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
class SpiderIqBadInputTest extends SpiderIqTestSupport {

    private static final String ID = AsyncJobConstants.JOB_ID;

    static Stream<BadInput> badInput() {
        String site = "spideriq:jobs?jobType=spiderSite";
        String maps = "spideriq:jobs?jobType=spiderMaps";
        String list = "spideriq:jobs?operation=listJobs";
        return Stream.of(
                option("spideriq:jobs?firstPollDelay=-1s", "firstPollDelay"),
                option("spideriq:jobs?pollInterval=-2s", "pollInterval"),
                // below the vendor's documented floor (2 s): the message names the option and the floor to use
                option("spideriq:jobs?minPollInterval=1s", "minPollInterval"),
                option("spideriq:jobs?maxDetectionDelay=1s", "maxDetectionDelay"),
                option("spideriq:jobs?maxPollBackoff=-1s", "maxPollBackoff"),
                option("spideriq:jobs?delay=-100", "delay"),
                option("spideriq:jobs?initialDelay=-10", "initialDelay"),
                option("spideriq:jobs?waitTimeout=0", "waitTimeout"),
                option("spideriq:jobs?maxConcurrentPolls=0", "maxConcurrentPolls"),
                option("spideriq:jobs?priority=11", "priority"),
                option("spideriq:jobs?priority=-1", "priority"),
                option("spideriq:jobs?listPage=0", "listPage"),
                option("spideriq:jobs?listPageSize=101", "listPageSize"),
                option("spideriq:jobs?listStatus=done", "listStatus"),
                option("spideriq:jobs?statusFilter=sleeping", "statusFilter"),
                option("spideriq:jobs?jobId=a/b", "jobId"),
                option("spideriq:?operation=getJob", "label"),
                typed("spideriq:jobs?jobType=spiderWeb", "jobType"),
                typed("spideriq:jobs?listType=spiderWeb", "listType"),
                typed("spideriq:jobs?priority=high", "priority"),
                request("spideriq:jobs?operation=getJob", Map.of(ID, "x/../../jobs/spiderSite/submit"), null, ID),
                request("spideriq:jobs?operation=getResult", Map.of(ID, ".."), null, ID),
                request("spideriq:jobs?operation=cancel", Map.of(ID, "a\u0000b"), null, ID),
                request("spideriq:jobs?operation=getJob", Map.of(ID, "j".repeat(201)), null, ID),
                request(list, Map.of(SpiderIqConstants.LIST_PAGE, "abc"), null, SpiderIqConstants.LIST_PAGE),
                request(list, Map.of(SpiderIqConstants.LIST_PAGE, 0), null, SpiderIqConstants.LIST_PAGE),
                request(list, Map.of(SpiderIqConstants.LIST_PAGE_SIZE, 500), null, SpiderIqConstants.LIST_PAGE_SIZE),
                request(list, Map.of(SpiderIqConstants.LIST_STATUS, "done"), null, SpiderIqConstants.LIST_STATUS),
                request(list, Map.of(SpiderIqConstants.LIST_TYPE, "spiderWeb"), null, SpiderIqConstants.LIST_TYPE),
                request(site, Map.of(SpiderIqConstants.PRIORITY, "urgent"), "https://example.com", SpiderIqConstants.PRIORITY),
                request(site, Map.of(AsyncJobConstants.JOB_TYPE, "spiderWeb"), "https://example.com", AsyncJobConstants.JOB_TYPE),
                request(site, Map.of(), null, "body"),
                request(site, Map.of(), "{broken json", "body"),
                request(site, Map.of(), "ftp://example.com", "payload.url"),
                request(maps, Map.of(), Map.of("search_query", "cafes", "max_results", 500), "payload.max_results"),
                request(maps, Map.of(), Map.of("max_results", 5), "payload.search_query"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void isRefusedBeforeAnyRequestNamingTheCulprit(BadInput input) {
        input.assertRefused(template, simulator);
    }

    /** A reserve of the key's budget (camel.component.spideriq.rate-limit-reserve) that cannot be honoured. */
    static Stream<Arguments> badReserve() {
        return Stream.of(
                Arguments.of("the whole budget", (Consumer<SpiderIqComponent>) c -> c.setRateLimitReserve(100),
                        "set rateLimitReserve below 100"),
                Arguments.of("more than a budget set lower", (Consumer<SpiderIqComponent>) c -> {
                    c.setRateLimitRequests(20);
                    c.setRateLimitReserve(25);
                }, "set rateLimitReserve below 20"),
                Arguments.of("negative", (Consumer<SpiderIqComponent>) c -> c.setRateLimitReserve(-1), "or more"),
                Arguments.of("of no client-side budget", (Consumer<SpiderIqComponent>) c -> {
                    c.setRateLimitRequests(0);
                    c.setRateLimitReserve(5);
                }, "set rateLimitRequests, or remove rateLimitReserve"));
    }

    @ParameterizedTest(name = "rateLimitReserve: {0}")
    @MethodSource("badReserve")
    void aReserveThatCannotBeHonouredIsRefusedNamingTheOptionAndTheFix(String what, Consumer<SpiderIqComponent> set,
                                                                       String fix) {
        set.accept(component());
        Throwable failure = BadInput.send(template, "spideriq:jobs?operation=getJob&jobId=j-1", Map.of(), null);
        BadInput.assertCauseNames(failure, IllegalArgumentException.class, "rateLimitReserve", "");
        BadInput.assertCauseNames(failure, IllegalArgumentException.class, fix, "");
        BadInput.assertNoRequest(simulator);
    }
}
