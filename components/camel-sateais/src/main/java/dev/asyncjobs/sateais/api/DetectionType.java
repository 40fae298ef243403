package dev.asyncjobs.sateais.api;

import java.time.Duration;

/**
 * The four SateAIs detections, with the vendor's suggested delay before the first status request ("How it works":
 * ship 5 min, oilslick 10 min, newbuilding 5 min, timeseries 2 min).
 */
public enum DetectionType {
    ship(Duration.ofMinutes(5)),
    oilslick(Duration.ofMinutes(10)),
    newbuilding(Duration.ofMinutes(5)),
    timeseries(Duration.ofMinutes(2));

    private final Duration suggestedFirstPoll;

    DetectionType(Duration suggestedFirstPoll) {
        this.suggestedFirstPoll = suggestedFirstPoll;
    }

    /** The vendor's suggested delay between submission and the first status request. */
    public Duration suggestedFirstPoll() {
        return suggestedFirstPoll;
    }

    /** Whether the detection works on a single scene (and so accepts scene_id). */
    public boolean sceneBased() {
        return this == ship || this == oilslick;
    }
}
