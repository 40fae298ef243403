package dev.asyncjobs.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * The store's tables: their names under a prefix, and their creation from the DDL file shipped in the jar
 * ({@value #DDL_RESOURCE}), so the file a DBA runs by hand and what the store runs are the same text.
 */
final class JdbcSchema {

    static final String DDL_RESOURCE = "META-INF/sql/asyncjob-postgresql.sql";
    static final String DEFAULT_PREFIX = "asyncjob_";

    /** An optional schema, then a table name start: plain SQL identifiers, so the names need no quoting. */
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*\\.)?[A-Za-z_][A-Za-z0-9_]*");
    /** Index names take no schema: they live in their table's. */
    private static final Pattern NAME = Pattern.compile("(INDEX IF NOT EXISTS )" + DEFAULT_PREFIX + "|" + DEFAULT_PREFIX);
    /** Serialises schema creation by several nodes starting at once (CREATE ... IF NOT EXISTS races otherwise). */
    private static final long DDL_LOCK = 0x617379_6e636a6fL;

    final String prefix;
    final String jobs;
    final String intents;
    final String groups;
    final String values;
    final String budgetSlots;

    JdbcSchema(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("tablePrefix '" + prefix + "' is not a plain SQL name: use letters, digits"
                    + " and underscores, optionally after a schema and a dot (e.g. asyncjob_ or jobs.asyncjob_)");
        }
        this.prefix = prefix;
        this.jobs = prefix + "jobs";
        this.intents = prefix + "intents";
        this.groups = prefix + "groups";
        this.values = prefix + "values";
        this.budgetSlots = prefix + "budget_slots";
    }

    /** The DDL with this prefix, one statement per element. */
    List<String> ddl() {
        String text = readDdl();
        StringBuilder code = new StringBuilder();
        for (String line : text.split("\n")) {
            int comment = line.indexOf("--");
            code.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        String local = prefix.substring(prefix.indexOf('.') + 1);
        Matcher m = NAME.matcher(code);
        StringBuilder named = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(named, Matcher.quoteReplacement(m.group(1) != null ? m.group(1) + local : prefix));
        }
        m.appendTail(named);
        List<String> statements = new ArrayList<>();
        for (String s : named.toString().split(";")) {
            if (!s.isBlank()) {
                statements.add(s.strip());
            }
        }
        return statements;
    }

    /** Creates what is missing, in one transaction, one node at a time. */
    void create(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
                for (String sql : ddl()) {
                    st.execute(sql);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * Checks that every table exists (when the store may not create them).
     *
     * @return the first missing table, or null when all are there
     */
    String missingTable(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            for (String table : List.of(jobs, intents, groups, values, budgetSlots)) {
                try {
                    st.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
                } catch (SQLException e) {
                    if ("42P01".equals(e.getSQLState())) { // undefined_table
                        if (!c.getAutoCommit()) {
                            c.rollback();
                        }
                        return table;
                    }
                    throw e;
                }
            }
            return null;
        }
    }

    private static String readDdl() {
        try (InputStream in = JdbcSchema.class.getClassLoader().getResourceAsStream(DDL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DDL_RESOURCE + " is missing from the classpath (a broken jar?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DDL_RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
