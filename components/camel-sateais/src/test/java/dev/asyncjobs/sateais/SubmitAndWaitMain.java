package dev.asyncjobs.sateais;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.sateais.api.SateaisJob;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A process that submits ship detections, keeping its jobs in a tracking file, prints {@code SUBMITTED <id>} for each
 * and {@code READY}, and then waits to be killed (kill -9, by {@link SateaisStoreLossTest}). Arguments: base URL, API
 * key, tracking file, number of submits.
 */
public final class SubmitAndWaitMain {

    private SubmitAndWaitMain() {
    }

    public static void main(String[] args) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            SateaisComponent component = new SateaisComponent();
            component.getConfiguration().setBaseUrl(args[0]);
            component.getConfiguration().setApiKey(args[1]);
            component.setTrackingFile(args[2]);
            context.addComponent("sateais", component);
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                SateaisJob job = template.requestBodyAndHeader("sateais:detections", SateaisTestSupport.shipRequest(),
                        AsyncJobConstants.JOB_TYPE, "ship", SateaisJob.class);
                System.out.println("SUBMITTED " + job.jobId());
            }
            System.out.println("READY");
            System.out.flush();
            Thread.currentThread().join(); // until killed
        }
    }
}
