package dev.asyncjobs.examples.spideriq;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;
import dev.asyncjobs.spideriq.SpiderIqComponent;
import dev.asyncjobs.spideriq.api.SpiderIqClient;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * An application that embeds Camel (a plain {@link DefaultCamelContext}, no Camel Main): it submits a few SpiderIQ
 * spiderSite crawls, prints every status transition and the results as they come, and returns once every job ended.
 * <p>
 * With no API token (the {@code spideriq.api-key} system property or the {@code SPIDERIQ_API_KEY} environment variable)
 * it starts the SpiderIQ simulator in-process, 30 times faster than real time, so the crawls (about 3 minutes each)
 * take seconds and need no network. Program arguments replace the default URLs.
 */
public final class CrawlApplication {

    /** The default URLs; example.com twice, to show an identical submit answered from SpiderIQ's 24-hour cache. */
    static final List<String> DEFAULT_URLS = List.of("https://camel.apache.org", "https://www.python.org",
            "https://example.com", "https://example.com");

    private CrawlApplication() {
    }

    public static void main(String[] args) throws Exception {
        String token = System.getProperty("spideriq.api-key", System.getenv("SPIDERIQ_API_KEY"));
        String baseUrl = System.getProperty("spideriq.base-url", SpiderIqClient.DEFAULT_BASE_URL);
        List<String> urls = args.length > 0 ? Arrays.asList(args) : DEFAULT_URLS;
        boolean allEnded = run(token, baseUrl, urls, Duration.ofMinutes(30), System.out);
        if (!allEnded) {
            System.err.println("Gave up waiting after 30 minutes; the jobs go on at SpiderIQ.");
        }
    }

    /**
     * Runs the example.
     *
     * @param  token   the SpiderIQ API token, or null/blank to use the in-process simulator
     * @param  baseUrl the API's base URL (ignored with the simulator)
     * @param  urls    the websites to crawl
     * @param  timeout how long to wait for the jobs at most
     * @param  out     where to print
     * @return         true when every job ended within the timeout
     */
    static boolean run(String token, String baseUrl, List<String> urls, Duration timeout, PrintStream out)
            throws Exception {
        SpiderIqSimulator simulator = null;
        if (token == null || token.isBlank()) {
            simulator = SpiderIqSimulator.builder().speed(30).start();
            token = simulator.apiKey();
            baseUrl = simulator.baseUrl();
            out.println("No spideriq.api-key set: using the in-process SpiderIQ simulator at " + baseUrl
                    + " (30x faster than real time)");
        }
        CrawlBook book = new CrawlBook();
        CamelContext context = new DefaultCamelContext();
        try {
            SpiderIqComponent spideriq = new SpiderIqComponent();
            spideriq.getConfiguration().setApiKey(token);
            spideriq.getConfiguration().setBaseUrl(baseUrl);
            context.addComponent("spideriq", spideriq);
            context.addRoutes(new CrawlRoutes(out, book));
            context.start();

            ProducerTemplate template = context.createProducerTemplate();
            for (String url : urls) {
                template.sendBody("direct:crawl", url);
            }
            boolean allEnded = book.awaitAll(timeout);
            out.println("All " + book.jobs() + " jobs " + (allEnded ? "ended" : "not ended yet") + ": "
                    + book.count("completed") + " completed, " + book.count("failed") + " failed, "
                    + book.count("cancelled") + " cancelled.");
            return allEnded;
        } finally {
            context.stop();
            if (simulator != null) {
                simulator.close();
            }
        }
    }
}
