package dev.asyncjobs.engine.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.asyncjobs.engine.client.SharedRequestBudget;

/**
 * Where followed jobs are kept: one {@link JobRecord} per (account, job id), plus the {@link SubmitIntent submit
 * intents} not yet answered and the consumer groups that follow each account.
 * <p>
 * Every change is a per-record operation, and every update is a compare-and-set on the record's version: a writer
 * holding a stale copy changes nothing and learns so (another node, or the same node's newer decision, won). Due
 * jobs are claimed with a lease (owner and expiry), so a claim always ends even when its owner dies.
 * <p>
 * Implementations: {@link InMemoryJobStore} (forgets on restart), {@link MvStoreJobStore} (a file, for one process:
 * what {@code trackingFile} gives), and the JDBC store of {@code camel-asyncjob-store-jdbc} for several nodes on one
 * database. The shape follows db-scheduler's task table and Camel 4.23's {@code KeyValueRepository}
 * (compare-and-set plus expiry); Camel's {@code StateRepository} has neither, nor a way to list keys.
 */
public interface JobStore extends AutoCloseable {

    /**
     * Opens the store, failing fast with a message that names what is wrong and the fix: an unreadable or corrupt
     * store, or one another process holds. Called when the first route that uses it starts; idempotent.
     */
    default void open() {
    }

    /**
     * What the store found at {@link #open()} that it cannot vouch for (it went back in time, or the earlier store is
     * missing), until {@link #lossRecovered()}. Empty for a store that holds every commit it made, or that cannot tell
     * (the default).
     */
    default java.util.Optional<StoreLoss> loss() {
        return java.util.Optional.empty();
    }

    /**
     * The loss was taken care of (the account's jobs were adopted from the vendor's list): the store vouches for its
     * content from now on, and a later open no longer reports it.
     */
    default void lossRecovered() {
    }

    /**
     * When the content the store held at {@link #open()} was last committed: a job created after it may be missing
     * from the store though this application followed it. Empty when unknown (a new store, or one that does not
     * record it: the default).
     */
    default java.util.Optional<Instant> contentAsOf() {
        return java.util.Optional.empty();
    }

    /** Releases files, locks or connections. Idempotent. */
    @Override
    default void close() {
    }

    /** The record, if tracked. */
    Optional<JobRecord> find(String account, String jobId);

    /**
     * Inserts a record with version 1.
     *
     * @return the stored record, or empty when one with the same account and job id exists already
     */
    Optional<JobRecord> insert(JobRecord record);

    /**
     * Replaces the stored record if its version is still {@code record.version()}; the stored copy gets version + 1.
     *
     * @param  durable true when the change must be on disk before this returns (a consumer group's cursor moved);
     *                 false for schedule-only changes, which a crash may lose (the job is then polled a bit early)
     * @return         the stored record, or empty when the record changed meanwhile (or is gone): the caller's copy
     *                 is stale and must be dropped
     */
    Optional<JobRecord> update(JobRecord record, boolean durable);

    /**
     * Deletes the record if its version is still {@code version}.
     *
     * @return whether it was deleted
     */
    boolean delete(String account, String jobId, long version);

    /**
     * Claims up to {@code max} of the account's records that are due at {@code now} (a decided {@code nextPollAt} not
     * after {@code now}) and not leased (no owner, or a lease that expired), most overdue first: each gets
     * {@code owner} and {@code leaseUntil} and a new version (see {@link JobRecord#claimedBy}: a claim that takes over
     * another owner's expired lease is marked {@link JobRecord#takenOver()}). Two callers never get the same record.
     */
    default List<JobRecord> claimDue(String account, Instant now, int max, String owner, Instant leaseUntil) {
        return claimDue(account, now, now, max, owner, leaseUntil);
    }

    /**
     * As {@link #claimDue(String, Instant, int, String, Instant)}, with the schedule and the leases on clocks of their
     * own: a record is due when its {@code nextPollAt} is not after {@code dueBy} (the vendor's clock, which a
     * simulator may run faster), and leased while its {@code leaseUntil} is after {@code now} (real time, so that a
     * faster clock never shortens a lease).
     */
    List<JobRecord> claimDue(String account, Instant dueBy, Instant now, int max, String owner, Instant leaseUntil);

