package dev.asyncjobs.engine.learn;

import java.time.Duration;
import java.util.Map;

import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.store.InMemoryJobStore;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an account learned is kept in the job store: saved every 20 ended jobs, read by the next node or start. */
class LearnerStoreTest {

    static final PollPolicy SHIP = PollPolicy.fixed(Map.of("ship", Duration.ofMinutes(5)), Duration.ofMinutes(1),
            Duration.ofMinutes(1), Duration.ZERO);

    private static void end(LearnedPollPolicy policy, int i) {
        // the follower's call when a submitted job is seen ended: last seen running at 12 min, ended at 13 + i/10
        policy.jobEnded(JobRef.of("job-" + i, "ship"), null, Duration.ofMinutes(12),
                Duration.ofMinutes(13).plusSeconds(6L * i));
    }

    @Test
    void everyTwentyEndedJobsAreSavedAndAnotherNodeStartsFromThem() {
        InMemoryJobStore store = new InMemoryJobStore();
        store.open();
        DurationLearner learner = new DurationLearner("SateAIs", DurationFeatures.NONE);
        LearnedPollPolicy policy = new LearnedPollPolicy(SHIP, LearnerStore.open(store, "acct", learner).learner());
        for (int i = 0; i < 19; i++) {
            end(policy, i);
        }
        assertTrue(store.loadValue("acct", learner.valueName()).isEmpty(), "not saved before the 20th job");
        end(policy, 19);
        assertTrue(store.loadValue("acct", learner.valueName()).isPresent(), "saved at the 20th job");

        DurationLearner other = new DurationLearner("SateAIs", DurationFeatures.NONE);
        LearnerStore.open(store, "acct", other);
        assertEquals(20, other.samples(JobRef.of("x", "ship"), null), "a second node starts from what was saved");
        LearnedPollPolicy otherPolicy = new LearnedPollPolicy(SHIP, other);
        assertTrue(otherPolicy.firstPollDelay(JobRef.of("x", "ship"), null).compareTo(Duration.ofMinutes(12)) > 0,
                "and places the first poll by it, not at the vendor's 5 minutes");
    }

    @Test
    void aJobSeenEndedTwiceCountsOnce() {
        DurationLearner learner = new DurationLearner("SateAIs", DurationFeatures.NONE);
        LearnedPollPolicy policy = new LearnedPollPolicy(SHIP, learner);
        end(policy, 1);
        end(policy, 1); // a route's nack: the same terminal answer is settled again
        assertEquals(1, learner.samples(JobRef.of("x", "ship"), null));
    }

    @Test
    void aDamagedValueIsIgnoredAndLearningStartsAfresh() {
        InMemoryJobStore store = new InMemoryJobStore();
        store.open();
        DurationLearner learner = new DurationLearner("SateAIs", DurationFeatures.NONE);
        store.saveValue("acct", learner.valueName(), new byte[] { 9, 9, 9 });
        LearnerStore kept = LearnerStore.open(store, "acct", learner);
        assertEquals(0, learner.samples(JobRef.of("x", "ship"), null));
        new LearnedPollPolicy(SHIP, learner).jobEnded(JobRef.of("j", "ship"), null, null, Duration.ofMinutes(14));
        kept.save();
        DurationLearner restored = new DurationLearner("SateAIs", DurationFeatures.NONE);
        LearnerStore.open(store, "acct", restored);
        assertEquals(1, restored.samples(JobRef.of("x", "ship"), null), "the damaged value was replaced on save");
    }
}
