package dev.asyncjobs.simulator.camel;

import java.util.List;

import dev.asyncjobs.engine.spi.GoneException;
import dev.asyncjobs.engine.spi.TransientApiException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultMatrixTest {

    private static final class ResultExpired extends Exception {
    }

    @Test
    void everyFaultOnEveryRequestWithWhatTheCallerGets() {
        List<FaultMatrix.Row> rows = FaultMatrix.rows("POST /jobs", "GET /jobs/[^/]+", "GET /jobs/[^/]+/result",
                ResultExpired.class);

        assertEquals(11, rows.stream().filter(r -> r.request() == FaultMatrix.Request.STATUS).count());
        assertEquals(10, rows.stream().filter(r -> r.request() == FaultMatrix.Request.SUBMIT).count(),
                "no timeout on the submit: its job may exist without an id");
        assertEquals(11, rows.stream().filter(r -> r.request() == FaultMatrix.Request.RESULT).count());
        FaultMatrix.Row statusTimeout = rows.stream()
                .filter(r -> r.request() == FaultMatrix.Request.STATUS && r.fault() == FaultMatrix.TIMEOUT)
                .findFirst().orElseThrow();
        assertNull(statusTimeout.failure(), "a status request rides out a timeout");
        assertEquals("GET /jobs/[^/]+: timeout", statusTimeout.toString());
        assertTrue(rows.stream().anyMatch(r -> r.request() == FaultMatrix.Request.SUBMIT
                && r.fault() == FaultMatrix.SERVER_ERROR && r.failure() == TransientApiException.class));
        assertTrue(rows.stream().anyMatch(r -> r.request() == FaultMatrix.Request.SUBMIT
                && r.fault() == FaultMatrix.GONE && r.failure() == GoneException.class));
        assertTrue(rows.stream().filter(r -> r.fault() == FaultMatrix.RATE_LIMITED).allMatch(r -> r.failure() == null),
                "a request refused with 429 was not processed: it is sent again after the pause, a submit too");
        assertTrue(rows.stream().anyMatch(r -> r.request() == FaultMatrix.Request.STATUS
                && r.fault() == FaultMatrix.NOT_FOUND && r.failure() == null), "one 404 is not the end of a job");
        assertTrue(rows.stream().anyMatch(r -> r.request() == FaultMatrix.Request.RESULT
                && r.fault() == FaultMatrix.GONE && r.failure() == ResultExpired.class));
    }

    @Test
    void aRequestWithoutItsMethodIsRefusedNamingTheExpectedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FaultMatrix.rows("/jobs", "GET /jobs/[^/]+", "GET /jobs/[^/]+/result", ResultExpired.class));
        assertTrue(e.getMessage().contains("SUBMIT request '/jobs'") && e.getMessage().contains("<METHOD> <path regex>"),
                e.getMessage());
    }
}
