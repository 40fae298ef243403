package dev.asyncjobs.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.asyncjobs.simulator.camel.DocSnippets;
import dev.asyncjobs.spideriq.SpiderIqComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertSame;

/** The Java setup of running-on-several-nodes.md, run as the page shows it, on PostgreSQL. */
class RunningOnSeveralNodesDocsTest {

    private static final String PAGE = "src/main/docs/running-on-several-nodes.md";
    private static final String SOURCE = "src/test/java/dev/asyncjobs/store/jdbc/RunningOnSeveralNodesDocsTest.java";

    @Test
    void aStoreBoundInTheRegistryIsTheStoreOfEveryComponent() throws Exception {
        HikariConfig hikariConfig = new HikariConfig();
        hikariConfig.setJdbcUrl(Postgres.jdbcUrl());
        hikariConfig.setMaximumPoolSize(2);
        try (CamelContext context = new DefaultCamelContext()) {
            // docs:java-setup
            HikariDataSource db = new HikariDataSource(hikariConfig);
            JdbcJobStore store = new JdbcJobStore(db);
            context.getRegistry().bind("jobStore", store);          // autowired by every async-job component
            // or explicitly: context.getComponent("spideriq", SpiderIqComponent.class).setJobStore(store);
            // end:java-setup
            store.setTablePrefix(Postgres.freshPrefix());
            context.start();

            assertSame(store, context.getComponent("spideriq", SpiderIqComponent.class).getStore());
            context.stop();
            db.close();
        }
        DocSnippets.assertOnPage(SOURCE, "java-setup", PAGE);
    }
}
