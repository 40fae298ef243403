package dev.asyncjobs.engine.spi;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The first-poll delay that may use what the submit answered (a vendor's estimate). */
class PollPolicyKnownSnapshotTest {

    private static final StatusMapping MAPPING = StatusMapping.of("Test").map("running", JobPhase.RUNNING).build();
    private static final JobRef JOB = JobRef.of("j1");

    /** A policy that polls when the job is expected to end. */
    private static final PollPolicy AT_EXPECTED_END = new PollPolicy() {
        @Override
        public Duration firstPollDelay(JobRef job) {
            return Duration.ofSeconds(10);
        }

        @Override
        public Duration firstPollDelay(JobRef job, JobSnapshot known) {
            return known != null && known.expectedRemaining() != null ? known.expectedRemaining() : firstPollDelay(job);
        }

        @Override
        public Duration nextPollDelay(JobRef job, JobSnapshot latest) {
            return Duration.ofSeconds(10);
        }
    };

    private static JobSnapshot running(Duration remaining) {
        return JobSnapshot.builder("j1", "running", MAPPING).expectedRemaining(remaining).build();
    }

    @Test
    void byDefaultTheKnownSnapshotChangesNothing() {
        PollPolicy fixed = PollPolicy.fixed(Map.of(), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ZERO);
        assertEquals(Duration.ofSeconds(30), fixed.firstPollDelay(JOB, running(Duration.ofHours(1))));
        assertEquals(Duration.ofSeconds(30), fixed.firstPollDelay(JOB, null));
    }

    @Test
    void aVendorPolicyMayUseTheEstimateAndKeepsDoingSoWhenOnlyTheIntervalIsOverridden() {
        assertEquals(Duration.ofMinutes(7), AT_EXPECTED_END.firstPollDelay(JOB, running(Duration.ofMinutes(7))));
        assertEquals(Duration.ofSeconds(10), AT_EXPECTED_END.firstPollDelay(JOB, null));
        PollPolicy intervalOnly = AT_EXPECTED_END.overriddenBy(null, Duration.ofSeconds(5));
        assertEquals(Duration.ofMinutes(7), intervalOnly.firstPollDelay(JOB, running(Duration.ofMinutes(7))));
    }

    @Test
    void theUsersFirstPollDelayWins() {
        PollPolicy user = AT_EXPECTED_END.overriddenBy(Duration.ofSeconds(2), null);
        assertEquals(Duration.ofSeconds(2), user.firstPollDelay(JOB, running(Duration.ofMinutes(7))));
    }
}
