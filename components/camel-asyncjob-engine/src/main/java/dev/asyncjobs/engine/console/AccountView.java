package dev.asyncjobs.engine.console;

import dev.asyncjobs.engine.client.ApiHealth;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.engine.learn.DurationLearner;
import dev.asyncjobs.engine.tracking.JobTracker;

/**
 * What a component keeps of one account (an API key at a base URL), as the dev console reads it: nothing here is
 * created for the reading, so a piece the account has not used yet is null.
 *
 * @param accountId the account's opaque id (a hash of base URL and key; never the key)
 * @param tracker   its followed jobs (and, while a consumer follows them here, its follower)
 * @param pacer     its request budget, or null before its first request
 * @param health    what its latest requests say, or null before its first request
 * @param learner   what it learned of its jobs' durations, or null when no consumer polls it with learned polling
 */
public record AccountView(String accountId, JobTracker tracker, RequestPacer pacer, ApiHealth health,
        DurationLearner learner) {
}
