package dev.asyncjobs.examples.multinode;

import java.util.concurrent.atomic.AtomicInteger;

import dev.asyncjobs.spideriq.api.SpiderSiteRequest;
import org.apache.camel.builder.RouteBuilder;

/**
 * The routes every node runs: one submits this node's share of crawls, one receives each crawl's end, whichever node
 * submitted it. A crawl whose node died mid-exchange arrives again on another node with
 * {@code CamelAsyncJobRedelivered=true}.
 */
final class NodeRoutes extends RouteBuilder {

    @Override
    public void configure() {
        String node = getContext().resolvePropertyPlaceholders("{{example.node}}");
        AtomicInteger page = new AtomicInteger();
        from("timer:submit?repeatCount={{example.jobs-per-node:10}}&period=200").routeId("submit")
                .process(e -> e.getMessage().setBody(SpiderSiteRequest.of("https://example.com/" + node + "/page-"
                        + page.incrementAndGet())))
                .to("spideriq:crawls?jobType=spiderSite")
                .log("{{example.node}} SUBMITTED ${header.CamelAsyncJobId}");

        from("spideriq:jobs?consumerGroup=crawl-results&terminalOnly=true&leaseDuration={{example.lease:10s}}")
                .routeId("results")
                .log("{{example.node}} FINISHED ${header.CamelAsyncJobId} ${header.CamelAsyncJobStatus}"
                        + " redelivered=${header.CamelAsyncJobRedelivered}")
                // the rest of the route's work (saving the crawl, say): a node killed now has not acknowledged it
                .delay(2000).syncDelayed();
    }
}
