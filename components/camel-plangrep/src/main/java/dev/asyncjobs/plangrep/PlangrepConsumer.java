package dev.asyncjobs.plangrep;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.camel.AsyncJobConsumer;
import dev.asyncjobs.engine.client.ApiPath;
import dev.asyncjobs.engine.follow.JobTracker;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's polling consumer, plus, with {@code webhookPath}, a receiver of Plangrep's webhook calls on the
 * application's platform-http server. A webhook call is only a hint: its content is never emitted, and is not even
 * trusted to be from Plangrep. A call naming a tracked job makes that job due for an authenticated status request
 * (no sooner than the 5 s floor after the previous one), and that answer is what the consumer emits, once, as for any
 * poll. Calls for other jobs, or without a job id, are answered 200 and ignored.
 */
public class PlangrepConsumer extends AsyncJobConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(PlangrepConsumer.class);
    /** Where the webhook payload may name the job (the payload is not documented). */
    private static final List<String> JOB_ID_POINTERS = List.of("/job/id", "/jobId", "/job_id", "/data/job/id",
            "/data/jobId", "/data/id", "/id");

    private final PlangrepEndpoint endpoint;
    private Consumer webhookConsumer;

    public PlangrepConsumer(PlangrepEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String path = endpoint.getConfiguration().getWebhookPath();
        if (path != null) {
            Endpoint http;
            try {
                http = endpoint.getCamelContext().getEndpoint("platform-http:" + path + "?httpMethodRestrict=POST");
            } catch (RuntimeException e) {
                throw new IllegalStateException("The webhookPath option needs the platform-http component and an HTTP"
                        + " server: add camel-platform-http-main (Camel Main) or camel-platform-http-starter (Spring"
                        + " Boot), or camel-platform-http-vertx with a VertxPlatformHttpServer: " + e.getMessage(), e);
            }
            webhookConsumer = http.createConsumer(this::onWebhook);
            ServiceHelper.startService(webhookConsumer);
            LOG.info("Receiving Plangrep webhook calls on {} (polling every {} as a fallback)", path,
                    endpoint.getPollPolicy().nextPollDelay(null, null));
        }
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(webhookConsumer);
        webhookConsumer = null;
        super.doStop();
    }

    /** Answers a webhook call: 200 whatever it says, after making the named tracked job due. */
    void onWebhook(Exchange exchange) {
        String jobId = jobIdOf(exchange);
        JobTracker tracker = endpoint.getTracker();
        if (jobId != null && tracker.expedite(jobId, endpoint.getPollPolicy().floor())) {
            LOG.debug("Plangrep webhook call for job {}: its status is requested now", jobId);
        } else if (jobId != null && endpoint.getConfiguration().isAdoptJobs() && adoptPushed(jobId)) {
            LOG.info("Plangrep webhook call for job {}, which no record holds: the key sees it, so it is adopted and"
                     + " followed from now on", jobId);
        } else {
            LOG.debug("Plangrep webhook call for {} ignored: not a job this application tracks",
                    jobId != null ? "job " + jobId : "no job id");
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody("{\"received\":true}");
    }

    /**
     * Plangrep documents no list of jobs: a webhook is the only way to learn of a job no record holds (the store was
     * lost). The call is not trusted: an authenticated status request must find the job (the key sees it, so it is
     * this account's) before it is adopted, and its first poll keeps the vendor's floor after that request.
     */
    private boolean adoptPushed(String jobId) {
        if (ApiPath.problemOf(jobId) != null || adoption() == null || !adoption().unknown(jobId)) {
            return false;
        }
        try {
            endpoint.getBackgroundApi().fetchJob(JobRef.of(jobId)); // the engine's own request: leaves the reserve
        } catch (AsyncJobApiException e) {
            LOG.debug("Plangrep webhook call for job {} not adopted: {}", jobId, e.getMessage());
            return false;
        }
        return adoption().adoptPushed(JobRef.of(jobId), endpoint.getPollPolicy().floor());
    }

    private String jobIdOf(Exchange exchange) {
        try {
            String body = exchange.getMessage().getBody(String.class);
            if (body == null || body.isBlank()) {
                return null;
            }
            JsonNode json = endpoint.getApiHttpClient().mapper().readTree(body);
            for (String pointer : JOB_ID_POINTERS) {
                JsonNode id = json.at(pointer);
                if (id.isTextual() && !id.asText().isBlank()) {
                    return id.asText();
                }
            }
        } catch (Exception e) {
            LOG.debug("Plangrep webhook call with a body that is not JSON: {}", e.getMessage());
        }
        return null;
    }
}
