package dev.asyncjobs.engine.follow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.AuthenticationException;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.engine.store.JobRecord.Cursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what a status request showed to the consumer groups, as Kafka's record processor hands records to a consumer:
 * each group whose committed position it passes gets one {@link Delivery} (its filters may skip it, which moves the
 * position silently), and answers ack or nack. It returns the record with the acknowledged positions, for the
 * {@link Settlement} to write. Also delivers a submit's own answer to the groups that asked for it.
 */
final class Fanout {

    private static final Logger LOG = LoggerFactory.getLogger(Fanout.class);

    /**
     * What the groups answered.
     *
     * @param next   the claimed record with the positions the groups moved
     * @param nacked whether a group nacked (its transition comes again)
     * @param acked  the attempt counters to drop once the outcome is written
     */
    record Result(JobRecord next, boolean nacked, List<String> acked) {
    }

    private final Subscriptions subscriptions;
    private final AsyncJobApi api;
    private final Settlement shared;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    /** Jobs whose submit answer is being delivered to the groups that asked for it. */
    private final Set<String> submitDeliveries = ConcurrentHashMap.newKeySet();
    /** Jobs whose submit answer was delivered: their next poll re-reads the positions it moved. */
    private final Set<String> submitDelivered = ConcurrentHashMap.newKeySet();

    Fanout(Subscriptions subscriptions, AsyncJobApi api, Settlement shared) {
        this.subscriptions = subscriptions;
        this.api = api;
        this.shared = shared;
    }

    /**
     * Delivers a status to every group it is a transition for.
     *
     * @throws AsyncJobApiException when a group wants the result and it cannot be fetched now (retryable, or the key
     *                              was rejected): nothing was delivered, the poll counts as failed
     */
    Result deliver(JobRecord claimedCopy, JobSnapshot snapshot) {
        // read in this order: a submit delivery that is no longer pending has written its cursor before it said so
        boolean submitPending = submitDeliveries.contains(claimedCopy.jobId());
        JobRecord claimed = claimedCopy;
        if (submitDelivered.remove(claimedCopy.jobId())) {
            // a submit delivery moved a cursor since the claim: carry on from the fresh copy (still under our lease)
            claimed = shared.store().find(shared.account(), claimedCopy.jobId())
                    .filter(fresh -> shared.stillOurs(claimedCopy, fresh)).orElse(claimedCopy);
        }
        JobRecord next = claimed;
        // most answers repeat the status every group has: nothing is allocated for them
        List<Group> toDeliver = List.of();
        Map<Group, Cursor> from = null;
        for (String name : subscriptions.groupNames()) {
            Group g = subscriptions.member(name);
            if (g == null) {
                continue;
            }
            Cursor position = positionFor(claimed, g);
            if (position == null && g.emitSubmitted() && submitPending) {
                continue; // the submit's own answer is being delivered to it first
            }
            if (!isTransition(position, snapshot, g)) {
                continue;
            }
            if (!g.accepts(snapshot)) {
                next = next.withCursor(name, cursorOf(snapshot));
                continue;
            }
            if (from == null) {
                toDeliver = new ArrayList<>();
                from = new LinkedHashMap<>();
            }
            toDeliver.add(g);
            from.put(g, position);
        }
        if (toDeliver.isEmpty()) {
            return new Result(next, false, List.of());
        }
        Object result = null;
        AsyncJobApiException resultError = null;
        if (snapshot.phase().hasResult() && toDeliver.stream().anyMatch(Group::wantsResult)) {
            try {
                result = api.fetchResult(claimed.ref());
            } catch (AsyncJobApiException e) {
                if (e.isRetryable() || e instanceof AuthenticationException) {
                    throw e;
                }
                resultError = e;
            }
        }
        boolean nacked = false;
        List<String> acked = new ArrayList<>();
        for (Group g : toDeliver) {
            String key = g.groupName() + '\u0000' + claimed.jobId();
            int attempt = attempts.merge(key, 1, Integer::sum);
            Cursor position = from.get(g);
            boolean ack;
            try {
                ack = g.deliver(new Delivery(claimed.ref(), snapshot, position == null ? null : position.status(),
                        g.wantsResult() ? result : null, g.wantsResult() ? resultError : null, attempt,
                        attempt > 1 || claimed.takenOver(), traceParentOf(claimed)));
            } catch (RuntimeException e) {
                LOG.warn("Delivering the {} transition of job {} to group {} failed; it is delivered again later",
                        api.vendor(), claimed.jobId(), g.groupName(), e);
                ack = false;
            }
            if (ack) {
                acked.add(key);
                next = next.withCursor(g.groupName(), cursorOf(snapshot));
            } else {
                nacked = true;
            }
        }
        return new Result(next, nacked, acked);
    }

