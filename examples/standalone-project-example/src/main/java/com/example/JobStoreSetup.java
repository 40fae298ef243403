package com.example;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.asyncjobs.store.jdbc.JdbcJobStore;
import org.apache.camel.CamelContext;

/**
 * Several nodes on one PostgreSQL (running-on-several-nodes.md): each node's pool, one store that every async-job
 * component of the context takes (the {@code jobStore} option is autowired).
 */
public final class JobStoreSetup {

    private JobStoreSetup() {
    }

    /** Binds a JDBC job store on a pool of this database; the caller closes the pool when the context has stopped. */
    public static HikariDataSource bindJobStore(CamelContext context, String jdbcUrl, String user, String password) {
        HikariConfig hikariConfig = new HikariConfig();
        hikariConfig.setJdbcUrl(jdbcUrl);
        hikariConfig.setUsername(user);
        hikariConfig.setPassword(password);
        hikariConfig.setMaximumPoolSize(8);
        HikariDataSource db = new HikariDataSource(hikariConfig);
        JdbcJobStore store = new JdbcJobStore(db);
        context.getRegistry().bind("jobStore", store);
        return db;
    }
}
