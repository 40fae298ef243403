package dev.asyncjobs.plangrep;

import java.util.Map;
import java.util.stream.Stream;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.testkit.BadInput;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.asyncjobs.testkit.BadInput.option;
import static dev.asyncjobs.testkit.BadInput.request;
import static dev.asyncjobs.testkit.BadInput.typed;

/**
 * Hostile and careless input, one row each: every row fails with the expected exception, whose message names the
 * option, header or field at fault, and the simulator receives no request at all.
 */
class PlangrepBadInputTest extends PlangrepTestSupport {

    private static final String ID = AsyncJobConstants.JOB_ID;

    static Stream<BadInput> badInput() {
        String get = "plangrep:jobs?operation=getJob";
        return Stream.of(
                option("plangrep:jobs?firstPollDelay=-1s", "firstPollDelay"),
                option("plangrep:jobs?maxPollBackoff=-1s", "maxPollBackoff"),
                option("plangrep:jobs?delay=-100", "delay"),
                option("plangrep:jobs?pollInterval=0", "pollInterval"),
                option("plangrep:jobs?webhookUrl=http://example.com/hook", "webhookUrl"),
                option("plangrep:jobs?webhookUrl=ftp://example.com/hook", "webhookUrl"),
                option("plangrep:jobs?webhookUrl=not a url", "webhookUrl"),
                option("plangrep:jobs?webhookPath=hook", "webhookPath"),
                option("plangrep:jobs?webhookFallbackPollInterval=1s", "webhookFallbackPollInterval"),
                option("plangrep:jobs?webhookFallbackPollInterval=-1m", "webhookFallbackPollInterval"),
                option("plangrep:jobs?classification=secret", "classification"),
                option("plangrep:jobs?projectId=../other", "projectId"),
                option("plangrep:jobs?jobId=a/b", "jobId"),
                typed("plangrep:jobs?completeUploads=sometimes", "completeUploads"),
                request(get, Map.of(ID, "x/../../projects/p/jobs"), null, ID),
                request("plangrep:jobs?operation=cancel", Map.of(ID, ".."), null, ID),
                request("plangrep:jobs?operation=resume", Map.of(ID, "a\tb"), null, ID),
                request("plangrep:jobs?operation=getResult", Map.of(ID, "r".repeat(250)), null, ID),
                request("plangrep:jobs", Map.of(PlangrepConstants.WEBHOOK_URL, "http://example.com/h"), null,
                        PlangrepConstants.WEBHOOK_URL),
                request("plangrep:jobs", Map.of(PlangrepConstants.PROJECT_ID, "p/../q"), null, PlangrepConstants.PROJECT_ID),
                request("plangrep:jobs", Map.of(PlangrepConstants.EXTERNAL_ID, "e".repeat(181)), null, "externalId"),
                request("plangrep:jobs", Map.of(), "[1, 2]", "body"),
                request("plangrep:jobs", Map.of(), "{oops", "body"),
                request("plangrep:jobs?operation=uploadFiles", Map.of(ID, "job-1", PlangrepConstants.COMPLETE_UPLOADS, "perhaps"),
                        "x", PlangrepConstants.COMPLETE_UPLOADS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void isRefusedBeforeAnyRequestNamingTheCulprit(BadInput input) {
        context.start();
        input.assertRefused(template, simulator);
    }
}
