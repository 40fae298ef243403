package dev.asyncjobs.engine.follow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.store.InMemoryJobStore;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.engine.store.JobRecord.Cursor;
import dev.asyncjobs.engine.store.JobStore;

/**
 * Where the follow loop's due jobs come from, and their claims (db-scheduler's candidates): the account's store while
 * a consumer group subscribes, and a store of the loop's own for the jobs (and resources of jobs) that only waits of
 * this process follow, which nobody else needs kept. A claim holds a lease in real time, whatever clock the due times
 * follow.
 */
final class DueJobs {

    /** A claimed job: where its record lives, and whom to ask about it. */
    record Claim(JobRecord record, Source source) {
    }

    /**
     * A store the loop claims from, with the API its records are asked through.
     *
     * @param shared   the account's store (the groups' jobs), not the loop's own
     * @param resource the resource of the job that the loop's own records stand for (a download), or null
     */
    record Source(Settlement settlement, AsyncJobApi api, boolean shared, String resource) {
        /** The key of the waits on one of its jobs. */
        String key(String jobId) {
            return JobWait.key(resource, jobId);
        }
    }

    private final Subscriptions subscriptions;
    private final Duration lease;
    private final Source shared;
    /** This node's name in leases, and the jobs' clock: the shared settlement's. */
    private final String owner;
    private final Clock clock;
    private final JobStore ownStore = new InMemoryJobStore();
    private final Map<String, Source> ownSources = new ConcurrentHashMap<>();

    /**
     * @param shared the account's jobs, claimed while a group subscribes; its settlement names the node and the clock
     * @param lease  how long a claim holds if its owner dies (real time)
     */
    DueJobs(Source shared, Subscriptions subscriptions, Duration lease) {
        this.shared = shared;
        this.subscriptions = subscriptions;
        this.lease = lease;
        this.owner = shared.settlement().owner();
        this.clock = shared.settlement().clock();
    }

    /**
     * Claims up to {@code max} jobs due by {@code now}: the waits' own first (each is someone's exchange), then the
     * groups'.
     */
    List<Claim> claim(Instant now, int max) {
        Instant leaseNow = Instant.now(); // leases are real time, whatever clock the schedule follows
        Instant leaseUntil = leaseNow.plus(lease);
        List<Claim> claims = new ArrayList<>(max);
        for (Source s : ownSources.values()) {
            claimFrom(s, now, leaseNow, leaseUntil, max, claims);
        }
        if (subscriptions.anyGroup()) {
            claimFrom(shared, now, leaseNow, leaseUntil, max, claims);
        }
        return claims;
    }

    private void claimFrom(Source s, Instant now, Instant leaseNow, Instant leaseUntil, int max, List<Claim> claims) {
        if (claims.size() >= max) {
            return;
        }
        for (JobRecord r : s.settlement().store().claimDue(s.settlement().account(), now, leaseNow,
                max - claims.size(), owner, leaseUntil)) {
            claims.add(new Claim(r, s));
        }
    }

    /** The earliest time a job is due, or a held claim expires, in any store the loop claims from. */
    Optional<Instant> nextDue() {
        List<Source> sources = new ArrayList<>(ownSources.values());
        if (subscriptions.anyGroup()) {
            sources.add(shared);
        }
        Instant best = null;
        for (Source s : sources) {
            Instant at = s.settlement().store().nextDue(s.settlement().account()).orElse(null);
            if (at != null && (best == null || at.isBefore(best))) {
                best = at;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether a job is due by {@code now}. */
    boolean anyDue(Instant now) {
        return nextDue().filter(at -> !at.isAfter(now)).isPresent();
    }

    /** The wait's job (or resource) is polled from the loop's own store, first at {@code at}. */
    void pollOwn(JobWait wait, Instant at) {
        String ownAccount = ownSource(wait).settlement().account();
        Cursor baseline = wait.lastStatus() == null ? null : new Cursor(wait.lastStatus(), null);
        ownStore.insert(JobRecord.track(ownAccount, wait.ref(), baseline, clock.instant(), at, null));
        ownStore.find(ownAccount, wait.ref().jobId()).filter(r -> r.nextPollAt().isAfter(at))
                .ifPresent(r -> ownStore.update(r.withSchedule(at, r.failures(), r.stretch()), false));
    }

    /** No wait wants the job (or resource) any more: it leaves the loop's own store. */
    void forgetOwn(JobWait wait) {
        String ownAccount = ownSource(wait).settlement().account();
        for (int i = 0; i < 8; i++) {
            JobRecord r = ownStore.find(ownAccount, wait.ref().jobId()).orElse(null);
            if (r == null || ownStore.delete(ownAccount, r.jobId(), r.version())) {
                break;
            }
        }
    }

    private Source ownSource(JobWait wait) {
        String resource = wait.resource();
        String account = shared.settlement().account();
        return ownSources.computeIfAbsent(resource == null ? "" : resource, k -> new Source(shared.settlement()
                .over(ownStore, resource == null ? account : account + '\u0000' + resource), wait.api(), false,
                resource));
    }
}
