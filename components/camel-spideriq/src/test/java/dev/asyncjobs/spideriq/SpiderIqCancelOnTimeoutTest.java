package dev.asyncjobs.spideriq;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobWaitTimeoutException;
import dev.asyncjobs.simulator.RecordedRequest;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cancelOnTimeout: a wait that times out cancels the remote job, so nobody pays for a job no one waits for. */
class SpiderIqCancelOnTimeoutTest extends SpiderIqTestSupport {

    private static final String WAIT = "spideriq:crawl?jobType=spiderSite&waitForCompletion=true&waitTimeout=1s"
            + "&firstPollDelay=0";

    @Test
    void aTimedOutWaitCancelsTheJobAndSaysSo() throws Exception {
        CompletableFuture<Exchange> done = template.asyncSend(WAIT + "&cancelOnTimeout=true",
                e -> e.getMessage().setBody("https://example.com"));
        Exchange exchange = done.get(30, TimeUnit.SECONDS);

        String id = simulator.jobIds().get(0);
        RecordedRequest cancel = simulator.requests().stream().filter(r -> r.method().equals("DELETE")).findFirst()
                .orElseThrow(() -> new AssertionError("no cancel request reached the simulator: " + simulator.requests()));
        assertEquals("/api/v1/jobs/" + id, cancel.path());
        assertEquals("cancelled", simulator.jobStatus(id));

        JobWaitTimeoutException timeout = assertInstanceOf(JobWaitTimeoutException.class, exchange.getException());
        assertTrue(timeout.isCancelRequested());
        assertEquals("cancelled", timeout.getStatusAfterCancel());
        assertTrue(timeout.getMessage().contains("cancelOnTimeout asked SpiderIQ to cancel it"), timeout.getMessage());
        assertEquals(id, exchange.getMessage().getHeader(SpiderIqConstants.JOB_ID));
        assertEquals("cancelled", exchange.getMessage().getHeader(SpiderIqConstants.STATUS));
        assertEquals(JobPhase.CANCELLED, exchange.getMessage().getHeader(SpiderIqConstants.PHASE));
    }

    @Test
    void withoutTheOptionTheJobRunsOn() throws Exception {
        Exchange exchange = template.asyncSend(WAIT, e -> e.getMessage().setBody("https://example.com"))
                .get(30, TimeUnit.SECONDS);

        JobWaitTimeoutException timeout = assertInstanceOf(JobWaitTimeoutException.class, exchange.getException());
        assertFalse(timeout.isCancelRequested());
        assertTrue(simulator.requests().stream().noneMatch(r -> r.method().equals("DELETE")));
        assertEquals("queued", simulator.jobStatus(simulator.jobIds().get(0)));
    }
}
