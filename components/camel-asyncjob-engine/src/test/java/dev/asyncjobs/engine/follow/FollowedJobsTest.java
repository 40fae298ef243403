package dev.asyncjobs.engine.follow;

import dev.asyncjobs.engine.store.InMemoryJobStore;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FollowedJobsTest {

    private final InMemoryJobStore store = new InMemoryJobStore();

    @Test
    void theIdsOfEndedJobsOutliveTheProcessThatSawThemEnd() {
        FollowedJobs before = new FollowedJobs(store, "acct-1");
        before.add("job-own", true);
        before.add("job-adopted", false);
        before.save();

        FollowedJobs after = new FollowedJobs(store, "acct-1"); // a restart on the same store

        assertTrue(after.containsOwn("job-own"));
        assertTrue(after.contains("job-adopted"));
        assertFalse(after.containsOwn("job-adopted"), "an adopted job stays a candidate of a lost submit");
        assertFalse(new FollowedJobs(store, "acct-2").contains("job-own"), "each account apart");
    }

    @Test
    void theOldestIdsGoFirstBeyondTheCap() {
        FollowedJobs followed = new FollowedJobs(store, "acct-1");
        for (int i = 0; i <= FollowedJobs.MAX_IDS; i++) {
            followed.add("job-" + i, true);
        }

        assertFalse(followed.contains("job-0"));
        assertTrue(followed.contains("job-1") && followed.contains("job-" + FollowedJobs.MAX_IDS));
    }
}
