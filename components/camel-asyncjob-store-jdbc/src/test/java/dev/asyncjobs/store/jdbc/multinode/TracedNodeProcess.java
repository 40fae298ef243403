package dev.asyncjobs.store.jdbc.multinode;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.spideriq.SpiderIqComponent;
import dev.asyncjobs.spideriq.api.SpiderSiteRequest;
import dev.asyncjobs.store.jdbc.JdbcJobStore;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The node of the tracing test that dies: a plain CamelContext (opentelemetry-api on its classpath, no OpenTelemetry
 * set up) whose spideriq component keeps its jobs in the shared {@link JdbcJobStore}. It submits one job from an
 * exchange carrying a W3C {@code traceparent} header, as a service called by a traced client does, and follows it,
 * printing {@code SEEN <status> <traceparent header>} for each transition its route gets.
 * <p>
 * Arguments: {@code <jdbc url> <table prefix> <base url> <api key> <traceparent> <lease ms>}. Prints
 * {@code READY <node id>} once its routes run and {@code SUBMITTED <job id>}; stops on {@code STOP} or end of input
 * (the test kills it instead).
 */
public final class TracedNodeProcess {

    private TracedNodeProcess() {
    }

    public static void main(String[] args) throws Exception {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(args[0]);
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(4);
        HikariDataSource dataSource = new HikariDataSource(pool);
        JdbcJobStore store = new JdbcJobStore(dataSource);
        store.setTablePrefix(args[1]);

        CamelContext context = new DefaultCamelContext();
        SpiderIqComponent spideriq = new SpiderIqComponent();
        spideriq.setJobStore(store);
        spideriq.getConfiguration().setBaseUrl(args[2]);
        spideriq.getConfiguration().setApiKey(args[3]);
        context.addComponent("spideriq", spideriq);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:submit").to("spideriq:crawls?jobType=spiderSite").setBody(header(AsyncJobConstants.JOB_ID));
                from("spideriq:jobs?consumerGroup=audit&delay=20&initialDelay=0&firstPollDelay=0&pollingMode=fixed"
                        + "&leaseDuration=" + args[5])
                        .process(e -> {
                            System.out.println("SEEN " + e.getMessage().getHeader(AsyncJobConstants.STATUS) + " "
                                    + e.getMessage().getHeader(AsyncJobConstants.TRACEPARENT));
                            System.out.flush();
                        });
            }
        });
        context.start();
        System.out.println("READY " + spideriq.getNodeId());
        String jobId = context.createProducerTemplate().requestBodyAndHeader("direct:submit",
                SpiderSiteRequest.of("https://example.com/traced"), AsyncJobConstants.TRACEPARENT, args[4],
                String.class);
        System.out.println("SUBMITTED " + jobId);
        System.out.flush();

        JvmProcesses.awaitStop(); // the test kills this node with kill -9
        context.close();
        dataSource.close();
        System.exit(0);
    }
}
