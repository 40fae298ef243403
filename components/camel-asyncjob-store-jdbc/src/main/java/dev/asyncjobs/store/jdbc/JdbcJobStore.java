package dev.asyncjobs.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.client.SharedRequestBudget;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.engine.store.JobStore;
import dev.asyncjobs.engine.store.JobTrace;
import dev.asyncjobs.engine.store.SubmitIntent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobStore} on a SQL database, for several nodes that run the same routes: PostgreSQL (12 or later) on any
 * {@link DataSource} bean. Every operation is one autocommitted statement on one row (a claim: one statement on the
 * rows it claims), so a write costs the same with 100 jobs and with 1,000,000:
 * <ul>
 * <li><b>Compare-and-set.</b> {@link #update} and {@link #delete} change a row only {@code WHERE version = ?} (the
 * version the caller read), and bump the version: of two nodes writing the same transition, exactly one succeeds; the
 * other changes nothing and learns that its copy is stale.</li>
 * <li><b>Leased claims.</b> {@link #claimDue} takes the account's due, unleased rows (most overdue first) with
 * {@code FOR UPDATE SKIP LOCKED} inside the {@code UPDATE} that writes the lease (owner and expiry), as db-scheduler
 * does: two nodes claiming at once never get the same row and never wait for each other. A lease that expired (its
 * owner died) is claimable again, and the claim that takes it over is marked {@link JobRecord#takenOver()} so that
 * what the dead owner may have half delivered goes out again marked redelivered.</li>
 * <li><b>Submit intents</b> are claimed for reconciling the same way ({@link #claimIntents}): of several nodes
 * reconciling at once, one reconciles each lost submit, and a node that dies mid-reconcile leaves it to the others when
 * its lease expires.</li>
 * <li><b>The request budget</b> of each API key is shared by the nodes through the database ({@link #requestBudget(String,
 * int, java.time.Duration, java.time.Duration, String)}, see {@link JdbcRequestBudget}), unless
 * {@code shareRequestBudget} is false: the vendor counts requests per key, not per node.</li>
 * <li><b>Schema.</b> With {@code createTableIfNotExists} (the default) the tables are created when the store opens,
 * from {@code META-INF/sql/asyncjob-postgresql.sql} in this jar, under {@code tablePrefix}; without it, the store checks
 * they exist and names the missing one.</li>
 * </ul>
 * Instants are kept to the microsecond (PostgreSQL's precision): the records returned are those stored. Lease expiry
 * compares the callers' clocks, so the nodes' clocks should be synchronised (NTP) to well within the lease.
 * <p>
 * The {@link DataSource} belongs to the application (a pool such as HikariCP); {@link #close()} leaves it open. Its
 * connections are used in autocommit mode, except for the schema creation (one transaction).
 */
public class JdbcJobStore implements JobStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcJobStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Map<String, String>>> CURSOR_MAP = new TypeReference<>() {
    };
    /** The trace's transitions carry instants: written as ISO-8601 text, read back exactly. */
    private static final ObjectMapper TRACE_JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final TypeReference<List<JobTrace.Transition>> TRANSITIONS = new TypeReference<>() {
    };
    private static final Comparator<JobRecord> DUE_ORDER = Comparator
            .comparing(JobRecord::nextPollAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(JobRecord::jobId);

    private DataSource dataSource;
    private String tablePrefix = JdbcSchema.DEFAULT_PREFIX;
    private boolean createTableIfNotExists = true;

    private boolean shareRequestBudget = true;

    private volatile Sql sql;
    private volatile JdbcRequestBudget budget;

    /** A store to configure with {@link #setDataSource} (as a bean). */
    public JdbcJobStore() {
    }

    /** A store on the data source, with the default table prefix, creating its tables when absent. */
    public JdbcJobStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    // ---------------------------------------------------------------- settings

    public DataSource getDataSource() {
        return dataSource;
    }

    /** The database (a connection pool); required. */
    public void setDataSource(DataSource dataSource) {
        requireNotOpen("dataSource");
        this.dataSource = dataSource;
    }

    public String getTablePrefix() {
        return tablePrefix;
    }

    /**
     * Prepended to every table name ({@code asyncjob_} by default: {@code asyncjob_jobs}, {@code asyncjob_intents},
     * ...), optionally after a schema ({@code myschema.asyncjob_}). Two applications on one database that must not
     * see each other's jobs use two prefixes.
     */
    public void setTablePrefix(String tablePrefix) {
        requireNotOpen("tablePrefix");
        new JdbcSchema(tablePrefix); // fail now, naming the option
        this.tablePrefix = tablePrefix;
    }

    public boolean isCreateTableIfNotExists() {
        return createTableIfNotExists;
    }

    /**
     * Whether {@link #open()} creates the tables and indexes that are missing (default true). Set false when the
     * application's database user may not create tables: run {@code META-INF/sql/asyncjob-postgresql.sql} yourself.
     */
    public void setCreateTableIfNotExists(boolean createTableIfNotExists) {
        requireNotOpen("createTableIfNotExists");
        this.createTableIfNotExists = createTableIfNotExists;
    }

    public boolean isShareRequestBudget() {
        return shareRequestBudget;
    }

    /**
     * Whether the components using this store take their requests from a budget per API key shared by every node
     * through the database (default true): the vendor counts requests per key, so the nodes together stay within the
     * component's {@code rateLimitRequests} per {@code rateLimitWindow}. Set false to give each node a budget of its
     * own (then set each node's {@code rateLimitRequests} to its share).
     */
    public void setShareRequestBudget(boolean shareRequestBudget) {
        this.shareRequestBudget = shareRequestBudget;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void open() {
        sql();
    }

    /**
     * The request budget shared by every node on this store's database and tables (opening the store first): what a
     * pacer consults so that all nodes together stay within the vendor's per-key budget.
     */
    public JdbcRequestBudget requestBudget() {
        JdbcRequestBudget b = budget;
        if (b == null) {
            synchronized (this) {
                b = budget;
                if (b == null) {
                    sql();
                    b = new JdbcRequestBudget(dataSource, tablePrefix, false);
                    budget = b;
                }
            }
        }
        return b;
    }

    /**
     * The account's slice of {@link #requestBudget()}, provisioned with {@code maxRequests} slots, unless
     * {@link #setShareRequestBudget shareRequestBudget} is false.
     */
    @Override
    public Optional<SharedRequestBudget> requestBudget(String account, int maxRequests, Duration window,
                                                       Duration holdFor, String node) {
        if (!shareRequestBudget || maxRequests < 1) {
            return Optional.empty();
        }
        JdbcRequestBudget b = requestBudget();
        b.provision(account, maxRequests);
        LOG.info("Requests of account {} take their slots from the budget shared by every node: {} per {}", account,
                maxRequests, window);
        return Optional.of(b.forAccount(account, window, holdFor, node));
    }

    /** Leaves the data source open: it belongs to the application. */
    @Override
    public void close() {
    }

    private Sql sql() {
        Sql s = sql;
        if (s == null) {
            synchronized (this) {
                s = sql;
                if (s == null) {
                    s = openNow();
                    sql = s;
                }
            }
        }
        return s;
    }

    private Sql openNow() {
        if (dataSource == null) {
            throw new IllegalStateException("JdbcJobStore has no dataSource: set one (a javax.sql.DataSource bean,"
                    + " e.g. a HikariCP pool on PostgreSQL)");
        }
        JdbcSchema schema = new JdbcSchema(tablePrefix);
        try {
            if (createTableIfNotExists) {
                schema.create(dataSource);
                LOG.info("Job store tables {}* ready", tablePrefix);
            } else {
                String missing = schema.missingTable(dataSource);
                if (missing != null) {
                    throw new JdbcStoreException("table " + missing + " does not exist and createTableIfNotExists is"
                            + " false: create the tables with " + JdbcSchema.DDL_RESOURCE + " (in this jar, with '"
                            + JdbcSchema.DEFAULT_PREFIX + "' replaced by '" + tablePrefix
                            + "'), or set createTableIfNotExists=true");
                }
            }
        } catch (SQLException e) {
            throw new JdbcStoreException("cannot prepare the job store tables " + tablePrefix + "*: " + describe(e), e);
        }
        return new Sql(schema);
    }

    private void requireNotOpen(String option) {
        if (sql != null) {
            throw new IllegalStateException("cannot change " + option + " of a JdbcJobStore that is open");
        }
    }

    // ---------------------------------------------------------------- jobs

    @Override
    public Optional<JobRecord> find(String account, String jobId) {
        Sql s = sql();
        return one("find", s.find, ps -> {
            ps.setString(1, account);
            ps.setString(2, jobId);
        });
    }

    @Override
    public Optional<JobRecord> insert(JobRecord record) {
        Sql s = sql();
        return one("insert", s.insert, ps -> {
            int i = bindRecord(ps, record, 1);
            ps.setString(i++, record.account());
            ps.setString(i, record.jobId());
        });
    }

    @Override
    public Optional<JobRecord> update(JobRecord record, boolean durable) {
        // every write is durable: making schedule-only writes asynchronous would cost a transaction per write
        Sql s = sql();
        return one("update", s.update, ps -> {
            int i = bindRecord(ps, record, 1);
            ps.setString(i++, record.account());
            ps.setString(i++, record.jobId());
            ps.setLong(i, record.version());
        });
    }

    @Override
    public boolean delete(String account, String jobId, long version) {
        Sql s = sql();
        return execute("delete", s.delete, ps -> {
            ps.setString(1, account);
            ps.setString(2, jobId);
            ps.setLong(3, version);
        }) == 1;
    }

    @Override
    public List<JobRecord> claimDue(String account, Instant dueBy, Instant now, int max, String owner,
                                    Instant leaseUntil) {
        if (max <= 0) {
            return List.of();
        }
        Sql s = sql();
        List<JobRecord> claimed = many("claimDue", s.claim, ps -> {
            ps.setString(1, owner);
            setInstant(ps, 2, leaseUntil);
            ps.setString(3, account);
            ps.setString(4, account);
            setInstant(ps, 5, dueBy);
            setInstant(ps, 6, now);
            ps.setInt(7, max);
        });
        claimed.sort(DUE_ORDER);
        return claimed;
    }

    @Override
    public Optional<Instant> nextDue(String account) {
        Sql s = sql();
        return query("nextDue", s.nextDue, ps -> {
            ps.setString(1, account);
            ps.setString(2, account);
        }, rs -> rs.next() ? Optional.ofNullable(instant(rs, 1)) : Optional.empty());
    }

    @Override
    public List<JobRecord> undecided(String account) {
        Sql s = sql();
        return many("undecided", s.undecided, ps -> ps.setString(1, account));
    }

    @Override
    public List<JobRecord> list(String account) {
        Sql s = sql();
        return many("list", s.list, ps -> ps.setString(1, account));
    }

    @Override
    public int count(String account) {
        Sql s = sql();
        return query("count", s.count, ps -> ps.setString(1, account), rs -> {
            rs.next();
            return rs.getInt(1);
        });
    }

    // ---------------------------------------------------------------- intents

    @Override
    public void saveIntent(SubmitIntent intent) {
        Sql s = sql();
        execute("saveIntent", s.saveIntent, ps -> {
            ps.setString(1, intent.account());
            ps.setString(2, intent.intentId());
            ps.setString(3, intent.vendor());
            ps.setString(4, intent.operation());
            ps.setString(5, json(intent.attributes()));
            ps.setString(6, intent.requestBody());
            setInstant(ps, 7, intent.createdAt());
            ps.setString(8, intent.owner());
            ps.setLong(9, intent.version());
        });
    }

    @Override
    public void deleteIntent(String account, String intentId) {
        Sql s = sql();
        execute("deleteIntent", s.deleteIntent, ps -> {
            ps.setString(1, account);
            ps.setString(2, intentId);
        });
    }

    @Override
    public List<SubmitIntent> intents(String account) {
        Sql s = sql();
        return query("intents", s.intents, ps -> ps.setString(1, account), JdbcJobStore::intentList);
    }

    @Override
    public List<SubmitIntent> claimIntents(String account, Instant createdBefore, Instant now, int max, String owner,
                                           Instant leaseUntil) {
        if (max <= 0) {
            return List.of();
        }
        Sql s = sql();
        List<SubmitIntent> claimed = query("claimIntents", s.claimIntents, ps -> {
            ps.setString(1, owner);
            setInstant(ps, 2, leaseUntil);
            ps.setString(3, account);
            ps.setString(4, account);
            setInstant(ps, 5, createdBefore);
            setInstant(ps, 6, now);
            ps.setInt(7, max);
        }, JdbcJobStore::intentList);
        claimed.sort(Comparator.comparing(SubmitIntent::createdAt).thenComparing(SubmitIntent::intentId));
        return claimed;
    }

    @Override
    public void releaseIntent(String account, String intentId, String owner) {
        Sql s = sql();
        execute("releaseIntent", s.releaseIntent, ps -> {
            ps.setString(1, account);
            ps.setString(2, intentId);
            ps.setString(3, owner);
        });
    }

    private static List<SubmitIntent> intentList(ResultSet rs) throws SQLException {
        List<SubmitIntent> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new SubmitIntent(rs.getString("account"), rs.getString("intent_id"), rs.getString("vendor"),
                    rs.getString("operation"), stringMap(rs.getString("attributes")), rs.getString("request_body"),
                    instant(rs, "created_at"), rs.getString("owner"), rs.getLong("version")));
        }
        return out;
    }

    // ---------------------------------------------------------------- groups and values

    @Override
    public void addGroup(String account, String group) {
        Sql s = sql();
        execute("addGroup", s.addGroup, ps -> {
            ps.setString(1, account);
            ps.setString(2, group);
        });
    }

    @Override
    public void removeGroup(String account, String group) {
        Sql s = sql();
        execute("removeGroup", s.removeGroup, ps -> {
            ps.setString(1, account);
            ps.setString(2, group);
        });
    }

    @Override
    public Set<String> groups(String account) {
        Sql s = sql();
        return query("groups", s.groups, ps -> ps.setString(1, account), rs -> {
            Set<String> out = new LinkedHashSet<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return Set.copyOf(out);
        });
    }

    @Override
    public Optional<byte[]> loadValue(String account, String name) {
        Sql s = sql();
        return query("loadValue", s.loadValue, ps -> {
            ps.setString(1, account);
            ps.setString(2, name);
        }, rs -> rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty());
    }

    @Override
    public void saveValue(String account, String name, byte[] value) {
        Sql s = sql();
        execute("saveValue", s.saveValue, ps -> {
            ps.setString(1, account);
            ps.setString(2, name);
            ps.setBytes(3, value);
        });
    }

    /**
     * A round lease kept as one of the account's values ({@code round.<name>}: "owner until-millis"), taken by
     * compare-and-set on the value read: of several nodes claiming at once, one wins.
     */
    @Override
    public boolean claimRound(String account, String round, String owner, Instant now, Instant leaseUntil) {
        String name = "round." + round;
        byte[] claim = (leaseUntil.toEpochMilli() + " " + owner).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Optional<byte[]> held = loadValue(account, name);
        Sql s = sql();
        if (held.isEmpty()) {
            return execute("claimRound", s.insertRound, ps -> {
                ps.setString(1, account);
                ps.setString(2, name);
                ps.setBytes(3, claim);
            }) == 1;
        }
        String[] lease = new String(held.get(), java.nio.charset.StandardCharsets.UTF_8).split(" ", 2);
        boolean free = lease.length < 2 || lease[1].equals(owner) || Long.parseLong(lease[0]) <= now.toEpochMilli();
        return free && execute("claimRound", s.updateRound, ps -> {
            ps.setBytes(1, claim);
            ps.setString(2, account);
            ps.setString(3, name);
            ps.setBytes(4, held.get());
        }) == 1;
    }

    // ---------------------------------------------------------------- statements

    /** The statements, with the table names of this store. */
    private static final class Sql {
        private static final String COLUMNS = "job_type, ref_attributes, baseline_status, baseline_detail, cursors,"
                + " tracked_since, next_poll_at, failures, stretch, last_polled_at, not_found_count, not_found_since,"
                + " lease_owner, lease_until, taken_over, retain_until, trace_parent, trace_transitions";

        final String find;
        final String insert;
        final String update;
        final String delete;
        final String claim;
        final String nextDue;
        final String undecided;
        final String list;
        final String count;
        final String saveIntent;
        final String deleteIntent;
        final String intents;
        final String claimIntents;
        final String releaseIntent;
        final String addGroup;
        final String removeGroup;
        final String groups;
        final String loadValue;
        final String saveValue;
        final String insertRound;
        final String updateRound;

        Sql(JdbcSchema t) {
            find = "SELECT * FROM " + t.jobs + " WHERE account = ? AND job_id = ?";
            insert = "INSERT INTO " + t.jobs + " (" + COLUMNS + ", account, job_id, version)"
                    + " VALUES (?, ?::jsonb, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, 1)"
                    + " ON CONFLICT (account, job_id) DO NOTHING RETURNING *";
            update = "UPDATE " + t.jobs + " SET job_type = ?, ref_attributes = ?::jsonb, baseline_status = ?,"
                    + " baseline_detail = ?, cursors = ?::jsonb, tracked_since = ?, next_poll_at = ?, failures = ?,"
                    + " stretch = ?, last_polled_at = ?, not_found_count = ?, not_found_since = ?, lease_owner = ?,"
                    + " lease_until = ?, taken_over = ?, retain_until = ?, trace_parent = ?,"
                    + " trace_transitions = ?::jsonb, version = version + 1"
                    + " WHERE account = ? AND job_id = ? AND version = ? RETURNING *";
            delete = "DELETE FROM " + t.jobs + " WHERE account = ? AND job_id = ? AND version = ?";
            // The inner SELECT locks the due rows it picks and skips those another claim holds locked; as an
            // ARRAY(...) it is an InitPlan, run exactly once, so the planner can never re-run the SKIP LOCKED scan
            // (which could pick other rows) the way it may re-scan an IN (...) subquery in a nested loop.
            // taken_over: the row still had an owner, whose lease expired (it died or stalled): redeliver (the right-hand
            // side reads the row as it was before this update)
            claim = "UPDATE " + t.jobs + " SET lease_owner = ?, lease_until = ?,"
                    + " taken_over = (lease_owner IS NOT NULL), version = version + 1"
                    + " WHERE account = ? AND job_id = ANY(ARRAY("
                    + "SELECT job_id FROM " + t.jobs + " WHERE account = ? AND next_poll_at <= ?"
                    + " AND (lease_owner IS NULL OR lease_until IS NULL OR lease_until <= ?)"
                    + " ORDER BY next_poll_at LIMIT ? FOR UPDATE SKIP LOCKED)) RETURNING *";
            // the earliest due unleased row (an index range scan stopping at the first), or the end of a held lease
            // (few rows: the jobs in flight), whichever comes first: LEAST ignores nulls
            nextDue = "SELECT LEAST("
                    + "(SELECT next_poll_at FROM " + t.jobs + " WHERE account = ? AND lease_owner IS NULL"
                    + " AND next_poll_at IS NOT NULL ORDER BY next_poll_at LIMIT 1),"
                    + "(SELECT MIN(GREATEST(next_poll_at, lease_until)) FROM " + t.jobs + " WHERE account = ?"
                    + " AND lease_owner IS NOT NULL AND next_poll_at IS NOT NULL))";
            undecided = "SELECT * FROM " + t.jobs + " WHERE account = ? AND next_poll_at IS NULL ORDER BY tracked_since,"
                    + " job_id";
            list = "SELECT * FROM " + t.jobs + " WHERE account = ? ORDER BY tracked_since, job_id";
            count = "SELECT COUNT(*) FROM " + t.jobs + " WHERE account = ?";
            saveIntent = "INSERT INTO " + t.intents + " (account, intent_id, vendor, operation, attributes,"
                    + " request_body, created_at, owner, version) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)"
                    + " ON CONFLICT (account, intent_id) DO UPDATE SET vendor = EXCLUDED.vendor,"
                    + " operation = EXCLUDED.operation, attributes = EXCLUDED.attributes,"
                    + " request_body = EXCLUDED.request_body, created_at = EXCLUDED.created_at,"
                    + " owner = EXCLUDED.owner, version = EXCLUDED.version";
            deleteIntent = "DELETE FROM " + t.intents + " WHERE account = ? AND intent_id = ?";
            intents = "SELECT * FROM " + t.intents + " WHERE account = ? ORDER BY created_at, intent_id";
            // as the job claim: the inner SELECT locks the intents it picks, skipping those another claim holds
            // locked, and runs once (an InitPlan); a lease still held by anyone keeps the intent out
            claimIntents = "UPDATE " + t.intents + " SET lease_owner = ?, lease_until = ?"
                    + " WHERE account = ? AND intent_id = ANY(ARRAY("
                    + "SELECT intent_id FROM " + t.intents + " WHERE account = ? AND created_at <= ?"
                    + " AND (lease_until IS NULL OR lease_until <= ?)"
                    + " ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)) RETURNING *";
            releaseIntent = "UPDATE " + t.intents + " SET lease_owner = NULL, lease_until = NULL"
                    + " WHERE account = ? AND intent_id = ? AND lease_owner = ?";
            addGroup = "INSERT INTO " + t.groups + " (account, group_name) VALUES (?, ?) ON CONFLICT DO NOTHING";
            removeGroup = "DELETE FROM " + t.groups + " WHERE account = ? AND group_name = ?";
            groups = "SELECT group_name FROM " + t.groups + " WHERE account = ? ORDER BY group_name";
            loadValue = "SELECT value FROM " + t.values + " WHERE account = ? AND name = ?";
            saveValue = "INSERT INTO " + t.values + " (account, name, value) VALUES (?, ?, ?)"
                    + " ON CONFLICT (account, name) DO UPDATE SET value = EXCLUDED.value";
            insertRound = "INSERT INTO " + t.values + " (account, name, value) VALUES (?, ?, ?)"
                    + " ON CONFLICT (account, name) DO NOTHING";
            updateRound = "UPDATE " + t.values + " SET value = ? WHERE account = ? AND name = ? AND value = ?";
        }
    }

    /** Binds the record's columns in {@link Sql#COLUMNS} order; returns the next parameter index. */
    private static int bindRecord(PreparedStatement ps, JobRecord r, int i) throws SQLException {
        ps.setString(i++, r.ref().jobType());
        ps.setString(i++, json(r.ref().attributes()));
        ps.setString(i++, r.baseline() == null ? null : r.baseline().status());
        ps.setString(i++, r.baseline() == null ? null : r.baseline().detail());
        ps.setString(i++, cursorsJson(r.cursors()));
        setInstant(ps, i++, r.trackedSince());
        setInstant(ps, i++, r.nextPollAt());
        ps.setInt(i++, r.failures());
        ps.setInt(i++, r.stretch());
        setInstant(ps, i++, r.lastPolledAt());
        ps.setInt(i++, r.notFoundCount());
        setInstant(ps, i++, r.notFoundSince());
        ps.setString(i++, r.leaseOwner());
        setInstant(ps, i++, r.leaseUntil());
        ps.setBoolean(i++, r.takenOver());
        setInstant(ps, i++, r.retainUntil());
        ps.setString(i++, r.trace() == null ? null : r.trace().traceParent());
        ps.setString(i++, r.trace() == null ? null : transitionsJson(r.trace().transitions()));
        return i;
    }

    private static JobRecord record(ResultSet rs) throws SQLException {
        String status = rs.getString("baseline_status");
        String detail = rs.getString("baseline_detail");
        JobRecord.Cursor baseline = status == null && detail == null ? null : new JobRecord.Cursor(status, detail);
        Map<String, JobRecord.Cursor> cursors = new LinkedHashMap<>();
        cursorMap(rs.getString("cursors"))
                .forEach((group, c) -> cursors.put(group, new JobRecord.Cursor(c.get("status"), c.get("detail"))));
        JobRef ref = new JobRef(rs.getString("job_id"), rs.getString("job_type"),
                stringMap(rs.getString("ref_attributes")));
        return new JobRecord(rs.getString("account"), ref, baseline, cursors, instant(rs, "tracked_since"),
                instant(rs, "next_poll_at"), rs.getInt("failures"), rs.getInt("stretch"), instant(rs, "last_polled_at"),
                rs.getInt("not_found_count"), instant(rs, "not_found_since"), rs.getString("lease_owner"),
                instant(rs, "lease_until"), rs.getBoolean("taken_over"), instant(rs, "retain_until"), trace(rs),
                rs.getLong("version"));
    }

    /** The job's trace: its submit's W3C trace context and the statuses it went through, or null. */
    private static JobTrace trace(ResultSet rs) throws SQLException {
        String parent = rs.getString("trace_parent");
        if (parent == null) {
            return null;
        }
        String json = rs.getString("trace_transitions");
        try {
            return new JobTrace(parent, json == null ? List.of() : TRACE_JSON.readValue(json, TRANSITIONS));
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable trace_transitions JSON in the job store: " + e.getOriginalMessage(), e);
        }
    }

    private static String transitionsJson(List<JobTrace.Transition> transitions) {
        try {
            return TRACE_JSON.writeValueAsString(transitions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- JDBC plumbing

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Optional<JobRecord> one(String op, String statement, Binder binder) {
        return query(op, statement, binder, rs -> rs.next() ? Optional.of(record(rs)) : Optional.empty());
    }

    private List<JobRecord> many(String op, String statement, Binder binder) {
        return query(op, statement, binder, rs -> {
            List<JobRecord> out = new ArrayList<>();
            while (rs.next()) {
                out.add(record(rs));
            }
            return out;
        });
    }

    private <T> T query(String op, String statement, Binder binder, Reader<T> reader) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(statement)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw failure(op, e);
        }
    }

    private int execute(String op, String statement, Binder binder) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(statement)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(op, e);
        }
    }

    private Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true); // each statement is its own transaction (the pool restores its setting)
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private JdbcStoreException failure(String op, SQLException e) {
        return new JdbcStoreException("job store " + op + " on " + tablePrefix + "* failed: " + describe(e), e);
    }

    static String describe(SQLException e) {
        return e.getMessage() + (e.getSQLState() != null ? " (SQLState " + e.getSQLState() + ")" : "");
    }

    static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            // truncated, not rounded up: a time stored is never later than the one given
            ps.setObject(index, OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cursorsJson(Map<String, JobRecord.Cursor> cursors) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        cursors.forEach((group, c) -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("status", c.status());
            m.put("detail", c.detail());
            out.put(group, m);
        });
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> stringMap(String json) throws SQLException {
        try {
            return json == null ? Map.of() : JSON.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable JSON in the job store: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Map<String, String>> cursorMap(String json) throws SQLException {
        try {
            return json == null ? Map.of() : JSON.readValue(json, CURSOR_MAP);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable cursors JSON in the job store: " + e.getOriginalMessage(), e);
        }
    }
}
