package dev.asyncjobs.examples.spideriq;

import java.io.PrintStream;
import java.util.Map;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.spideriq.SpiderIqConstants;
import dev.asyncjobs.spideriq.api.JobResults;
import dev.asyncjobs.spideriq.api.SpiderSiteRequest;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/** The example's routes: one submits a spiderSite crawl per URL, one prints every transition and the results. */
final class CrawlRoutes extends RouteBuilder {

    private final PrintStream out;
    private final CrawlBook book;

    CrawlRoutes(PrintStream out, CrawlBook book) {
        this.out = out;
        this.book = book;
    }

    @Override
    public void configure() {
        from("direct:crawl").routeId("submit")
                .setHeader("url", body())
                .process(e -> e.getMessage().setBody(SpiderSiteRequest.of(e.getMessage().getBody(String.class)).priority(5)))
                .to("spideriq:crawls?jobType=spiderSite")
                .process(e -> {
                    Message m = e.getMessage();
                    String jobId = m.getHeader(AsyncJobConstants.JOB_ID, String.class);
                    String url = m.getHeader("url", String.class);
                    book.submitted(jobId, url);
                    boolean cached = m.getHeader(SpiderIqConstants.FROM_CACHE, false, Boolean.class);
                    out.println("Submitted " + url + " -> job " + jobId + " (" + m.getHeader(AsyncJobConstants.STATUS)
                            + (cached ? "; from the cache: the same job as an identical submit within 24 h" : "") + ")");
                });

        from("spideriq:jobs?fetchResult=true").routeId("follow")
                .process(e -> {
                    Message m = e.getMessage();
                    String jobId = m.getHeader(AsyncJobConstants.JOB_ID, String.class);
                    String worker = m.getHeader(SpiderIqConstants.WORKER_ID, String.class);
                    String error = m.getHeader(AsyncJobConstants.ERROR_MESSAGE, String.class);
                    out.println("Job " + jobId + ": " + m.getHeader(AsyncJobConstants.PREVIOUS_STATUS) + " -> "
                            + m.getHeader(AsyncJobConstants.STATUS) + (worker != null ? " (worker " + worker + ")" : "")
                            + (error != null ? ": " + error : ""));
                    if (m.getBody() instanceof JobResults results) {
                        Map<String, Object> data = results.data();
                        out.println("  " + data.get("url") + ": " + data.get("pages_crawled") + " pages crawled in "
                                + results.processingTimeSeconds() + " s; emails " + data.get("emails") + ", phones "
                                + data.get("phones") + ", linkedin " + data.get("linkedin"));
                    }
                    if (m.getHeader(AsyncJobConstants.TERMINAL, false, Boolean.class)) {
                        book.ended(jobId, m.getHeader(AsyncJobConstants.STATUS, String.class));
                    }
                });
    }
}
