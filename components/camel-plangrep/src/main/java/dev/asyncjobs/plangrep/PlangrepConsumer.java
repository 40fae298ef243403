package dev.asyncjobs.plangrep;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.camel.AsyncJobConsumer;
import dev.asyncjobs.engine.client.ApiPath;
import dev.asyncjobs.engine.follow.Backoff;
import dev.asyncjobs.engine.follow.JobAdoption;
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
 * poll. Calls for other jobs, or without a job id, are answered 200 too, and ignored; with {@code adoptJobs}, a job
 * no record holds is checked with the key afterwards, on the sweep thread, and adopted if the key sees it.
 */
public class PlangrepConsumer extends AsyncJobConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(PlangrepConsumer.class);
    /** Where the webhook payload may name the job (the payload is not documented). */
    private static final List<String> JOB_ID_POINTERS = List.of("/job/id", "/jobId", "/job_id", "/data/job/id",
            "/data/jobId", "/data/id", "/id");

    /** Pushed jobs waiting for their check at most (webhook calls are not authenticated). */
    private static final int MAX_PUSHED_TO_CHECK = 1000;
    private static final Duration FIRST_RECHECK = Duration.ofSeconds(1);
    private static final Duration LAST_RECHECK = Duration.ofMinutes(5);

    /** When a pushed job's check is due (real time), and how many checks of it failed so far. */
    private record Recheck(long atNanos, int failures) {
    }

    private final PlangrepEndpoint endpoint;
    /** Pushed jobs that no record holds, by id, waiting for the check that may adopt them. */
    private final Map<String, Recheck> pushed = new ConcurrentHashMap<>();
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
        } else if (jobId != null && endpoint.getConfiguration().isAdoptJobs() && toCheck(jobId)) {
            LOG.debug("Plangrep webhook call for job {}, which no record holds: adopted if the key sees it", jobId);
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
     * this account's) before it is adopted, and its first poll keeps the vendor's floor after that request. The
     * request is the engine's own (it leaves the key's reserve free), so it may wait for the budget: it runs on the
     * sweep thread, and the webhook call is answered at once.
     *
     * @return whether the job is to be checked (a valid id that no record holds, and room to keep it)
     */
    private boolean toCheck(String jobId) {
        if (ApiPath.problemOf(jobId) != null || adoption() == null || !adoption().unknown(jobId)) {
            return false;
        }
        if (pushed.size() >= MAX_PUSHED_TO_CHECK && !pushed.containsKey(jobId)) {
            LOG.debug("Plangrep webhook call for job {} not checked now: {} pushed jobs wait for their check already",
                    jobId, pushed.size());
            return false;
        }
        pushed.putIfAbsent(jobId, new Recheck(System.nanoTime(), 0));
        runOnSweepThread(this::checkPushed);
        return true;
    }

    @Override
    protected void sweepMore() {
        if (!pushed.isEmpty()) {
            checkPushed();
        }
    }

    /**
     * Checks the pushed jobs whose time came. The key seeing a job adopts it; an answer that says no (404, a rejected
     * key) drops it; a failure that says nothing about the job (429, 5xx, no answer) keeps it, checked again after a
     * delay that doubles, so a push is not lost to a moment of trouble.
     */
    private void checkPushed() {
        for (Map.Entry<String, Recheck> e : pushed.entrySet()) {
            if (e.getValue().atNanos() - System.nanoTime() > 0) {
                continue;
            }
            String jobId = e.getKey();
            JobAdoption adoption = adoption();
            if (adoption == null || !adoption.unknown(jobId)) {
                pushed.remove(jobId); // tracked in the meantime
                continue;
            }
            try {
                endpoint.getBackgroundApi().fetchJob(JobRef.of(jobId)); // the engine's own request: leaves the reserve
            } catch (RuntimeException failed) {
                // only an answer about the job drops it; anything else (not an API error at all, too) is tried again
                boolean aboutTheJob = failed instanceof AsyncJobApiException api && !api.isRetryable();
                if (!aboutTheJob && isRunAllowed()) {
                    int failures = e.getValue().failures();
                    Duration after = Backoff.of(FIRST_RECHECK, LAST_RECHECK, failures);
                    pushed.put(jobId, new Recheck(System.nanoTime() + after.toNanos(), failures + 1));
                    LOG.debug("Checking pushed Plangrep job {} failed ({}); checked again in {}", jobId,
                            failed.getMessage(), after);
                } else {
                    pushed.remove(jobId);
                    LOG.debug("Plangrep webhook call for job {} not adopted: {}", jobId, failed.getMessage());
                }
                continue;
            }
            pushed.remove(jobId);
            if (adoption.adoptPushed(JobRef.of(jobId), endpoint.getPollPolicy().floor())) {
                LOG.info("Plangrep webhook call for job {}, which no record holds: the key sees it, so it is adopted"
                         + " and followed from now on", jobId);
            }
        }
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