    /** The earliest {@code nextPollAt} among the account's unleased records, if any (to sleep until then). */
    Optional<Instant> nextDue(String account);

    /** The account's records whose first poll is not decided yet ({@code nextPollAt} null). */
    List<JobRecord> undecided(String account);

    /** Every record of the account (for listings and restarts; not on the hot path). */
    List<JobRecord> list(String account);

    /** How many records the account has. */
    int count(String account);

    /** Records a submit intent (durably) before its request is sent. */
    void saveIntent(SubmitIntent intent);

    /** Removes a submit intent; no-op when absent. */
    void deleteIntent(String account, String intentId);

    /** The account's open submit intents, oldest first. */
    List<SubmitIntent> intents(String account);

    /**
     * Claims up to {@code max} of the account's open intents created at or before {@code createdBefore} to reconcile
     * them, oldest first: each is leased to {@code owner} until {@code leaseUntil}, so that of several nodes reconciling at once exactly
     * one reconciles an intent (adopts its job, or reports it unconfirmed). Intents leased by anyone (the caller
     * included) until after {@code now} are skipped; a lease that expired (its holder died mid-reconcile, or gave up
     * to try again later) is claimable again. The lease ends with the intent ({@link #deleteIntent}).
     * <p>
     * The default, for a store that only one process uses, claims nothing for real: it returns every intent due.
     */
    default List<SubmitIntent> claimIntents(String account, Instant createdBefore, Instant now, int max, String owner,
                                            Instant leaseUntil) {
        return intents(account).stream().filter(i -> !i.createdAt().isAfter(createdBefore)).limit(Math.max(0, max))
                .toList();
    }

    /**
     * Ends {@code owner}'s claim of an intent that it did not settle (the vendor could not be asked, a group did not
     * take the report, or the submit is still under way here), so that the next reconcile of any node takes it up
     * without waiting for the lease to expire. Does nothing when another owner holds it, or when it is gone.
     */
    default void releaseIntent(String account, String intentId, String owner) {
    }

    /**
     * Claims a named round of the account's work (an adoption round) for {@code owner} until {@code leaseUntil}, so that
     * of several nodes on one store one runs each round: true when the caller holds it now (it may already have). A
     * lease expired (its holder died) is claimable again. The default, for a store of one process, always grants it.
     */
    default boolean claimRound(String account, String round, String owner, Instant now, Instant leaseUntil) {
        return true;
    }

    /** Registers a consumer group as following the account (durably): its jobs wait for it. Idempotent. */
    void addGroup(String account, String group);

    /** Retires a consumer group: jobs no longer wait for its commits. */
    void removeGroup(String account, String group);

    /** The consumer groups following the account. */
    Set<String> groups(String account);

    /**
     * A small named value the engine keeps per account (what polling learned of the account's job durations, say),
     * shared by every node on the store; written rarely, read at start.
     */
    Optional<byte[]> loadValue(String account, String name);

    /** Stores a small named value of the account (durably), replacing the previous one. */
    void saveValue(String account, String name, byte[] value);

    /**
     * The request budget of the account shared by every node on this store, when the store offers one: the vendor
     * counts requests per key, so nodes that each kept {@code maxRequests} per window would send that many times the
     * budget together. Every node asks with the same figures; the budget is provisioned for {@code maxRequests}.
     * <p>
     * The default (a store of one process) offers none: the process's own pacer is the whole budget.
     *
     * @param account     the account's opaque id (never the key)
     * @param maxRequests the vendor's requests per window (at least 1)
     * @param window      the vendor's window
     * @param holdFor     how long a slot whose taker died stays taken (the request timeout plus one window)
     * @param node        this node's id, for operators reading who holds a slot
     */
    default Optional<SharedRequestBudget> requestBudget(String account, int maxRequests, Duration window,
                                                        Duration holdFor, String node) {
        return Optional.empty();
    }
}
