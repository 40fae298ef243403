package dev.asyncjobs.plangrep;

import dev.asyncjobs.plangrep.api.PlangrepClient;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** baseUrl is the bare host, as for the other components; a value that already ends in /api/open/v1 keeps working. */
class PlangrepBaseUrlTest extends PlangrepTestSupport {

    @Test
    void theComponentAddsTheApiPrefixOnce() {
        assertEquals("https://plangrep.com/api/open/v1", PlangrepClient.apiBaseUrl("https://plangrep.com"));
        assertEquals("https://plangrep.com/api/open/v1", PlangrepClient.apiBaseUrl("https://plangrep.com/"));
        assertEquals("https://plangrep.com/api/open/v1", PlangrepClient.apiBaseUrl("https://plangrep.com/api/open/v1"));
        assertEquals("https://plangrep.com/api/open/v1", PlangrepClient.apiBaseUrl("https://plangrep.com/api/open/v1/"));
        assertEquals("https://plangrep.com", new PlangrepConfiguration().getBaseUrl(), "the documented default is the host");
    }

    @Test
    void aJobIsCreatedWithTheBareHost() {
        createsAJob(false);
    }

    @Test
    void aJobIsCreatedWithTheFullApiUrl() {
        createsAJob(true);
    }

    private void createsAJob(boolean withPrefix) {
        component().getConfiguration().setBaseUrl(withPrefix ? simulator.apiBaseUrl() : simulator.baseUrl());
        context.start();

        Exchange created = send("plangrep:jobs", null, java.util.Map.of());

        assertNull(created.getException());
        String jobId = created.getMessage().getHeader(PlangrepConstants.JOB_ID, String.class);
        assertNotNull(simulator.jobStatus(jobId), "the simulator knows the job");
        // one account either way: the tracker keyed by the API's URL holds the job
        assertEquals(true, tracker().isTracked(jobId));
    }
}
