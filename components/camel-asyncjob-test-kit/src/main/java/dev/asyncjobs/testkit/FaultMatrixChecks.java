package dev.asyncjobs.testkit;

import java.util.List;
import java.util.function.Supplier;

import dev.asyncjobs.engine.follow.JobTracker;
import dev.asyncjobs.simulator.VendorSimulator;
import dev.asyncjobs.simulator.camel.FaultMatrix;
import org.apache.camel.Exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outcome of one {@link FaultMatrix} row, the same for every vendor: the fault was met; the exchange reached the
 * job's end or failed with the row's exception; every job on the simulator is answered for; a failed submit created no
 * job, any other row exactly one.
 */
public final class FaultMatrixChecks {

    private FaultMatrixChecks() {
    }

    /**
     * Asserts the row's outcome.
     *
     * @param jobIds   the simulator's jobs (the vendor simulator's {@code jobIds()})
     * @param tracker  the tracker of the simulator's account
     * @return the exchange's failure, for the vendor's own checks of its message (null when the job reached its end:
     *         check the exchange's body then)
     */
    public static Exception assertOutcome(FaultMatrix.Row row, Exchange exchange, VendorSimulator simulator,
                                          Supplier<List<String>> jobIds, JobTracker tracker) {
        assertEquals(0, simulator.faults().remaining(), () -> "the fault was met; exchange failure: "
                + exchange.getException() + "; requests: " + simulator.requests().stream()
                        .map(r -> r.method() + " " + r.path()).toList());
        Class<? extends Exception> failure = row.failure();
        Exception e;
        if (failure == null) {
            assertNull(exchange.getException(), () -> "the job reaches its end: " + exchange.getException());
            e = null;
        } else {
            e = assertInstanceOf(failure, exchange.getException());
        }
        // no job on the simulator that nobody answers for: a job whose caller got its end needs no one (no consumer
        // follows this account, so it leaves tracking); any other is still followed
        for (String jobId : jobIds.get()) {
            assertTrue(failure == null || tracker.isTracked(jobId), "job " + jobId + " is tracked");
        }
        if (failure == null) {
            assertEquals(0, tracker.size(), "a waited job that reached its end is not kept for nobody");
        }
        if (row.request() == FaultMatrix.Request.SUBMIT && failure != null) {
            assertEquals(List.of(), jobIds.get(), "a failed submit created no job");
        } else {
            assertEquals(1, jobIds.get().size());
        }
        return e;
    }
}
