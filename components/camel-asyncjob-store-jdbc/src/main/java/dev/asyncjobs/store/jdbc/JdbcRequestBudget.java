package dev.asyncjobs.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import dev.asyncjobs.engine.client.SharedRequestBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request budget of an API key shared by every node through the database: the vendor counts requests per key, not
 * per node, so three nodes with a per-node budget of 100 per minute would send 300.
 * <p>
 * The budget is a table of slots, one row per request the vendor allows per window ({@link #provision}). A request
 * takes a free slot before it is sent ({@link #tryTake}: one {@code UPDATE} of a row picked with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent takers never get the same slot and never wait for each other), and
 * gives it back when its answer arrived ({@link #release}); the slot is free again one window after that. This is the
 * engine's {@code RequestPacer} rule (a request holds its slot while in flight and for one window after its answer)
 * made shared: no interval of one window's length, sliding or fixed, holds more requests than there are slots, so the
 * budget holds whichever window the vendor counts in and wherever a late request lands. A fixed-window counter
 * ({@code used = used + 1 WHERE used < limit}) would be one row instead of {@code limit} rows, but allows twice the
 * budget across a window boundary, and a request sent at the end of one window that arrives in the next overdraws the
 * vendor's next window.
 * <p>
 * A node that dies holding slots loses nothing for long: a taken slot holds at most until the {@code holdFor} given to
 * {@link #tryTake} (the request timeout plus one window), then frees itself.
 * <p>
 * Every node must provision the same number of slots for an account (the same configured budget). Times are the
 * callers', so the nodes' clocks should agree (NTP) to well within a window.
 */
public class JdbcRequestBudget {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcRequestBudget.class);

    /** One slot taken for one request: give it back with {@link #release} when the answer arrived. */
    public record Slot(String account, int slot, Instant takenUntil, String takenBy) {
    }

    private final DataSource dataSource;
    private final JdbcSchema schema;
    private final String take;
    private final String release;
    private final String nextFree;
    private final String available;
    private final String provision;
    private final String trim;

    /**
     * @param dataSource             the database (the job store's, typically)
     * @param tablePrefix            the job store's table prefix ({@code asyncjob_} by default)
     * @param createTableIfNotExists whether to create the store's tables when absent (as {@link JdbcJobStore} does)
     */
    public JdbcRequestBudget(DataSource dataSource, String tablePrefix, boolean createTableIfNotExists) {
        if (dataSource == null) {
            throw new IllegalArgumentException("JdbcRequestBudget needs a dataSource");
        }
        this.dataSource = dataSource;
        this.schema = new JdbcSchema(tablePrefix);
        String t = schema.budgetSlots;
        take = "UPDATE " + t + " SET taken_until = ?, taken_by = ? WHERE account = ? AND slot = ("
                + "SELECT slot FROM " + t + " WHERE account = ? AND taken_until <= ? ORDER BY taken_until LIMIT 1"
                + " OFFSET ? FOR UPDATE SKIP LOCKED) RETURNING slot, taken_until";
        release = "UPDATE " + t + " SET taken_until = ? WHERE account = ? AND slot = ? AND taken_until = ?"
                + " AND taken_by = ?";
        nextFree = "SELECT taken_until FROM " + t + " WHERE account = ? ORDER BY taken_until LIMIT 1 OFFSET ?";
        available = "SELECT COUNT(*) FROM " + t + " WHERE account = ? AND taken_until <= ?";
        provision = "INSERT INTO " + t + " (account, slot, taken_until) SELECT ?, g, TIMESTAMPTZ 'epoch'"
                + " FROM generate_series(0, ? - 1) g ON CONFLICT (account, slot) DO NOTHING";
        trim = "DELETE FROM " + t + " WHERE account = ? AND slot >= ?";
        try {
            if (createTableIfNotExists) {
                schema.create(dataSource);
            } else {
                String missing = schema.missingTable(dataSource);
                if (missing != null) {
                    throw new JdbcStoreException("table " + missing + " does not exist and createTableIfNotExists is"
                            + " false: create it with " + JdbcSchema.DDL_RESOURCE);
                }
            }
        } catch (SQLException e) {
            throw new JdbcStoreException("cannot prepare the budget table " + t + ": " + JdbcJobStore.describe(e), e);
        }
    }

    /** A budget on the job store's tables, with its default prefix, creating them when absent. */
    public JdbcRequestBudget(DataSource dataSource) {
        this(dataSource, JdbcSchema.DEFAULT_PREFIX, true);
    }

    /**
     * Makes the account's budget {@code maxRequests} slots (the vendor's requests per window). Idempotent; every node
     * calls it at start with the same number.
     */
    public void provision(String account, int maxRequests) {
        if (maxRequests < 1) {
            throw new IllegalArgumentException("maxRequests must be at least 1 to share a budget, got " + maxRequests);
        }
        execute("provision", provision, ps -> {
            ps.setString(1, account);
            ps.setInt(2, maxRequests);
        });
        int removed = execute("provision", trim, ps -> {
            ps.setString(1, account);
            ps.setInt(2, maxRequests);
        });
        if (removed > 0) {
            LOG.info("Shared request budget of an account lowered to {} per window", maxRequests);
        }
    }

    /**
     * Takes a free slot for one request about to be sent.
     *
     * @param  now     the caller's clock
     * @param  holdFor how long the slot stays taken if it is never released (its taker died): the request timeout
     *                 plus one window
     * @param  node    who takes it (for operators reading the table)
     * @return         the slot, or empty when every slot is taken: wait until {@link #nextFree} and try again
     */
    public Optional<Slot> tryTake(String account, Instant now, Duration holdFor, String node) {
        return tryTake(account, now, holdFor, node, 0);
    }

    /**
     * Takes a free slot for a poll, which leaves {@code keepFree} slots (the pacer's reserve) to the other requests:
     * only when more than {@code keepFree} are free, decided in the same statement. The slot taken is the one after
     * the first {@code keepFree} free ones, which the statement locks meanwhile, so concurrent pollers on any node never
     * take the reserve between them (a concurrent taker skips the locked slots, and may find none free for that moment).
     *
     * @return the slot, or empty when no more than {@code keepFree} are free: wait until {@link #nextFree(String, int)}
     */
    public Optional<Slot> tryTake(String account, Instant now, Duration holdFor, String node, int keepFree) {
        Instant until = now.plus(holdFor);
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(take)) {
            JdbcJobStore.setInstant(ps, 1, until);
            ps.setString(2, node);
            ps.setString(3, account);
            ps.setString(4, account);
            JdbcJobStore.setInstant(ps, 5, now);
            ps.setInt(6, Math.max(0, keepFree));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Slot(account, rs.getInt(1), JdbcJobStore.instant(rs, 2), node));
            }
        } catch (SQLException e) {
            throw failure("tryTake", e);
        }
    }

    /**
     * Gives a slot back when its request's answer arrived (or it failed): the slot is free again one window after
     * {@code answeredAt}. Does nothing when the slot was taken over meanwhile (it had expired).
     */
    public void release(Slot slot, Instant answeredAt, Duration window) {
        execute("release", release, ps -> {
            JdbcJobStore.setInstant(ps, 1, answeredAt.plus(window));
            ps.setString(2, slot.account());
            ps.setInt(3, slot.slot());
            JdbcJobStore.setInstant(ps, 4, slot.takenUntil());
            ps.setString(5, slot.takenBy());
        });
    }

    /** When the account's next slot frees up (in the past when one is free), or empty when it has no slots. */
    public Optional<Instant> nextFree(String account) {
        return nextFree(account, 0);
    }

    /**
     * When more than {@code keepFree} of the account's slots are free (in the past when they are), or empty when it
     * has no more slots than that.
     */
    public Optional<Instant> nextFree(String account, int keepFree) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(nextFree)) {
            ps.setString(1, account);
            ps.setInt(2, Math.max(0, keepFree));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(JdbcJobStore.instant(rs, 1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("nextFree", e);
        }
    }

    /** How many of the account's slots are free at {@code now} (what a consumer may claim jobs for). */
    public int available(String account, Instant now) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(available)) {
            ps.setString(1, account);
            JdbcJobStore.setInstant(ps, 2, now);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw failure("available", e);
        }
    }

    /**
     * The account's budget as the engine's pacer consults it ({@code RequestPacer.sharedBudget}): each slot taken is
     * held for {@code holdFor} unless released, and free one {@code window} after its release.
     */
    public SharedRequestBudget forAccount(String account, Duration window, Duration holdFor, String node) {
        return new SharedRequestBudget() {
            @Override
            public Optional<SharedRequestBudget.Slot> tryTake(Instant now) {
                return JdbcRequestBudget.this.tryTake(account, now, holdFor, node)
                        .map(slot -> answeredAt -> release(slot, answeredAt, window));
            }

            @Override
            public Optional<SharedRequestBudget.Slot> tryTake(Instant now, int keepFree) {
                return JdbcRequestBudget.this.tryTake(account, now, holdFor, node, keepFree)
                        .map(slot -> answeredAt -> release(slot, answeredAt, window));
            }

            @Override
            public Instant nextFree() {
                return JdbcRequestBudget.this.nextFree(account).orElse(null);
            }

            @Override
            public Instant nextFree(int keepFree) {
                return JdbcRequestBudget.this.nextFree(account, keepFree).orElse(null);
            }

            @Override
            public int available(Instant now) {
                return JdbcRequestBudget.this.available(account, now);
            }

            @Override
            public String toString() {
                return "shared request budget on " + schema.budgetSlots;
            }
        };
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int execute(String op, String sql, Binder binder) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(op, e);
        }
    }

    private Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        if (!c.getAutoCommit()) {
            c.setAutoCommit(true);
        }
        return c;
    }

    private JdbcStoreException failure(String op, SQLException e) {
        return new JdbcStoreException("request budget " + op + " on " + schema.budgetSlots + " failed: "
                + JdbcJobStore.describe(e), e);
    }
}
