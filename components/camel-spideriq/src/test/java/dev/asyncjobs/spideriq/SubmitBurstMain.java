package dev.asyncjobs.spideriq;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A process that submits crawls one after another, keeping its jobs in a tracking file, until it is killed. Run by
 * {@link SubmitCrashTest} as a separate JVM, to be killed with kill -9 in the middle of a submit.
 * Arguments: base URL, API key, tracking file, number of submits.
 */
public final class SubmitBurstMain {

    private SubmitBurstMain() {
    }

    public static void main(String[] args) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            SpiderIqComponent component = new SpiderIqComponent();
            component.getConfiguration().setApiKey(args[1]);
            component.getConfiguration().setBaseUrl(args[0]);
            component.setTrackingFile(args[2]);
            context.addComponent("spideriq", component);
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                System.out.println("sending " + i);
                System.out.flush();
                String url = "https://burst" + i + ".example";
                String id = template.request("spideriq:crawl?jobType=spiderSite", e -> e.getMessage().setBody(url))
                        .getMessage().getHeader(SpiderIqConstants.JOB_ID, String.class);
                System.out.println("submitted " + i + " " + id);
                System.out.flush();
            }
        }
    }
}
