package dev.asyncjobs.plangrep;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.JobWaitTimeoutException;
import dev.asyncjobs.simulator.RecordedRequest;
import dev.asyncjobs.simulator.plangrep.PlangrepSimulator;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * cancelOnTimeout on Plangrep: a created job whose files never come is cancelled when the wait times out. Plangrep's
 * cancel takes effect later, so the exchange reports the status the cancel answered with.
 */
class PlangrepCancelOnTimeoutTest extends PlangrepTestSupport {

    /** The simulator sends no webhook call unless the test asks it to. */
    @Override
    PlangrepSimulator.Builder simulator() {
        return PlangrepSimulator.builder().autoDeliverWebhooks(false);
    }

    @Test
    void aTimedOutWaitCancelsTheJob() throws Exception {
        context.start();

        var done = template.asyncSend("plangrep:jobs?waitForCompletion=true&waitTimeout=1s&firstPollDelay=0"
                + "&cancelOnTimeout=true", e -> e.getMessage().setBody(null));
        // the wait times out in real time (1 s), while the job still awaits its files on the simulator's still clock
        Exchange exchange = done.get(30, TimeUnit.SECONDS);

        String id = simulator.jobIds().get(0);
        RecordedRequest cancel = simulator.requests().stream().filter(r -> r.path().endsWith("/cancel")).findFirst()
                .orElseThrow(() -> new AssertionError("no cancel request reached the simulator"));
        assertEquals("POST", cancel.method());
        assertTrue(cancel.path().endsWith("/jobs/" + id + "/cancel"), cancel.path());

        JobWaitTimeoutException timeout = assertInstanceOf(JobWaitTimeoutException.class, exchange.getException());
        assertTrue(timeout.isCancelRequested(), timeout.getMessage());
        String answered = timeout.getStatusAfterCancel();
        assertEquals(answered, exchange.getMessage().getHeader(PlangrepConstants.STATUS));
        assertTrue(timeout.getMessage().contains("asked Plangrep to cancel it (status now '" + answered + "')"),
                timeout.getMessage());
    }
}
