package dev.asyncjobs.plangrep;

import java.util.List;
import java.util.Map;

import dev.asyncjobs.plangrep.api.WebhookSigningSecret;
import dev.asyncjobs.simulator.plangrep.PlangrepSimulator;
import org.apache.camel.Exchange;
import org.apache.camel.support.MessageHelper;
import org.apache.camel.support.processor.DefaultExchangeFormatter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webhook signing secret reaches the route as a {@link WebhookSigningSecret}: what tracers, the log EIP and message
 * dumps print of the message does not show it, and a route verifies a signed call with it.
 */
class PlangrepSigningSecretTest extends PlangrepTestSupport {

    /** The simulator sends no webhook call unless the test asks it to. */
    @Override
    PlangrepSimulator.Builder simulator() {
        return PlangrepSimulator.builder().autoDeliverWebhooks(false);
    }

    @Test
    void theSecretPrintsMaskedAndVerifiesASignedCall() {
        context.start();
        Exchange created = send("plangrep:jobs?webhookUrl=https://example.com/hooks/plangrep", null, Map.of());
        assertNull(created.getException());
        String jobId = created.getMessage().getHeader(PlangrepConstants.JOB_ID, String.class);
        String issued = simulator.webhookSigningSecret(jobId);

        WebhookSigningSecret secret = created.getMessage().getHeader(PlangrepConstants.WEBHOOK_SIGNING_SECRET,
                WebhookSigningSecret.class);
        assertEquals(issued, secret.value());

        // what the log EIP and the tracer print (DefaultExchangeFormatter), and Camel's message dumps
        DefaultExchangeFormatter formatter = new DefaultExchangeFormatter();
        formatter.setShowAll(true);
        formatter.setMultiline(true);
        List<String> printed = List.of(formatter.format(created), created.getMessage().getHeaders().toString(),
                MessageHelper.dumpAsXml(created.getMessage(), true, 2, true, true, 10000),
                MessageHelper.dumpAsJSon(created.getMessage(), true, 2, true, true, 10000, true),
                String.valueOf(secret));
        for (String text : printed) {
            assertFalse(text.contains(issued), text);
        }
        assertTrue(printed.get(0).contains("WebhookSigningSecret[***]"), printed.get(0));

        // verifying a call signed the simulator's way (Plangrep-Signature: t=<unix time>,v1=<hex HMAC of "t.body">)
        String body = "{\"job\":{\"id\":\"" + jobId + "\",\"status\":\"completed\"}}";
        long t = 1730538000L;
        String v1 = PlangrepSimulator.hmac(issued, t + "." + body);
        WebhookSigningSecret stored = WebhookSigningSecret.of(secret.value()); // e.g. read back from a vault
        assertTrue(stored.matches(t + "." + body, v1));
        assertFalse(stored.matches(t + "." + body.replace("completed", "failed"), v1), "a tampered body");
        assertFalse(stored.matches(t + "." + body, v1.substring(1) + "0"), "a forged signature");
    }
}
