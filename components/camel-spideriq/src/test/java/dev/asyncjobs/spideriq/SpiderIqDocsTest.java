package dev.asyncjobs.spideriq;

import java.util.concurrent.TimeUnit;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;
import dev.asyncjobs.spideriq.api.SpiderSiteRequest;
import dev.asyncjobs.testkit.DocsTestSupport;
import org.apache.camel.builder.Builder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The docs page's main example, run as shown against the simulator (the page must show exactly this code). */
class SpiderIqDocsTest extends DocsTestSupport<SpiderIqSimulator> {

    @Override
    protected SpiderIqSimulator startSimulator() {
        return SpiderIqSimulator.builder().speed(600).start();
    }

    @Test
    void crawlAndReadTheResult() throws Exception {
        assertSnippetOnPage("crawl", "src/main/docs/spideriq-component.md");
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // docs:crawl
                from("direct:crawl")
                    .setBody(exchange -> SpiderSiteRequest.of(exchange.getMessage().getBody(String.class)).priority(5))
                    .to("spideriq:crawls?jobType=spiderSite")
                    .log("Submitted ${header.CamelAsyncJobId} (from cache: ${header.CamelSpiderIqFromCache})");

                from("spideriq:jobs?fetchResult=true&terminalOnly=true")
                    .choice()
                        .when(header("CamelAsyncJobPhase").isEqualTo(JobPhase.SUCCEEDED))
                            .log("${header.CamelAsyncJobId}: ${body.data[emails]}")
                        .otherwise()
                            .log("${header.CamelAsyncJobId} ${header.CamelAsyncJobStatus}: ${header.CamelAsyncJobErrorMessage}");
                // end:crawl
            }
        });
        NotifyBuilder succeeded = new NotifyBuilder(context).from("spideriq:jobs*")
                .filter(Builder.header("CamelAsyncJobPhase").isEqualTo("SUCCEEDED")).whenDone(1).create();
        context.start();

        context.createProducerTemplate().sendBody("direct:crawl", "https://example.com");

        assertTrue(succeeded.matches(20, TimeUnit.SECONDS), "the crawl was followed to its result");
    }

    @Test
    void cancelListAndFollow() throws Exception {
        assertSnippetOnPage("operations", "src/main/docs/spideriq-component.md");
        simulator.clock().setSpeed(0); // the jobs stay queued until cancelled
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // docs:operations
                from("direct:cancel").setHeader("CamelAsyncJobId", body()).to("spideriq:jobs?operation=cancel");
                from("timer:report?period=60000").to("spideriq:jobs?operation=listJobs&listStatus=failed&listPageSize=100")
                    .log("${header.CamelSpiderIqListTotal} failed jobs");
                from("direct:follow").setHeader("CamelAsyncJobId", body()).to("spideriq:jobs?operation=track");
                // end:operations
            }
        });
        NotifyBuilder listed = new NotifyBuilder(context).from("timer:report*").whenDone(1).create();
        context.start();
        assertTrue(listed.matches(10, TimeUnit.SECONDS), "the report listed the failed jobs");
        assertTrue(simulator.requests().stream().anyMatch(r -> r.path().equals("/api/v1/jobs/list")
                && "failed".equals(r.queryParam("status_filter"))), "listJobs asked the API for the failed jobs");

        String jobId = context.createProducerTemplate().request("spideriq:crawls?jobType=spiderSite&trackSubmittedJobs=false",
                e -> e.getMessage().setBody(SpiderSiteRequest.of("https://example.org")))
                .getMessage().getHeader("CamelAsyncJobId", String.class);
        context.createProducerTemplate().sendBody("direct:cancel", jobId);
        org.junit.jupiter.api.Assertions.assertEquals("cancelled", simulator.jobStatus(jobId));

        String other = context.createProducerTemplate().request("spideriq:crawls?jobType=spiderSite&trackSubmittedJobs=false",
                e -> e.getMessage().setBody(SpiderSiteRequest.of("https://example.net")))
                .getMessage().getHeader("CamelAsyncJobId", String.class);
        context.createProducerTemplate().sendBody("direct:follow", other);
        assertTrue(((SpiderIqComponent) context.getComponent("spideriq")).getTracker(simulator.baseUrl(), simulator.apiKey())
                .isTracked(other), "the job is followed");
    }
}
