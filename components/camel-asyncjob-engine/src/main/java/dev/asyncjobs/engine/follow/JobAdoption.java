package dev.asyncjobs.engine.follow;

import dev.asyncjobs.engine.store.JobStore;
import dev.asyncjobs.engine.store.StoreLoss;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.ListedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the account's jobs that no record holds, from the vendor's own list of jobs ({@link AsyncJobApi#listJobs}):
 * the vendor is the one source of truth about which jobs an account has, the store only a cache of it. A round, every
 * {@code interval} (real time), lists the jobs created within {@code window} (the vendor's clock) and adopts:
 * <ul>
 * <li>every job not ended that no record holds, followed to its end;</li>
 * <li>once, in the first round after a start, every ended job that no record holds and that was created after the
 * store's content was last committed ({@link JobStore#contentAsOf()}, or the whole window when the store lost
 * everything): it may have ended while nobody followed it. With no known commit (a store never used before), ended
 * jobs are not adopted.</li>
 * </ul>
 * An adopted job carries the {@link #ADOPTED} attribute, and its first exchange to each group says so. A job this
 * account followed lately ({@link FollowedJobs}) is not adopted again. Of several consumers or nodes on one store,
 * the one that claims the round ({@link JobStore#claimRound}, held for an interval) runs it.
 * <p>
 * A store that reported a {@link StoreLoss} is recovered by the first round that completes: one WARN names the store,
 * what it lost and what was adopted; where the vendor documents no list, the WARN says what that means instead.
 */
public final class JobAdoption {

    private static final Logger LOG = LoggerFactory.getLogger(JobAdoption.class);

    /** The job attribute that marks a job adopted, holding where it was found ("list" or "push"). */
    public static final String ADOPTED = "adopted";
    static final String ROUND = "adoption";
    /** How far the vendor's clock may be from this one's when a creation time is compared with a commit time. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /**
     * How adoption runs.
     *
     * @param enabled  whether rounds run (adoptJobs); the loss check at start runs regardless
     * @param window   how far back the list is read (the vendor's clock)
     * @param interval how often a round runs (real time); a claimed round holds this long
     * @param scope    what the consumer's endpoint addresses beyond the key (a Pixxel workflow id)
     */
    public record Settings(boolean enabled, Duration window, Duration interval, Map<String, String> scope) {
    }

    private final JobTracker tracker;
    private final AsyncJobApi api;
    private final Settings settings;
    private final String owner;
    private final Clock vendorClock;
    private long nextRoundNanos = System.nanoTime();
    private boolean firstRound = true;
    /**
     * The jobs the store held when the consumer started: one that ended and left before the first round was followed,
     * not lost.
     */
    private java.util.Set<String> heldAtStart = java.util.Set.of();

    public JobAdoption(JobTracker tracker, AsyncJobApi api, Settings settings, String owner) {
        this.tracker = tracker;
        this.api = api;
        this.settings = settings;
        this.owner = owner;
        this.vendorClock = tracker.clock();
        if (settings.enabled()) {
            java.util.Set<String> held = new java.util.HashSet<>();
            tracker.store().list(tracker.account()).forEach(r -> held.add(r.jobId()));
            this.heldAtStart = held;
        }
    }

    /**
     * Refuses a start on a store that lost records when this consumer does not adopt: the jobs of the lost part would
     * never be followed.
     *
     * @param option the option that recovers, as the user sets it (for the message)
     * @throws IllegalStateException naming the store, what it lost and the fix
     */
    public void refuseUnrecoveredLoss(String option) {
        Optional<StoreLoss> loss = tracker.store().loss();
        if (loss.isPresent() && !settings.enabled()) {
            throw new IllegalStateException(loss.get().describe() + ". The jobs recorded in the lost part are still "
                    + api.vendor() + "'s and would not be followed: set " + option + "=true on the consumer to start"
                    + " with what the store holds and adopt the account's other jobs from " + api.vendor()
                    + " (its list of jobs, or where it has none its pushes), or put the store back (a backup) and"
                    + " start again");
        }
    }

    /**
     * The consumers' sweep: saves the ids followed lately, and runs an adoption round when one is due.
     *
     * @return how many jobs were adopted
     */
    public int sweep() {
        tracker.followed().save();
        if (!settings.enabled() || System.nanoTime() - nextRoundNanos < 0) {
            return 0;
        }
        nextRoundNanos = System.nanoTime() + settings.interval().toNanos();
        Instant now = Instant.now();
        JobStore store = tracker.store();
        if (!store.claimRound(tracker.account(), ROUND, owner, now, now.plus(settings.interval()))) {
            return 0;
        }
        return round(store);
    }

    private int round(JobStore store) {
        Optional<StoreLoss> loss = store.loss();
        Instant since = vendorClock.instant().minus(settings.window());
        Instant endedSince = null;
        if (firstRound) {
            endedSince = loss.isPresent()
                    ? Optional.ofNullable(loss.get().contentAsOf()).map(t -> t.minus(CLOCK_SKEW)).orElse(since)
                    : store.contentAsOf().map(t -> t.minus(CLOCK_SKEW)).orElse(null);
        }
        Optional<List<ListedJob>> listed;
        try {
            listed = api.listJobs(since, settings.scope());
        } catch (RuntimeException e) {
            LOG.warn("Listing the {} jobs to adopt failed ({}); trying again in {}", api.vendor(), e.getMessage(),
                    settings.interval());
            return 0;
        }
        firstRound = false;
        java.util.Set<String> heldAtStart = this.heldAtStart;
        this.heldAtStart = java.util.Set.of();
        if (listed.isEmpty()) {
            loss.ifPresent(l -> {
                LOG.warn("{}. {} documents no list of jobs, so the jobs of the lost part cannot be adopted from one:"
                         + " each is adopted when a push about it arrives (a webhook, checked with a status request);"
                         + " without webhooks they are not followed", l.describe(), api.vendor());
                store.lossRecovered();
            });
            return 0;
        }
        List<String> running = new ArrayList<>();
        List<String> ended = new ArrayList<>();
        for (ListedJob job : listed.get()) {
            if (job.createdAt() != null && job.createdAt().isBefore(since)) {
                continue;
            }
            boolean terminal = job.snapshot().terminal();
            if (terminal && (endedSince == null || job.createdAt() == null || job.createdAt().isBefore(endedSince))) {
                continue;
            }
            String id = job.ref().jobId();
            if (heldAtStart.contains(id) || tracker.isTracked(id) || tracker.followed().contains(id)) {
                continue;
            }
            if (adopt(job.ref(), "list")) {
                (terminal ? ended : running).add(id);
            }
        }
        int adopted = running.size() + ended.size();
        if (loss.isPresent()) {
            LOG.warn("{}. Adopted from {}'s list of jobs created since {}: {} not ended {} and {} ended since {} {};"
                     + " they are followed from now on, their first exchange marked adopted", loss.get().describe(),
                    api.vendor(), since, running.size(), running, ended.size(), endedSince, ended);
            store.lossRecovered();
        } else if (adopted > 0) {
            LOG.info("Adopted {} {} jobs that no record held, from its list of jobs: {} not ended {}, {} ended {}",
                    adopted, api.vendor(), running.size(), running, ended.size(), ended);
        }
        return adopted;
    }

    /**
     * Follows a job no record holds, marked adopted: its first poll (at once) delivers its current status, even one
     * that is terminal already.
     *
     * @param  foundBy where the job was found ("list"; "push" for a webhook checked with a status request; "submit"
     *                 for a candidate of a lost submit)
     * @return         whether it was not tracked yet
     */
    public boolean adopt(JobRef ref, String foundBy) {
        return adopt(tracker, ref, foundBy, Duration.ZERO);
    }

    /**
     * A job a push named and a status request just confirmed (the key sees it: it is this account's), adopted unless
     * this account followed it lately; its first poll waits {@code firstPoll} (the vendor's floor after that request).
     */
    public boolean adoptPushed(JobRef ref, Duration firstPoll) {
        return adopt(tracker, ref, "push", firstPoll);
    }

    /** Whether a push about this job may be about one to adopt: not tracked, not followed lately. */
    public boolean unknown(String jobId) {
        return !tracker.isTracked(jobId) && !tracker.followed().contains(jobId);
    }

    /** Adopts on the given tracker a job not tracked yet nor followed lately. */
    static boolean adopt(JobTracker tracker, JobRef ref, String foundBy, Duration firstPoll) {
        if (tracker.followed().contains(ref.jobId())) {
            return false;
        }
        Map<String, String> attributes = new HashMap<>(ref.attributes());
        attributes.put(ADOPTED, foundBy);
        return tracker.track(new JobRef(ref.jobId(), ref.jobType(), attributes), null, firstPoll);
    }

    /** Whether the job was adopted (its first exchange to each group says so). */
    public static boolean isAdopted(JobRef ref) {
        return ref != null && ref.attributes().containsKey(ADOPTED);
    }
}
