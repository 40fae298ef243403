package dev.asyncjobs.plangrep;

import java.io.File;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Run by {@link PlangrepLargeUploadTest} in a JVM with a 64 MB heap: uploads one large file through the plangrep
 * component twice, as a multipart form and through the presigned flow. Exit code 0 when both succeeded.
 */
public final class LargeUploadMain {

    private LargeUploadMain() {
    }

    public static void main(String[] args) {
        String baseUrl = args[0];
        File file = new File(args[1]);
        String jobId = args[2];
        int status = 1;
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PlangrepComponent component = new PlangrepComponent();
            component.getConfiguration().setApiKey("pgk_large_upload");
            component.getConfiguration().setBaseUrl(baseUrl);
            context.addComponent("plangrep", component);
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            for (String operation : new String[] {"uploadFiles", "uploadPresigned"}) {
                Exchange e = template.send("plangrep:big?operation=" + operation, x -> {
                    x.getMessage().setBody(file);
                    x.getMessage().setHeaders(new java.util.HashMap<>(Map.of(PlangrepConstants.JOB_ID, jobId)));
                });
                if (e.getException() != null) {
                    throw e.getException();
                }
                System.out.println(operation + " OK: " + e.getMessage().getHeader(PlangrepConstants.STATUS));
            }
            System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
            status = 0;
        } catch (Throwable t) {
            t.printStackTrace(System.out);
        }
        System.exit(status);
    }
}
