package dev.asyncjobs.pixxel;

import org.apache.camel.ResolveEndpointFailedException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration mistakes fail when the endpoint is created, naming the option. */
class PixxelEndpointTest extends PixxelTestSupport {

    private String failure(String uri) {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint(uri));
        return e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    }

    @Test
    void badPollIntervalsJobIdWithoutWorkflowAndOddSchemesAreRejected() {
        assertTrue(failure("pixxel:jobs?minPollInterval=0").contains("minPollInterval"));
        assertTrue(failure("pixxel:jobs?downloadPollInterval=0").contains("downloadPollInterval"));
        assertTrue(failure("pixxel:jobs?workflowId=&jobId=j1").contains("workflowId"));
        assertTrue(failure("pixxel:jobs?authScheme=Bearer token").contains("authScheme"));
        assertTrue(failure("pixxel:jobs?operation=cancel").contains("operation"));
        assertTrue(failure("pixxel:jobs?statusFilter=finished").contains("running"), "lists the known statuses");
    }

    @Test
    void aMissingKeyIsNamedAndAKeyNeverAppearsInTheEndpointUri() {
        component().getConfiguration().setApiKey(null);
        assertTrue(failure("pixxel:jobs").contains("apiKey"));
        PixxelEndpoint endpoint = context.getEndpoint("pixxel:jobs?apiKey=RAW(pxl_secret_123)", PixxelEndpoint.class);
        assertFalse(endpoint.toString().contains("pxl_secret_123"), endpoint.toString());
    }

    @Test
    void defaultsFollowTheDocs() {
        PixxelEndpoint endpoint = context.getEndpoint("pixxel:jobs", PixxelEndpoint.class);
        assertEquals("https://api.pixxel.space", new PixxelConfiguration().getBaseUrl());
        org.junit.jupiter.api.Assertions.assertNull(endpoint.getConfiguration().getMinPollInterval(),
                "Pixxel documents no floor: none is invented");
        assertEquals(java.time.Duration.ofSeconds(10), endpoint.getPollPolicy().nextPollDelay(null, null));
        assertEquals(java.time.Duration.ZERO, endpoint.getPollPolicy().floor());
        assertEquals(simulator.apiKey(), endpoint.authorizationHeader(simulator.apiKey()), "the key itself");
        PixxelEndpoint bearer = context.getEndpoint("pixxel:jobs?authScheme=Bearer", PixxelEndpoint.class);
        assertEquals("Bearer " + simulator.apiKey(), bearer.authorizationHeader(simulator.apiKey()));
    }
}
