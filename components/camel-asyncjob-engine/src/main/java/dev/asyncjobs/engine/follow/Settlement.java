package dev.asyncjobs.engine.follow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.AuthenticationException;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.PollPolicy;
import dev.asyncjobs.engine.spi.RateLimitedException;
import dev.asyncjobs.engine.spi.TransientApiException;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.engine.store.JobRecord.Cursor;
import dev.asyncjobs.engine.store.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the outcome of a claim to the store, in one compare-and-set: the groups' new positions with the next due
 * time and the lease released, or the job leaving tracking. A compare-and-set that fails while the claim is still this
 * node's (a push made the job due, a submit's delivery moved a cursor) is applied again on the fresh copy; one whose
 * claim was lost writes nothing, and the node that took it over delivers again, marked redelivered. The commit manager
 * of the loop, as camel-kafka's commit manager is of its consumer.
 */
final class Settlement {

    private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);
    private static final int CAS_ATTEMPTS = 8;

    private final JobStore store;
    private final String account;
    private final String owner;
    private final String vendor;
    private final Clock clock;

    Settlement(JobStore store, String account, String owner, String vendor, Clock clock) {
        this.store = store;
        this.account = account;
        this.owner = owner;
        this.vendor = vendor;
        this.clock = clock;
    }

    /** Told of every job that leaves tracking at its end (the account keeps its id as followed). */
    private Consumer<JobRef> onLeave = ref -> {
    };

    Settlement onLeave(Consumer<JobRef> listener) {
        this.onLeave = listener;
        return this;
    }

    JobStore store() {
        return store;
    }

    String account() {
        return account;
    }

    /** This node's name in leases. */
    String owner() {
        return owner;
    }

    /** The jobs' clock (due times). */
    Clock clock() {
        return clock;
    }

    /** The same rules, for another store and account (the follow loop's own store), without a leave listener. */
    Settlement over(JobStore otherStore, String otherAccount) {
        return new Settlement(otherStore, otherAccount, owner, vendor, clock);
    }

    /**
     * A status was seen: either the job leaves (terminal, and every group following the account is at its end), or it
     * is rescheduled {@code delay} after its previous due time (never sooner than the floor after this request).
     *
     * @return whether the outcome was written (the claim was still this node's)
     */
    boolean settle(JobRecord claimed, JobRecord next, JobSnapshot snapshot, Instant sentAt, Duration delay, int stretch,
                   Duration floor) {
        if (snapshot.terminal() && everyGroupAtEnd(next, snapshot)) {
            return leave(claimed, next, snapshot, sentAt);
        }
        // timed from the previous due time, so polls do not drift late; never sooner than the floor after this one
        Instant base = claimed.nextPollAt() != null ? claimed.nextPollAt() : sentAt;
        Instant at = base.plus(delay);
        Instant floorAt = sentAt.plus(floor);
        if (at.isBefore(floorAt)) {
            at = floorAt;
        }
        if (stretch > 0 && at.isBefore(sentAt.plus(delay))) {
            at = sentAt.plus(delay);
        }
        return write(claimed, next.settled(at, stretch, sentAt), !next.cursors().equals(claimed.cursors()));
    }

    private boolean leave(JobRecord claimed, JobRecord next, JobSnapshot snapshot, Instant sentAt) {
        JobRecord current = claimed;
        for (int i = 0; i < CAS_ATTEMPTS; i++) {
            JobRecord fresh = store.delete(account, claimed.jobId(), current.version()) ? null
                    : store.find(account, claimed.jobId()).orElse(null);
            if (fresh == null) {
                onLeave.accept(claimed.ref());
                return true;
            }
            if (!stillOurs(claimed, fresh)) {
                break;
            }
            JobRecord merged = rebase(fresh, claimed, next);
            if (!everyGroupAtEnd(merged, snapshot)) {
                return write(claimed, merged.withLastPolledAt(sentAt).released(), true);
            }
            current = fresh;
        }
        LOG.warn("{} job {}: its claim was lost before it could leave tracking (another node took it over)", vendor,
                claimed.jobId());
        return false;
    }

    /** A 404 not confirmed yet: counted, and asked again after {@code delay}. */
    void notFoundYet(JobRecord claimed, int count, Instant since, Instant sentAt, Duration delay) {
        write(claimed, claimed.withNotFound(count, since).withLastPolledAt(sentAt)
                .withSchedule(clock.instant().plus(delay), claimed.failures(), claimed.stretch()).released(), false);
    }

    /**
     * A failed status request: 429 (and 503 with Retry-After) waits for the key's pause, a rejected key for
     * {@code authPausedUntil}, anything else backs off from {@code interval}, doubling per failure up to
     * {@code maxBackoff}. The job stays tracked in every case.
     */
    void failed(JobRecord claimed, AsyncJobApiException error, Instant keyPausedUntil, Instant authPausedUntil,
                Duration interval, Duration maxBackoff) {
        Instant now = clock.instant();
        if (error instanceof RateLimitedException
                || error instanceof TransientApiException t && t.getRetryAfter() != null) {
            // the pause is real time; this job is due again once it is over, at the soonest a second from now
            Duration pause = Duration.between(Instant.now(), keyPausedUntil);
            Instant resume = now.plus(pause.compareTo(Duration.ofSeconds(1)) > 0 ? pause : Duration.ofSeconds(1));
            write(claimed, claimed.withSchedule(resume, claimed.failures(), claimed.stretch()).released(), false);
            LOG.debug("{} rate-limited the status request of job {}; it is due again at {}", vendor,
                    claimed.jobId(), resume);
        } else if (error instanceof AuthenticationException) {
            write(claimed, claimed.withSchedule(authPausedUntil, claimed.failures(), claimed.stretch()).released(),
                    false);
        } else {
            int failures = claimed.failures() + 1;
            Duration delay = Backoff.of(interval, maxBackoff, failures);
            write(claimed, claimed.withSchedule(now.plus(delay), failures, claimed.stretch()).released(), false);
            LOG.warn("Status request of {} job {} failed ({}); the job stays tracked and is polled again in {}",
                    vendor, claimed.jobId(), error.getMessage(), delay);
        }
    }

    /** Gives a claim back after something unexpected: due again after a backoff. */
    void release(JobRecord claimed, Duration interval, Duration maxBackoff) {
        try {
            int failures = claimed.failures() + 1;
            Duration delay = Backoff.of(interval, maxBackoff, failures);
            store.update(claimed.withSchedule(clock.instant().plus(delay), failures, claimed.stretch()).released(),
                    false);
        } catch (RuntimeException e) {
            LOG.warn("Could not release the claim on {} job {}; it is taken up again when its lease expires", vendor,
                    claimed.jobId(), e);
        }
    }

    /** Writes a record this node claimed; see the class comment. */
    boolean write(JobRecord claimed, JobRecord next, boolean durable) {
        JobRecord attempt = next;
        for (int i = 0; i < CAS_ATTEMPTS; i++) {
            if (store.update(attempt, durable).isPresent()) {
                return true;
            }
            JobRecord fresh = store.find(account, claimed.jobId()).orElse(null);
            if (fresh == null || !stillOurs(claimed, fresh)) {
                break;
            }
            attempt = rebase(fresh, claimed, next);
        }
        LOG.warn("{} job {}: its claim was lost before its outcome was written (another node took it over); that"
                 + " node delivers the transition again, marked as redelivered", vendor, claimed.jobId());
        return false;
    }

    /** Whether the fresh copy is still under the claim this node made. */
    boolean stillOurs(JobRecord claimed, JobRecord fresh) {
        return owner.equals(fresh.leaseOwner()) && Objects.equals(fresh.leaseUntil(), claimed.leaseUntil());
    }

    /** {@code next}'s outcome on top of {@code fresh}: the cursors this claim moved, over the fresh copy's. */
    private static JobRecord rebase(JobRecord fresh, JobRecord claimed, JobRecord next) {
        JobRecord merged = next.withVersion(fresh.version());
        for (Map.Entry<String, Cursor> c : fresh.cursors().entrySet()) {
            if (Objects.equals(claimed.cursors().get(c.getKey()), next.cursors().get(c.getKey()))) {
                merged = merged.withCursor(c.getKey(), c.getValue()); // not moved by this claim: keep the fresh one
            }
        }
        return merged;
    }

    private boolean everyGroupAtEnd(JobRecord next, JobSnapshot snapshot) {
        Set<String> following = store.groups(account);
        for (String name : following) {
            Cursor c = next.position(name);
            if (c == null || !Objects.equals(c.status(), snapshot.status())) {
                return false;
            }
        }
        return true;
    }

    /** The least the next request waits after this one: the floor, or after a nack the whole interval. */
    static Duration floorAfter(PollPolicy plan, boolean nacked, Duration interval) {
        return PollPolicy.max(plan.floor(), nacked ? interval : Duration.ZERO);
    }
}
