package dev.asyncjobs.engine.spi;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PollPolicyTest {

    private static final Duration FLOOR = Duration.ofSeconds(2);

    /** A vendor that documents a slow first poll for "building" jobs and a 10 s interval, at most every 2 s. */
    private final PollPolicy vendor = PollPolicy.fixed(
            Map.of("building", Duration.ofSeconds(30), "footprint", Duration.ofSeconds(3)),
            Duration.ofSeconds(5), Duration.ofSeconds(10), FLOOR);

    private final JobRef building = JobRef.of("j-1", "building");
    private final JobRef footprint = JobRef.of("j-2", "footprint");
    private final JobRef otherType = JobRef.of("j-3", "roads");
    private final JobRef untyped = JobRef.of("j-4");

    @Test
    void firstPollPerJobTypeWithDefault() {
        assertEquals(Duration.ofSeconds(30), vendor.firstPollDelay(building));
        assertEquals(Duration.ofSeconds(3), vendor.firstPollDelay(footprint));
        assertEquals(Duration.ofSeconds(5), vendor.firstPollDelay(otherType), "type without own delay");
        assertEquals(Duration.ofSeconds(5), vendor.firstPollDelay(untyped), "job without type");
    }

    @Test
    void intervalAndFloor() {
        assertEquals(Duration.ofSeconds(10), vendor.nextPollDelay(building, null));
        assertEquals(Duration.ofSeconds(10), vendor.nextPollDelay(untyped, running("j-4")));
        assertEquals(FLOOR, vendor.floor());
    }

    @Test
    void fixedNeverGoesBelowItsFloor() {
        PollPolicy tooEager = PollPolicy.fixed(Map.of("building", Duration.ofMillis(100)), Duration.ZERO,
                Duration.ofMillis(500), FLOOR);

        assertEquals(FLOOR, tooEager.firstPollDelay(building));
        assertEquals(FLOOR, tooEager.firstPollDelay(untyped));
        assertEquals(FLOOR, tooEager.nextPollDelay(untyped, null));
    }

    @Test
    void userValuesWin() {
        PollPolicy user = vendor.overriddenBy(Duration.ofSeconds(4), Duration.ofSeconds(60));

        assertEquals(Duration.ofSeconds(4), user.firstPollDelay(building), "the user's first poll replaces the per-type one");
        assertEquals(Duration.ofSeconds(4), user.firstPollDelay(untyped));
        assertEquals(Duration.ofSeconds(60), user.nextPollDelay(building, running("j-1")));
        assertEquals(FLOOR, user.floor(), "the vendor's floor stays");
    }

    @Test
    void userValuesAreKeptAsSetNeverRaisedSilently() {
        // an interval below the floor is refused where the option is read (the endpoint); a first poll follows the
        // submit, not another status request, so the floor does not apply to it
        PollPolicy user = vendor.overriddenBy(Duration.ofMillis(200), Duration.ofSeconds(3));

        assertEquals(Duration.ofMillis(200), user.firstPollDelay(building));
        assertEquals(Duration.ofSeconds(3), user.nextPollDelay(building, null));
        assertEquals(FLOOR, user.floor());
    }

    @Test
    void nullFirstPollKeepsTheVendors() {
        PollPolicy user = vendor.overriddenBy(null, Duration.ofSeconds(20));

        assertEquals(Duration.ofSeconds(30), user.firstPollDelay(building));
        assertEquals(Duration.ofSeconds(5), user.firstPollDelay(untyped));
        assertEquals(Duration.ofSeconds(20), user.nextPollDelay(building, null));
    }

    @Test
    void withoutFirstPollGuidanceTheFirstPollComesOneIntervalAfterTheSubmit() {
        // a vendor that only says "every 10 s" (Pixxel, as this project reads it): pollInterval=250ms is every poll
        PollPolicy every10s = PollPolicy.fixed(Map.of(), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO);
        PollPolicy user = every10s.overriddenBy(null, Duration.ofMillis(250));

        assertEquals(Duration.ofMillis(250), user.firstPollDelay(untyped));
        assertEquals(Duration.ofMillis(250), user.firstPollDelay(untyped, running("j-4")));
        assertEquals(Duration.ofMillis(250), user.nextPollDelay(untyped, null));
        assertEquals(Duration.ofSeconds(2), every10s.overriddenBy(Duration.ofSeconds(2), Duration.ofMillis(250))
                .firstPollDelay(untyped), "an explicit firstPollDelay still wins");
    }

    @Test
    void nullIntervalKeepsTheVendors() {
        PollPolicy user = vendor.overriddenBy(Duration.ofSeconds(7), null);

        assertEquals(Duration.ofSeconds(7), user.firstPollDelay(building));
        assertEquals(Duration.ofSeconds(10), user.nextPollDelay(building, null));
    }

    @Test
    void bothNullIsTheVendorPolicy() {
        PollPolicy user = vendor.overriddenBy(null, null);

        assertEquals(Duration.ofSeconds(30), user.firstPollDelay(building));
        assertEquals(Duration.ofSeconds(5), user.firstPollDelay(untyped));
        assertEquals(Duration.ofSeconds(10), user.nextPollDelay(building, null));
        assertEquals(FLOOR, user.floor());
    }

    @Test
    void defaultFloorIsZero() {
        PollPolicy custom = new PollPolicy() {
            @Override
            public Duration firstPollDelay(JobRef job) {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration nextPollDelay(JobRef job, JobSnapshot latest) {
                return Duration.ofSeconds(1);
            }
        };

        assertEquals(Duration.ZERO, custom.floor());
        assertEquals(Duration.ofMillis(10), custom.overriddenBy(Duration.ofMillis(10), null).firstPollDelay(untyped));
    }

    private static JobSnapshot running(String id) {
        return JobSnapshot.builder(id, "RUNNING", StatusMapping.of("Acme").map("RUNNING", JobPhase.RUNNING).build())
                .build();
    }
}
