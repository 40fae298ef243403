package dev.asyncjobs.pixxel;

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
class PixxelBadInputTest extends PixxelTestSupport {

    private static final String ID = AsyncJobConstants.JOB_ID;

    static Stream<BadInput> badInput() {
        String get = "pixxel:jobs?operation=getJob&workflowId=wf-1";
        String download = "pixxel:jobs?operation=downloadJob&workflowId=wf-1&downloadDirectory=target/downloads";
        return Stream.of(
                option("pixxel:jobs?firstPollDelay=-1s", "firstPollDelay"),
                option("pixxel:jobs?maxPollBackoff=-1s", "maxPollBackoff"),
                option("pixxel:jobs?delay=-100", "delay"),
                option("pixxel:jobs?minPollInterval=0", "minPollInterval"),
                option("pixxel:jobs?minPollInterval=-3s", "minPollInterval"),
                option("pixxel:jobs?downloadPollInterval=-5s", "downloadPollInterval"),
                option("pixxel:jobs?authScheme=Bearer%20Extra", "authScheme"),
                option("pixxel:jobs?workflowId=RAW(a\\b)", "workflowId"),
                option("pixxel:jobs?workflowId=../admin", "workflowId"),
                option("pixxel:jobs?workflowId=wf&taskId=a/b", "taskId"),
                option("pixxel:jobs?waitTimeout=-1s", "waitTimeout"),
                option("pixxel:jobs?statusFilter=exploded", "statusFilter"),
                option("pixxel:jobs?cancelOnTimeout=true", "cancelOnTimeout"),
                typed("pixxel:jobs?operation=deleteEverything", "operation"),
                typed("pixxel:jobs?waitForDownload=perhaps", "waitForDownload"),
                request(get, Map.of(ID, "x/../../estimate"), null, ID),
                request(get, Map.of(ID, ".."), null, ID),
                request(get, Map.of(ID, "a\rb"), null, ID),
                request("pixxel:jobs?operation=getJob", Map.of(ID, "j-1", PixxelConstants.WORKFLOW_ID, "wf/../x"), null,
                        PixxelConstants.WORKFLOW_ID),
                request("pixxel:jobs?operation=downloadTask&workflowId=wf-1",
                        Map.of(ID, "j-1", PixxelConstants.TASK_ID, "t/../../x"), null, PixxelConstants.TASK_ID),
                request(download, Map.of(ID, "j-1", PixxelConstants.DOWNLOAD_FILE_NAME, "../../etc/passwd"), null,
                        PixxelConstants.DOWNLOAD_FILE_NAME),
                request(download, Map.of(ID, "j-1", PixxelConstants.DOWNLOAD_FILE_NAME, "sub/dir.zip"), null,
                        PixxelConstants.DOWNLOAD_FILE_NAME),
                request(download, Map.of(ID, "j-1", PixxelConstants.DOWNLOAD_FILE_NAME, ".."), null,
                        PixxelConstants.DOWNLOAD_FILE_NAME),
                request("pixxel:jobs?operation=getCostEstimate", Map.of(PixxelConstants.WORKFLOW_ID, ".."), null,
                        PixxelConstants.WORKFLOW_ID),
                request("pixxel:jobs?workflowId=wf-1&projectId=p-1", Map.of(), "{not json", "body"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void isRefusedBeforeAnyRequestNamingTheCulprit(BadInput input) {
        context.start();
        input.assertRefused(template, simulator);
    }
}
