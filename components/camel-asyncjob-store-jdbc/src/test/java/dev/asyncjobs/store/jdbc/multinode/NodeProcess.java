package dev.asyncjobs.store.jdbc.multinode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.spideriq.SpiderIqComponent;
import dev.asyncjobs.spideriq.api.SpiderSiteRequest;
import dev.asyncjobs.store.jdbc.JdbcJobStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * One node of the multi-node test: a plain CamelContext whose {@code spideriq:} component keeps its jobs in the shared
 * {@link JdbcJobStore}, and a route that follows every job to its end and records each delivery (its side effect) in
 * the database, then takes a little longer, as a real route does.
 * <p>
 * The node also submits its share of the jobs through its own submit route (as every replica of an application runs
 * the same routes), recording each job id it got in the database.
 * <p>
 * Arguments: {@code <name> <jdbc url> <table prefix> <base url> <api key> <lease ms> <requests per window>
 * <window ms> <route ms> <jobs to submit>}. Prints {@code READY <node id>} once its routes run and
 * {@code SUBMITTED <n>} when its jobs are submitted; stops on {@code STOP} or end of input. The requests per window
 * are the API key's whole budget: the store shares it with the other nodes.
 */
public final class NodeProcess {

    private NodeProcess() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(args[1]);
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(8);
        HikariDataSource dataSource = new HikariDataSource(pool);
        JdbcJobStore store = new JdbcJobStore(dataSource);
        store.setTablePrefix(args[2]);
        String deliveries = args[2] + "deliveries";
        String submitted = args[2] + "submitted";
        long routeMillis = Long.parseLong(args[8]);
        int toSubmit = Integer.parseInt(args[9]);

        CamelContext context = new DefaultCamelContext();
        SpiderIqComponent spideriq = new SpiderIqComponent();
        spideriq.setJobStore(store);
        spideriq.getConfiguration().setBaseUrl(args[3]);
        spideriq.getConfiguration().setApiKey(args[4]);
        spideriq.setRateLimitRequests(Integer.parseInt(args[6]));
        spideriq.setRateLimitWindow(Duration.ofMillis(Long.parseLong(args[7])));
        context.addComponent("spideriq", spideriq);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("spideriq:jobs?consumerGroup=audit&terminalOnly=true&leaseDuration=" + args[5] + "&pollInterval=2s")
                        .routeId("follow")
                        .process(e -> {
                            Message m = e.getMessage();
                            try (Connection c = dataSource.getConnection();
                                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + deliveries
                                         + " (node, job_id, status, redelivered) VALUES (?, ?, ?, ?)")) {
                                ps.setString(1, name);
                                ps.setString(2, m.getHeader(AsyncJobConstants.JOB_ID, String.class));
                                ps.setString(3, m.getHeader(AsyncJobConstants.STATUS, String.class));
                                ps.setBoolean(4, m.getHeader(AsyncJobConstants.REDELIVERED, false, Boolean.class));
                                ps.executeUpdate();
                            }
                        })
                        // the rest of the route's work: a node killed now has delivered but not acknowledged
                        .delay(routeMillis).syncDelayed();
            }
        });
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").routeId("submit")
                        .process(e -> e.getMessage().setBody(SpiderSiteRequest.of(e.getMessage().getBody(String.class))))
                        .to("spideriq:crawls?jobType=spiderSite")
                        .process(e -> {
                            try (Connection c = dataSource.getConnection();
                                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + submitted
                                         + " (node, job_id) VALUES (?, ?)")) {
                                ps.setString(1, name);
                                ps.setString(2, e.getMessage().getHeader(AsyncJobConstants.JOB_ID, String.class));
                                ps.executeUpdate();
                            }
                        });
            }
        });
        context.start();
        System.out.println("READY " + spideriq.getNodeId());
        System.out.flush();

        ProducerTemplate template = context.createProducerTemplate();
        for (int i = 0; i < toSubmit; i++) {
            template.sendBody("direct:submit", "https://example.com/" + args[2] + name + "/site-" + i);
        }
        System.out.println("SUBMITTED " + toSubmit);
        System.out.flush();

        JvmProcesses.awaitStop(); // a killed node never gets past this
        context.close();
        dataSource.close();
        System.exit(0);
    }
}
