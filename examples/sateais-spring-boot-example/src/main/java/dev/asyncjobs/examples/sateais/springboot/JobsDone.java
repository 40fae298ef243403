package dev.asyncjobs.examples.sateais.springboot;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Header;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.spring.boot.actuate.console.CamelDevConsoleEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Knows the job this run submitted and whether it has ended (the consumer may also report jobs tracked by an earlier
 * run). With {@code example.exit-when-done=true} (the quick run in the README and CI), the
 * service prints what Actuator reports and stops once the submitted job has ended; otherwise it keeps running, to be
 * looked at through {@code /actuator}.
 */
@Component
public class JobsDone {

    private static final Logger LOG = LoggerFactory.getLogger(JobsDone.class);

    private final ConfigurableApplicationContext context;
    private final boolean exitWhenDone;
    private volatile String submittedJobId;
    private volatile boolean submittedJobEnded;

    public JobsDone(ConfigurableApplicationContext context, @Value("${example.exit-when-done:false}") boolean exitWhenDone) {
        this.context = context;
        this.exitWhenDone = exitWhenDone;
    }

    public void submitted(@Header(AsyncJobConstants.JOB_ID) String jobId) {
        submittedJobId = jobId;
    }

    public synchronized void jobEnded(@Header(AsyncJobConstants.JOB_ID) String jobId) {
        if (jobId == null || !jobId.equals(submittedJobId)) {
            return;
        }
        submittedJobEnded = true;
        if (exitWhenDone) {
            HealthEndpoint health = context.getBean(HealthEndpoint.class);
            MetricsEndpoint metrics = context.getBean(MetricsEndpoint.class);
            LOG.info("Actuator health: {}, liveness: {}, readiness: {}", health.health().getStatus(),
                    health.healthForPath("liveness").getStatus(), health.healthForPath("readiness").getStatus());
            LOG.info("Actuator metrics: {} meters, e.g. {}", metrics.listNames().getNames().size(),
                    metrics.listNames().getNames().stream().limit(5).toList());
            printAsyncJobConsole();
            LOG.info("The job ended: stopping (example.exit-when-done=true)");
            // from another thread: the context waits for this exchange to complete before it stops
            Thread exit = new Thread(() -> SpringApplication.exit(context), "example-exit");
            exit.start();
        }
    }

    /**
     * The asyncjob dev console: its JSON as Actuator serves it ({@code /actuator/camel/asyncjob}), and its text as
     * Camel's console registry gives it (what Camel JBang and the other tools show).
     */
    private void printAsyncJobConsole() {
        CamelDevConsoleEndpoint actuator = context.getBeanProvider(CamelDevConsoleEndpoint.class).getIfAvailable();
        if (actuator != null) {
            LOG.info("Actuator /actuator/camel/asyncjob: {}", actuator.getConsoleById("asyncjob").toJson());
        }
        DevConsole console = DevConsoleRegistry.get(context.getBean(CamelContext.class)).resolveById("asyncjob");
        LOG.info("Dev console asyncjob:\n{}", console.call(DevConsole.MediaType.TEXT));
    }

    /** Nothing will end: with example.exit-when-done, stop at once with exit code 1 instead of idling. */
    public void submitFailed() {
        if (exitWhenDone) {
            Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context, () -> 1)), "example-exit");
            exit.start();
        }
    }

    public String submittedJobId() {
        return submittedJobId;
    }

    public boolean submittedJobEnded() {
        return submittedJobEnded;
    }
}
