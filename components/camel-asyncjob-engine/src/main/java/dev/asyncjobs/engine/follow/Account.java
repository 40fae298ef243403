package dev.asyncjobs.engine.follow;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.client.ApiHealth;
import dev.asyncjobs.engine.client.RequestListener;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.engine.learn.DurationLearner;
import dev.asyncjobs.engine.learn.LearnerStore;
import dev.asyncjobs.engine.metrics.AsyncJobMetrics;

/**
 * Everything the engine keeps for one account (a vendor's API key at a base URL, known only by an opaque hash): its
 * jobs in the store ({@link JobTracker}), its request budget, its health, its meters, what it learned of its jobs'
 * durations, and the one {@link FollowLoop} that follows its jobs while anything subscribes. Producers and consumers
 * of the account share all of it.
 */
public final class Account {

    /** Where the loop's threads come from (Camel's ExecutorServiceManager, in a component). */
    public interface Threads {

        /** The loop's timer: one thread that only keeps time. */
        ScheduledExecutorService timer(String name);

        /** The loop's pool: runs status requests and deliveries. */
        ExecutorService pool(String name, int size);

        /** Runs waits' outcomes (a producer's route carries on there). */
        Executor completions();

        /** Ends threads of a loop that stopped: the timer at once, the pool once its requests settled. */
        void shutdown(ScheduledExecutorService timer, ExecutorService pool);
    }

    /**
     * How the account's loop runs, from the endpoint of its first subscriber.
     *
     * @param api      the vendor, over the background view of its client (see {@code AsyncJobEndpoint#getBackgroundApi})
     * @param policy   the end-only plan
     * @param settings how the loop polls
     */
    public record LoopSpec(AsyncJobApi api, PollPolicy policy, FollowLoop.Settings settings) {
    }

    private final String id;
    private final String vendor;
    private final JobTracker tracker;
    private final RequestPacer pacer;
    private final ApiHealth health;
    private final AsyncJobMetrics metrics;
    private final String node;
    private final Threads threads;
    private volatile LearnerStore learner;
    private FollowLoop loop;
    private ScheduledExecutorService timer;
    private ExecutorService pool;

    public Account(String id, String vendor, JobTracker tracker, RequestPacer pacer, ApiHealth health,
                   AsyncJobMetrics metrics, String node, Threads threads) {
        this.id = id;
        this.vendor = vendor;
        this.tracker = tracker;
        this.pacer = pacer;
        this.health = health;
        this.metrics = metrics;
        this.node = node;
        this.threads = threads;
    }

    /** The account's opaque id (a hash of base URL and key). */
    public String id() {
        return id;
    }

    /** The account's jobs, in the component's store. */
    public JobTracker tracker() {
        return tracker;
    }

    /** The key's request budget. */
    public RequestPacer pacer() {
        return pacer;
    }

    /** What the account's latest requests say about its health. */
    public ApiHealth health() {
        return health;
    }

    /** The account's meters. */
    public AsyncJobMetrics metrics() {
        return metrics;
    }

    /** Told of every request with the account's key: feeds its health and its meters. */
    public RequestListener requestListener() {
        return RequestListener.all(health, metrics);
    }

    /**
     * What the account learned of its jobs' durations, restored from the store on first use and saved there every
     * few ended jobs and when the account stops.
     */
    public DurationLearner learner(AsyncJobApi api) {
        LearnerStore l = learner;
        if (l == null) {
            synchronized (this) {
                l = learner;
                if (l == null) {
                    l = LearnerStore.open(tracker.store(), id, new DurationLearner(vendor, api.durationFeatures()));
                    learner = l;
                }
            }
        }
        return l.learner();
    }

    /** What the account learned so far, if its learner was opened (for the dev console: this opens nothing). */
    public java.util.Optional<DurationLearner> openedLearner() {
        LearnerStore l = learner;
        return l == null ? java.util.Optional.empty() : java.util.Optional.of(l.learner());
    }

    /** Adds a consumer group member, starting the account's loop if it is the first subscriber. */
    public synchronized FollowLoop subscribe(Group group, LoopSpec spec) {
        FollowLoop l = running(spec);
        l.subscribe(group);
        return l;
    }

    /** Removes a consumer group member; the loop stops once nothing subscribes. */
    public synchronized void unsubscribe(Group group) {
        if (loop != null && !loop.unsubscribe(group)) {
            stopLoop();
        }
    }

    /**
     * Waits for the end of a job of the account, or of a resource of it (see {@link FollowLoop#await}), starting the
     * account's loop if nothing else runs it.
     */
    public void await(LoopSpec spec, JobRef ref, String resource, AsyncJobApi resourceApi, PollPolicy waitPolicy,
                      JobSnapshot latest, Duration timeout, Consumer<JobSnapshot> onEnd,
                      Consumer<Throwable> onFailure) {
        FollowLoop l;
        synchronized (this) {
            l = running(spec);
        }
        l.await(ref, resource, resourceApi, waitPolicy, latest, timeout, onEnd, onFailure);
    }

    /** The running loop, or null. */
    public synchronized FollowLoop loop() {
        return loop;
    }

    /** Ends every wait now (the application is stopping); consumers go on until their routes stop. */
    public synchronized void stopWaits() {
        if (loop != null) {
            loop.stopWaits();
        }
    }

    /** Stops the loop (waits end with an exception naming their job) and saves what was learned. */
    public synchronized void stop() {
        stopLoop();
        LearnerStore l = learner;
        if (l != null) {
            l.save();
        }
    }

    private FollowLoop running(LoopSpec spec) {
        if (loop == null) {
            timer = threads.timer(vendor + "FollowLoop");
            pool = threads.pool(vendor + "JobPoller", spec.settings().maxConcurrentPolls());
            loop = new FollowLoop(tracker, spec.api(), spec.policy(), pacer, timer, pool, threads.completions(),
                    spec.settings(), node, metrics);
            loop.start();
        }
        return loop;
    }

    private void stopLoop() {
        if (loop != null) {
            loop.stop();
            // requests in flight finish and settle; anything claimed and not started is released by its lease
            threads.shutdown(timer, pool);
            loop = null;
            timer = null;
            pool = null;
        }
    }
}
