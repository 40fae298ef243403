package dev.asyncjobs.pixxel.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.learn.JobFeatures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PixxelDurationFeaturesTest {

    private final JobRef ref = PixxelApi.ref("wf-1", "job-1");
    private final Instant now = Instant.parse("2026-01-01T10:20:00Z");

    private static PixxelJob job(String status, String finishedAt, String progress) {
        return new PixxelJob("u", status, null, "job-1", List.of(), List.of(), null, 1, "wf-1",
                "2026-01-01T10:00:00Z", finishedAt, "2026-01-01T10:00:30Z", "2026-01-01T10:00:30Z",
                "2026-01-01T10:00:00Z", 600L, progress);
    }

    @Test
    void durationsAreLearnedAsMultiplesOfTheEstimate() {
        assertEquals(JobFeatures.ofEstimate(600),
                PixxelDurationFeatures.INSTANCE.of(ref, PixxelApi.snapshot(job("running", null, "40%"), now)));
        assertEquals(JobFeatures.NONE, PixxelDurationFeatures.INSTANCE.of(ref, null));
    }

    @Test
    void anEndedJobReportsItsRunFromExecutionStartToFinish() {
        PixxelJob done = job("completed", "2026-01-01T10:12:30Z", "100%");
        assertEquals(Duration.ofMinutes(12),
                PixxelDurationFeatures.INSTANCE.reportedDuration(ref, PixxelApi.snapshot(done, now)));
        assertNull(PixxelDurationFeatures.INSTANCE.reportedDuration(ref, PixxelApi.snapshot(job("running", null, "40%"), now)));
    }
}