    /** The outcome of a delivery was written: its acknowledged transitions start their attempts afresh. */
    void committed(Result result) {
        result.acked().forEach(attempts::remove);
    }

    /**
     * A job is about to be tracked from its submit's answer: if a group asked for submit answers, polls leave it to
     * that delivery.
     *
     * @return whether the answer will be delivered ({@link #submitDone} must follow)
     */
    boolean announceSubmitted(String jobId) {
        boolean wanted = subscriptions.wantSubmitted();
        if (wanted) {
            submitDeliveries.add(jobId);
        }
        return wanted;
    }

    /** Delivers a submit's answer to the groups that asked for it and have no position on the job yet. */
    void deliverSubmitted(JobRef ref, JobSnapshot answer) {
        for (String name : subscriptions.groupNames()) {
            Group g = subscriptions.member(name);
            if (g == null || !g.emitSubmitted() || !g.accepts(answer)) {
                continue;
            }
            JobRecord tracked = shared.store().find(shared.account(), ref.jobId()).orElse(null);
            if (tracked == null || tracked.cursors().containsKey(name)) {
                continue; // a poll delivered it already, or the job is gone
            }
            boolean ack;
            try {
                ack = g.deliver(new Delivery(ref, answer, null, null, null, 1, false, traceParentOf(tracked)));
            } catch (RuntimeException e) {
                ack = false;
            }
            if (ack) {
                commitSubmitted(ref, answer, name);
            }
        }
    }

    private void commitSubmitted(JobRef ref, JobSnapshot answer, String group) {
        for (int i = 0; i < 8; i++) {
            try {
                JobRecord r = shared.store().find(shared.account(), ref.jobId()).orElse(null);
                if (r == null || r.cursors().containsKey(group)
                        || shared.store().update(r.withCursor(group, cursorOf(answer)), true).isPresent()) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not commit the submit of {} job {} for group {}; the first poll delivers it",
                        api.vendor(), ref.jobId(), group, e);
                return;
            }
        }
    }

    /**
     * The submit's delivery ended ({@code attempted}: its positions may have moved, so the next poll re-reads them), or
     * was not made.
     */
    void submitDone(String jobId, boolean attempted) {
        if (attempted) {
            submitDelivered.add(jobId);
        }
        submitDeliveries.remove(jobId);
    }

    /** Where a group stands on a job: its cursor, else the submit's answer (unless it wants that delivered too). */
    private static Cursor positionFor(JobRecord r, Group g) {
        Cursor c = r.cursors().get(g.groupName());
        if (c != null) {
            return c;
        }
        return g.emitSubmitted() ? null : r.baseline();
    }

    private static boolean isTransition(Cursor position, JobSnapshot snapshot, Group g) {
        if (position == null || !Objects.equals(snapshot.status(), position.status())) {
            return true;
        }
        return g.emitOnProgress() && !Objects.equals(snapshot.detail(), position.detail());
    }

    static Cursor cursorOf(JobSnapshot snapshot) {
        return new Cursor(snapshot.status(), snapshot.detail());
    }

    private static String traceParentOf(JobRecord r) {
        return r.trace() == null ? null : r.trace().traceParent();
    }
}
