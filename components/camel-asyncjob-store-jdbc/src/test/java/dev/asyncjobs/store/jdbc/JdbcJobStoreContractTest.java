package dev.asyncjobs.store.jdbc;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import dev.asyncjobs.engine.store.JobStore;
import dev.asyncjobs.engine.store.JobStoreContractTest;
import org.junit.jupiter.api.AfterEach;

/**
 * The engine's store contract on PostgreSQL, with the cross-node tests run by two stores on separate connection pools
 * (two nodes) over the same tables.
 */
class JdbcJobStoreContractTest extends JobStoreContractTest {

    private final List<HikariDataSource> pools = new ArrayList<>();
    private String prefix;

    @Override
    protected JobStore createStore() {
        prefix = Postgres.freshPrefix();
        JdbcJobStore s = new JdbcJobStore(Postgres.dataSource());
        s.setTablePrefix(prefix);
        return s;
    }

    @Override
    protected JobStore otherNode(JobStore store) {
        HikariDataSource pool = Postgres.pool(Postgres.jdbcUrl(), 4);
        pools.add(pool);
        JdbcJobStore s = new JdbcJobStore(pool);
        s.setTablePrefix(prefix);
        return s;
    }

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }
}
