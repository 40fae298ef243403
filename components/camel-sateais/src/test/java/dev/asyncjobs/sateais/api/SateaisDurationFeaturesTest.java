package dev.asyncjobs.sateais.api;

import java.time.Duration;

import dev.asyncjobs.engine.spi.JobRef;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SateaisDurationFeaturesTest {

    private final JobRef ref = JobRef.of("job_1", "ship");

    @Test
    void aCompletedJobReportsItsDuration() {
        // the status page's example: created 15:00:00, completed 15:32:10
        SateaisJob job = new SateaisJob("job_1", "completed", "2026-03-12T15:00:00Z", "2026-03-12T15:32:10Z",
                "results/job_1.geojson", null, null, null);
        assertEquals(Duration.ofMinutes(32).plusSeconds(10),
                SateaisDurationFeatures.INSTANCE.reportedDuration(ref, SateaisApi.snapshot(job)));
    }

    @Test
    void newbuildingJobsAreLearnedPerClassOfPolygonArea() {
        JobRef small = new JobRef("a", "newbuilding", java.util.Map.of(SateaisDurationFeatures.AREA_KM2, "3.0"));
        JobRef alike = new JobRef("b", "newbuilding", java.util.Map.of(SateaisDurationFeatures.AREA_KM2, "2.5"));
        JobRef large = new JobRef("c", "newbuilding", java.util.Map.of(SateaisDurationFeatures.AREA_KM2, "20000"));
        SateaisDurationFeatures f = SateaisDurationFeatures.INSTANCE;
        assertEquals(f.of(small, null), f.of(alike, null), "areas within a factor of two share a distribution");
        org.junit.jupiter.api.Assertions.assertNotEquals(f.of(small, null), f.of(large, null));
        assertEquals(dev.asyncjobs.engine.learn.JobFeatures.NONE, f.of(ref, null), "ship: per type only");
    }

    @Test
    void aJobWithoutCompletionTimeReportsNone() {
        SateaisJob job = new SateaisJob("job_1", "failed", "2026-03-12T15:00:00Z", null, null, "E", "m", null);
        assertNull(SateaisDurationFeatures.INSTANCE.reportedDuration(ref, SateaisApi.snapshot(job)));
        assertNull(SateaisDurationFeatures.INSTANCE.reportedDuration(ref, null));
    }
}
