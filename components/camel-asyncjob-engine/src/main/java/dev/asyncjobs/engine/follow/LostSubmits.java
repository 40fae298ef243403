package dev.asyncjobs.engine.follow;

import dev.asyncjobs.engine.store.SubmitIntent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.ListedJob;
import dev.asyncjobs.engine.spi.SubmitReconciliation;

/**
 * Reconciles one round of lost submits (intents whose answer never arrived) together. A vendor that can name a
 * submit's job (an Idempotency-Key, a submit cache) answers for each intent ({@link AsyncJobApi#reconcileSubmit}); a
 * vendor that cannot ({@link SubmitReconciliation#byCreationWindow()}: SateAIs, Pixxel) has its job looked for in its
 * list of jobs, once per round and scope, among the jobs created in the submit's window ({@link #CLOCK_SKEW} before it
 * to {@link #SUBMIT_WINDOW} after it) that this account did not follow as its own ({@link FollowedJobs}).
 * <p>
 * The intents whose candidates overlap are resolved as a set: one intent with one candidate adopts it; otherwise every
 * candidate of the set is followed from now on (marked adopted: it may be another client's job), and each intent is
 * reported unconfirmed naming its candidates. So every paid job the vendor lists is followed, even where which submit
 * created which job stays unknown; nothing is submitted again.
 */
public final class LostSubmits {

    /** How far the vendor's clock may be from ours. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    /** How long after its intent a submit's job may have been created (the longest a request can take). */
    public static final Duration SUBMIT_WINDOW = Duration.ofMinutes(5);

    private final AsyncJobApi api;
    private final JobTracker tracker;
    private final List<SubmitIntent> round;
    private final Map<String, SubmitReconciliation> byWindow = new HashMap<>();
    private boolean windowsResolved;

    /** A round of the given intents (those claimed together). */
    public LostSubmits(AsyncJobApi api, JobTracker tracker, List<SubmitIntent> round) {
        this.api = api;
        this.tracker = tracker;
        this.round = List.copyOf(round);
    }

    /** Whether the job was created in the intent's window, by the vendor's clock (an unknown time cannot be ruled out). */
    public static boolean inWindow(SubmitIntent intent, Instant createdAt) {
        return createdAt == null || !createdAt.isBefore(intent.createdAt().minus(CLOCK_SKEW))
                && !createdAt.isAfter(intent.createdAt().plus(SUBMIT_WINDOW));
    }

    /** What is known of the intent's job: named by the vendor, found in its window, or why not. */
    public SubmitReconciliation reconcile(SubmitIntent intent) {
        SubmitReconciliation own = api.reconcileSubmit(intent, tracker::isTracked);
        if (!own.isByCreationWindow()) {
            return own;
        }
        if (!windowsResolved) {
            windowsResolved = true;
            resolveWindows();
        }
        SubmitReconciliation found = byWindow.get(intent.intentId());
        return found != null ? found : SubmitReconciliation.unconfirmed(api.vendor() + " documents no list of jobs to"
                + " find the job of a submit whose answer was lost");
    }

    private void resolveWindows() {
        Map<Map<String, String>, List<SubmitIntent>> byScope = new LinkedHashMap<>();
        for (SubmitIntent i : round) {
            byScope.computeIfAbsent(i.attributes(), a -> new ArrayList<>()).add(i);
        }
        byScope.forEach(this::resolveScope);
    }

    private void resolveScope(Map<String, String> scope, List<SubmitIntent> intents) {
        Instant oldest = intents.stream().map(SubmitIntent::createdAt).min(Instant::compareTo).orElseThrow();
        List<ListedJob> listed = api.listJobs(oldest.minus(CLOCK_SKEW), scope).orElse(null);
        if (listed == null) {
            return;
        }
        Map<String, Set<String>> candidates = new LinkedHashMap<>();
        Map<String, ListedJob> jobs = new HashMap<>();
        for (SubmitIntent i : intents) {
            Set<String> of = new LinkedHashSet<>();
            for (ListedJob job : listed) {
                String id = job.ref().jobId();
                if (inWindow(i, job.createdAt()) && !followedAsOwn(id)) {
                    of.add(id);
                    jobs.put(id, job);
                }
            }
            candidates.put(i.intentId(), of);
        }
        // intents whose candidates overlap form one set: which of them created which job cannot be told apart
        for (List<SubmitIntent> set : overlapping(intents, candidates)) {
            Set<String> all = new LinkedHashSet<>();
            set.forEach(i -> all.addAll(candidates.get(i.intentId())));
            SubmitIntent first = set.get(0);
            if (set.size() == 1 && all.size() == 1) {
                ListedJob job = jobs.get(all.iterator().next());
                byWindow.put(first.intentId(), SubmitReconciliation.adopted(job.ref(), job.snapshot()));
                continue;
            }
            for (String id : all) {
                JobAdoption.adopt(tracker, jobs.get(id).ref(), "submit", Duration.ZERO);
            }
            for (SubmitIntent i : set) {
                Set<String> of = candidates.get(i.intentId());
                String window = "between " + i.createdAt().minus(CLOCK_SKEW) + " and " + i.createdAt().plus(SUBMIT_WINDOW);
                byWindow.put(i.intentId(), SubmitReconciliation.unconfirmed(of.isEmpty()
                        ? "no job this account did not follow was created " + window
                        : of.size() + " jobs this account did not follow were created " + window + " (" + of
                          + "), for " + set.size() + " lost submits; which one is this submit's is unknown. All of"
                          + " them are followed from now on, their first exchange marked adopted"));
            }
        }
    }

    /** A job this account followed as its own: tracked (not adopted), or followed lately and gone. */
    private boolean followedAsOwn(String jobId) {
        return tracker.get(jobId).map(r -> !JobAdoption.isAdopted(r.ref())).orElse(false)
                || tracker.followed().containsOwn(jobId);
    }

    /** The intents grouped by shared candidates (connected sets), each set in the round's order. */
    private static List<List<SubmitIntent>> overlapping(List<SubmitIntent> intents, Map<String, Set<String>> candidates) {
        List<List<SubmitIntent>> sets = new ArrayList<>();
        List<Set<String>> jobsOfSet = new ArrayList<>();
        for (SubmitIntent i : intents) {
            Set<String> mine = new LinkedHashSet<>(candidates.get(i.intentId()));
            List<SubmitIntent> merged = new ArrayList<>(List.of(i));
            for (int s = sets.size() - 1; s >= 0; s--) {
                if (jobsOfSet.get(s).stream().anyMatch(mine::contains)) {
                    merged.addAll(0, sets.remove(s));
                    mine.addAll(jobsOfSet.remove(s));
                }
            }
            sets.add(merged);
            jobsOfSet.add(mine);
        }
        return sets;
    }
}
