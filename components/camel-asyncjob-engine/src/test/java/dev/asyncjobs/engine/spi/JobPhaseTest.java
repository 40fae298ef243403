package dev.asyncjobs.engine.spi;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobPhaseTest {

    private static final Set<JobPhase> TERMINAL = EnumSet.of(JobPhase.SUCCEEDED, JobPhase.PARTIALLY_SUCCEEDED,
            JobPhase.FAILED, JobPhase.CANCELLED, JobPhase.EXPIRED, JobPhase.NOT_FOUND);
    private static final Set<JobPhase> WITH_RESULT = EnumSet.of(JobPhase.SUCCEEDED, JobPhase.PARTIALLY_SUCCEEDED);

    @ParameterizedTest
    @EnumSource(JobPhase.class)
    void terminalFlag(JobPhase phase) {
        assertEquals(TERMINAL.contains(phase), phase.isTerminal(), phase + " terminal");
    }

    @ParameterizedTest
    @EnumSource(JobPhase.class)
    void hasResultFlag(JobPhase phase) {
        assertEquals(WITH_RESULT.contains(phase), phase.hasResult(), phase + " hasResult");
    }

    @ParameterizedTest
    @EnumSource(JobPhase.class)
    void onlyTerminalPhasesHaveAResult(JobPhase phase) {
        if (phase.hasResult()) {
            assertTrue(phase.isTerminal(), phase + " has a result but is not terminal");
        }
    }

    @Test
    void notFoundSnapshotIsTerminalWithoutResult() {
        JobSnapshot gone = JobSnapshot.notFound("j-9", "JOB_NOT_FOUND", "no such job");

        assertEquals(JobPhase.NOT_FOUND, gone.phase());
        assertTrue(gone.terminal());
        assertEquals(false, gone.phase().hasResult());
        assertEquals("JOB_NOT_FOUND", gone.errorCode());
        assertEquals("no such job", gone.errorMessage());
    }
}
