/**
 * Poll timing learned from the account's own jobs: {@link dev.asyncjobs.engine.learn.DurationHistogram} (a bounded
 * log-bucketed distribution), {@link dev.asyncjobs.engine.learn.DurationLearner} (one per account and vendor, kept in
 * the job store), {@link dev.asyncjobs.engine.learn.LearnedPollPolicy} (the {@code PollPolicy} that uses it around the
 * vendor's), the vendors' {@link dev.asyncjobs.engine.learn.DurationFeatures} hook, and
 * {@link dev.asyncjobs.engine.learn.PollSimulation} to try policies in simulated time.
 * <p>
 * How the engine uses it (see the engine README for the model):
 * <pre>{@code
 * // once per account and vendor (share it between the account's endpoints), when the store is open:
 * DurationLearner learner = new DurationLearner(api.vendor(), features);   // features: the vendor's hook, or NONE
 * store.loadValue(account, learner.valueName()).ifPresent(bytes -> learner.restore(bytes)); // bad value: warn, go on
 *
 * // per endpoint, pollingMode=learned:
 * PollPolicy vendor = api.pollPolicy().overriddenBy(firstPollDelay, pollInterval);
 * PollPolicy policy = new LearnedPollPolicy(vendor, learner, maxDetectionDelay, minPollInterval, 20);
 *
 * // a submitted job's first poll:        policy.firstPollDelay(ref, submitAnswer)
 * // a job tracked by id (age unknown):   policy.firstPollDelay(ref)
 * // every next poll:                     policy.nextPollDelay(ref, latest, age)   age = due time - submit time, or null
 * // a submitted job seen ended:          learned.observe(ref, terminal, previousPollAge, age)
 * // now and then (learner.changes() moved) and on stop:
 * store.saveValue(account, learner.valueName(), learner.toBytes());
 * }</pre>
 */
package dev.asyncjobs.engine.learn;
