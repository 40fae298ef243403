/**
 * Poll timing learned from the account's own jobs: {@link dev.asyncjobs.engine.learn.DurationHistogram} (a bounded
 * log-bucketed distribution), {@link dev.asyncjobs.engine.learn.DurationLearner} (one per account and vendor, kept in
 * the job store), {@link dev.asyncjobs.engine.learn.LearnedPollPolicy} (the {@code PollPolicy} that uses it around the
 * vendor's), the vendors' {@link dev.asyncjobs.engine.learn.DurationFeatures} hook, and
 * PollSimulation (in this module's test-jar) to try policies in simulated time.
 * <p>
 * How the engine uses it (see the engine README for the model); {@code Account.learner} and
 * {@code AsyncJobEndpoint.getFollowPollPolicy} do this for every consumer with {@code pollingMode=learned}:
 * <pre>{@code
 * // once per account and vendor (shared by the account's endpoints), when the store is open:
 * DurationLearner learner = new DurationLearner(vendor, api.durationFeatures());
 * LearnerStore kept = LearnerStore.open(store, account, learner); // restores it (a bad value: warn, start afresh),
 *                                                                 // saves it every 20 observations
 * // per endpoint:
 * PollPolicy vendor = api.pollPolicy().overriddenBy(firstPollDelay, pollInterval);
 * PollPolicy policy = new LearnedPollPolicy(vendor, learner, maxDetectionDelay, percentile, minPollInterval, 20);
 *
 * // FollowLoop: a submitted job's first poll:  policy.firstPollDelay(ref, submitAnswer)
 * //              a job tracked by id:           policy.firstPollDelay(ref)
 * //              every next poll:               policy.nextPollDelay(ref, latest, age)  age = due - submit, or null
 * //              a submitted job seen ended:    policy.jobEnded(ref, terminal, lastSeenRunningAge, age)
 * // when the component stops:
 * kept.save();
 * }</pre>
 */
package dev.asyncjobs.engine.learn;
