package dev.asyncjobs.engine.store;

import java.time.Instant;
import java.util.Map;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobRef;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeldJobTest {

    private static final Instant T = Instant.parse("2026-12-08T10:00:00.123456789Z");

    private static JobRecord everyField() {
        return new JobRecord("acct", JobRef.of("job-1", "ship"), new JobRecord.Cursor("pending", null),
                Map.of("g", new JobRecord.Cursor("processing", "50")), T.minusSeconds(60), T.plusNanos(1), 2, 1,
                T.minusNanos(7), 1, T.minusSeconds(5), "node-1", T.plusSeconds(30), true, T.plusSeconds(86_400),
                JobTrace.start("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "pending", JobPhase.QUEUED,
                        T.minusSeconds(60), "node-1"), 7);
    }

    @Test
    void theRecordHandedOutIsTheOneHeldToTheNanosecond() {
        JobRecord r = everyField();
        assertEquals(r, new HeldJob(r).record());

        JobRecord unset = JobRecord.track("acct", JobRef.of("job-2"), null, T, null, null);
        HeldJob held = new HeldJob(unset);
        assertEquals(unset, held.record());
        assertFalse(held.hasDueTime());
        assertNull(held.nextPollAt());
    }

    @Test
    void aRecordHeldAfterAnotherReplacesEveryField() {
        HeldJob held = new HeldJob(everyField());
        JobRecord settled = everyField().settled(T.plusSeconds(10), 0, T.plusSeconds(1)).withVersion(8);
        held.hold(settled);
        assertEquals(settled, held.record());
        assertFalse(held.claimed());
        held.hold(everyField());
        assertEquals(everyField(), held.record());
    }

    @Test
    void aClaimIsTheRecordClaimedOneVersionOnAndChangesNothingHeld() {
        for (JobRecord r : new JobRecord[] {everyField(), everyField().settled(T, 0, T).withVersion(3)}) {
            HeldJob held = new HeldJob(r);
            assertEquals(r.claimedBy("node-2", T.plusSeconds(60)).withVersion(r.version() + 1),
                    held.claimedBy("node-2", T.plusSeconds(60)));
            assertEquals(r, held.record());
        }
    }

    @Test
    void theTimesAChecksWritesAreNotKeptAsItsObjects() {
        // a check's new instants would otherwise live as long as the job's record, and every young collection would
        // copy them (see the class comment)
        JobRecord r = everyField();
        JobRecord out = new HeldJob(r).record();
        assertNotSame(r.nextPollAt(), out.nextPollAt());
        assertNotSame(r.lastPolledAt(), out.lastPolledAt());
        assertNotSame(r.leaseUntil(), out.leaseUntil());
    }

    @Test
    void dueAndLeaseAnswerAsTheRecordDoes() {
        HeldJob held = new HeldJob(everyField());
        assertTrue(held.dueBy(T.plusNanos(1)));
        assertFalse(held.dueBy(T));
        assertTrue(held.dueAtSameTime(everyField().withSchedule(T.plusNanos(1), 0, 0)));
        assertFalse(held.dueAtSameTime(everyField().withSchedule(T.plusNanos(2), 0, 0)));
        for (Instant now : new Instant[] { T, T.plusSeconds(30), T.plusSeconds(31) }) {
            assertEquals(everyField().leased(now), held.leased(now), "at " + now);
        }
        // a held claim ends at its expiry at the latest: the job may be claimed then
        assertEquals(T.plusSeconds(30), held.claimableAt());
        held.hold(everyField().released());
        assertEquals(T.plusNanos(1), held.claimableAt());
        assertFalse(held.leased(T));
    }
}
