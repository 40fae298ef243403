package dev.asyncjobs.store.jdbc;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.engine.store.JobTrace;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tables: created when absent (also by several nodes at once), or checked, under a prefix; the shipped DDL. */
class JdbcSchemaTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void openCreatesTheTablesAndIndexesUnderThePrefix() throws Exception {
        String prefix = Postgres.freshPrefix();
        JdbcJobStore store = new JdbcJobStore(Postgres.dataSource());
        store.setTablePrefix(prefix);
        store.open();

        assertEquals(Set.of(prefix + "jobs", prefix + "intents", prefix + "groups", prefix + "values",
                prefix + "budget_slots"), names("SELECT tablename FROM pg_tables WHERE starts_with(tablename, ?)", prefix));
        assertEquals(Set.of(prefix + "jobs_pkey", prefix + "jobs_due_idx", prefix + "jobs_leased_idx",
                prefix + "jobs_undecided_idx"), names("SELECT indexname FROM pg_indexes WHERE tablename = ?",
                        prefix + "jobs"));

        // a second node opening the same tables finds them and changes nothing
        JdbcJobStore again = new JdbcJobStore(Postgres.dataSource());
        again.setTablePrefix(prefix);
        again.open();
        again.open();
        assertTrue(again.insert(JobRecord.track("a", JobRef.of("j"), null, T0, T0, null)).isPresent());
    }

    @Test
    void severalNodesStartingAtOnceAllGetTheTables() throws Exception {
        String prefix = Postgres.freshPrefix();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> nodes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                nodes.add(() -> {
                    JdbcJobStore s = new JdbcJobStore(Postgres.dataSource());
                    s.setTablePrefix(prefix);
                    s.open();
                    return s.count("a") == 0;
                });
            }
            for (Future<Boolean> f : pool.invokeAll(nodes, 60, TimeUnit.SECONDS)) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutCreationMissingTablesAreNamedWithTheFix() {
        JdbcJobStore store = new JdbcJobStore(Postgres.dataSource());
        String prefix = Postgres.freshPrefix();
        store.setTablePrefix(prefix);
        store.setCreateTableIfNotExists(false);

        JdbcStoreException e = assertThrows(JdbcStoreException.class, store::open);
        assertTrue(e.getMessage().contains(prefix + "jobs"), e.getMessage());
        assertTrue(e.getMessage().contains("createTableIfNotExists"), e.getMessage());
        assertTrue(e.getMessage().contains("META-INF/sql/asyncjob-postgresql.sql"), e.getMessage());
    }

    @Test
    void theShippedSqlFileCreatesTheTablesADbaRunsByHand() throws Exception {
        String schema = Postgres.freshPrefix() + "dba";
        String ddl;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/sql/asyncjob-postgresql.sql")) {
            assertNotNull(in, "the DDL ships in the jar");
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = Postgres.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
            st.execute("SET search_path TO " + schema);
            st.execute(ddl); // the whole file, comments and all, as psql -f would
            st.execute("RESET search_path");
        }
        JdbcJobStore store = new JdbcJobStore(Postgres.dataSource());
        store.setTablePrefix(schema + ".asyncjob_");
        store.setCreateTableIfNotExists(false);
        store.open();
        assertTrue(store.insert(JobRecord.track("a", JobRef.of("j"), null, T0, T0, null)).isPresent());
        assertEquals(1, store.claimDue("a", T0, 5, "n", T0.plusSeconds(30)).size());
    }

    @Test
    void aJobsTableOfTheVersionBeforeTracesGainsTheTraceColumnsAndKeepsItsJobs() throws Exception {
        String prefix = Postgres.freshPrefix();
        try (Connection c = Postgres.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(JOBS_TABLE_BEFORE_TRACES.replace("asyncjob_", prefix));
            st.execute("INSERT INTO " + prefix + "jobs (account, job_id, tracked_since, version)"
                    + " VALUES ('a', 'running-before-the-upgrade', now(), 1)");
        }
        JdbcJobStore store = new JdbcJobStore(Postgres.dataSource());
        store.setTablePrefix(prefix);
        store.open();

        assertEquals(null, store.find("a", "running-before-the-upgrade").orElseThrow().trace());
        JobTrace trace = JobTrace.start("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "pending",
                JobPhase.QUEUED, T0, "node-1");
        store.insert(JobRecord.track("a", JobRef.of("new"), null, T0, T0, null).withTrace(trace)).orElseThrow();
        assertEquals(trace, store.find("a", "new").orElseThrow().trace());
    }

    /** The jobs table as the store created it before jobs kept their trace. */
    private static final String JOBS_TABLE_BEFORE_TRACES = """
            CREATE TABLE asyncjob_jobs (
                account VARCHAR(200) NOT NULL, job_id VARCHAR(500) NOT NULL, job_type VARCHAR(200),
                ref_attributes JSONB NOT NULL DEFAULT '{}', baseline_status VARCHAR(200), baseline_detail TEXT,
                cursors JSONB NOT NULL DEFAULT '{}', tracked_since TIMESTAMPTZ NOT NULL, next_poll_at TIMESTAMPTZ,
                failures INTEGER NOT NULL DEFAULT 0, stretch INTEGER NOT NULL DEFAULT 0, last_polled_at TIMESTAMPTZ,
                not_found_count INTEGER NOT NULL DEFAULT 0, not_found_since TIMESTAMPTZ, lease_owner VARCHAR(200),
                lease_until TIMESTAMPTZ, taken_over BOOLEAN NOT NULL DEFAULT FALSE, retain_until TIMESTAMPTZ,
                version BIGINT NOT NULL, PRIMARY KEY (account, job_id))""";

    @Test
    void aSchemaQualifiedPrefixCreatesTheTablesInThatSchema() throws Exception {
        String schema = Postgres.freshPrefix() + "tenant";
        try (Connection c = Postgres.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        JdbcJobStore store = new JdbcJobStore(Postgres.dataSource());
        store.setTablePrefix(schema + ".aj_");
        store.open();

        assertEquals(Set.of("aj_jobs", "aj_intents", "aj_groups", "aj_values", "aj_budget_slots"),
                names("SELECT tablename FROM pg_tables WHERE schemaname = ?", schema));
        assertTrue(store.insert(JobRecord.track("a", JobRef.of("j"), null, T0, T0, null)).isPresent());
    }

    @Test
    void badSettingsAreRefusedNamingTheOption() {
        JdbcJobStore store = new JdbcJobStore();
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> store.setTablePrefix("jobs; DROP TABLE x"));
        assertTrue(bad.getMessage().contains("tablePrefix"), bad.getMessage());

        IllegalStateException none = assertThrows(IllegalStateException.class, store::open);
        assertTrue(none.getMessage().contains("dataSource"), none.getMessage());

        JdbcJobStore open = new JdbcJobStore(Postgres.dataSource());
        open.setTablePrefix(Postgres.freshPrefix());
        open.open();
        IllegalStateException late = assertThrows(IllegalStateException.class, () -> open.setTablePrefix("other_"));
        assertTrue(late.getMessage().contains("tablePrefix"), late.getMessage());
    }

    private static Set<String> names(String sql, String arg) throws Exception {
        Set<String> out = new TreeSet<>();
        try (Connection c = Postgres.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
