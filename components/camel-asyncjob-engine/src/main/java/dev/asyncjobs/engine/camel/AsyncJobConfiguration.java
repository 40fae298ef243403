package dev.asyncjobs.engine.camel;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import dev.asyncjobs.engine.learn.LearnedPollPolicy;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options every async job component has. Each vendor's configuration extends this with its own operation enum,
 * base URL and request options.
 */
@UriParams
public abstract class AsyncJobConfiguration implements Cloneable {

    // not required in the catalog: it is usually set once on the component, and Camel's tooling (camel-catalog's
    // endpoint validation, IDE plugins, JBang, Kaoto) would otherwise reject every endpoint URI that leaves it out;
    // AsyncJobEndpoint.validateConfiguration fails at endpoint creation, naming the option, when it is missing in both
    @UriParam(label = "security", secret = true,
              description = "The API key (needed: set it on the component, or on the endpoint). It is sent only to the"
                            + " vendor's base URL, never logged, never in error messages.")
    private String apiKey;
    @UriParam(description = "The id of an existing job: the job a producer operation works on (the "
                            + AsyncJobConstants.JOB_ID + " header wins), or a job a consumer starts to watch.")
    private String jobId;
    @UriParam(label = "producer", defaultValue = "false",
              description = "Whether a submit completes the exchange only when the job is terminal (without holding a thread while it waits).")
    private boolean waitForCompletion;
    @UriParam(label = "producer", defaultValue = "2h", javaType = "java.time.Duration",
              description = "How long waitForCompletion waits before failing the exchange; the job stays tracked.")
    private long waitTimeout = Duration.ofHours(2).toMillis();
    @UriParam(label = "producer", defaultValue = "false",
              description = "Whether a waitForCompletion that times out asks the vendor to cancel the job (only where its API can cancel: Plangrep, SpiderIQ), so that nobody pays for a job no one waits for. The exchange still fails with a JobWaitTimeoutException, which says whether the cancel was accepted.")
    private boolean cancelOnTimeout;
    @UriParam(label = "producer", defaultValue = "true",
              description = "Whether submitted jobs are handed to the component's tracker, so a consumer of the same component emits their transitions.")
    private boolean trackSubmittedJobs = true;
    @UriParam(defaultValue = "false",
              description = "Whether to fetch the job's result when it succeeds and make it the message body (the job moves to the "
                            + AsyncJobConstants.JOB + " header).")
    private boolean fetchResult;
    @UriParam(label = "consumer",
              description = "Comma-separated vendor statuses or phases (e.g. completed,FAILED) to emit; other transitions are recorded but not emitted.")
    private String statusFilter;
    @UriParam(label = "consumer", defaultValue = "false",
              description = "Whether to emit only terminal transitions.")
    private boolean terminalOnly;
    @UriParam(label = "consumer", defaultValue = "false",
              description = "Whether a change of progress (or of the vendor's finer detail) without a status change is a transition too.")
    private boolean emitOnProgress;
    @UriParam(label = "advanced", javaType = "java.time.Duration",
              description = "Delay from the submit to a job's first status request, kept as set; defaults to the vendor's guidance for the job type, or to pollInterval where the vendor gives none apart from its interval.")
    private Duration firstPollDelay;
    @UriParam(label = "advanced", javaType = "java.time.Duration",
              description = "Interval between a job's status requests, kept as set; defaults to the vendor's guidance. A value below the vendor's documented floor (each component's page gives it) fails at endpoint creation.")
    private Duration pollInterval;
    @UriParam(label = "consumer", enums = "learned,fixed", defaultValue = "learned",
              description = "How a consumer times the status requests of submitted jobs. learned: from the durations of the account's own jobs of the same type (kept in the job store): sparse while an end is unlikely, every maxDetectionDelay once it is likely, and at the vendor's interval once a job overruns; until 20 jobs of a type ended it polls exactly as fixed does. fixed: the vendor's guidance (or firstPollDelay and pollInterval) for every job.")
    private String pollingMode = "learned";
    @UriParam(label = "consumer", javaType = "java.time.Duration",
              description = "With pollingMode=learned, the latency bound: the longest time between a job's end and the status request that sees it, for all of a type's jobs but the fastest few that detectionDelayPercentile lets go (jobs tracked by id are polled at the vendor's interval). Default: the vendor's interval (or pollInterval), so a job's end is seen no later than with fixed polling.")
    private Duration maxDetectionDelay;
    @UriParam(label = "consumer,advanced", defaultValue = "99.5",
              description = "With pollingMode=learned, the percentile of detection delays kept no worse than polling every maxDetectionDelay would give; the jobs above it, the fastest of their type, are seen later. 99.5 keeps all but the fastest 0.5% within maxDetectionDelay; 95 (a p95 target) skips the requests that would catch only the fastest 5%, for fewer requests. Between 50 and 100 (exclusive).")
    private double detectionDelayPercentile = LearnedPollPolicy.DEFAULT_PERCENTILE;
    @UriParam(label = "consumer,advanced", javaType = "java.time.Duration",
              description = "The shortest time between two status requests of one job, in either pollingMode; default and minimum: the vendor's floor, which the component's page gives.")
    private Duration minPollInterval;
    @UriParam(label = "consumer,advanced", defaultValue = "4",
              description = "How many status requests a consumer runs at once (no thread per job).")
    private int maxConcurrentPolls = 4;
    @UriParam(label = "advanced", defaultValue = "5m", javaType = "java.time.Duration",
              description = "The longest pause between status requests of a job after repeated transient errors (5xx, timeouts, malformed answers), or while the request budget is too short for every due job.")
    private long maxPollBackoff = Duration.ofMinutes(5).toMillis();
    @UriParam(label = "consumer,advanced", defaultValue = "5m", javaType = "java.time.Duration",
              description = "After the API rejected the key (401/403), how long a consumer waits before trying again; its health check is DOWN meanwhile.")
    private long authFailureRetryDelay = Duration.ofMinutes(5).toMillis();
    @UriParam(label = "consumer",
              description = "The consumer group this consumer belongs to (default: its route id). Every group receives every transition that passes its own options, with its own committed position; consumers of one group share the work, as in Kafka's consumer groups.")
    private String consumerGroup;
    @UriParam(label = "consumer", defaultValue = "false",
              description = "Whether the group receives each submit's own answer (e.g. null -> pending) as the job's first transition.")
    private boolean emitSubmitted;
    @UriParam(label = "consumer,advanced", defaultValue = "3",
              description = "How many 404 answers in a row (over at least notFoundWindow) make a job NOT_FOUND; one 404 alone keeps it followed.")
    private int notFoundConfirmations = 3;
    @UriParam(label = "consumer,advanced", defaultValue = "30s", javaType = "java.time.Duration",
              description = "The shortest time over which notFoundConfirmations 404 answers must spread before a job is NOT_FOUND.")
    private long notFoundWindow = Duration.ofSeconds(30).toMillis();
    @UriParam(label = "consumer,advanced", defaultValue = "30s", javaType = "java.time.Duration",
              description = "How long a claim on a due job holds: if its node dies, another takes the job over after this long.")
    private long leaseDuration = Duration.ofSeconds(30).toMillis();
    @UriParam(label = "consumer,advanced", defaultValue = "1m", javaType = "java.time.Duration",
              description = "How old a submit whose answer never arrived must be before the consumer reconciles it (finds its job through the vendor, or reports it as unconfirmed); longer than the longest submit request.")
    private long submitReconcileDelay = Duration.ofMinutes(1).toMillis();
    @UriParam(label = "consumer,advanced", defaultValue = "false",
              description = "Whether the consumer adopts the account's jobs that no record holds, from the vendor's list of jobs (every adoptInterval, back adoptWindow): those not ended are followed to their end, and once after a start those that ended since the store was last committed. It also lets a context start on a job store that lost records (cut short, deleted), which otherwise fails the start. An adopted job's first exchange carries the CamelAsyncJobAdopted header.")
    private boolean adoptJobs;
    @UriParam(label = "consumer,advanced", defaultValue = "5m", javaType = "java.time.Duration",
              description = "How often adoptJobs lists the account's jobs (real time); each round's list requests spend the key's request budget like any other request.")
    private long adoptInterval = Duration.ofMinutes(5).toMillis();
    @UriParam(label = "consumer,advanced", defaultValue = "1d", javaType = "java.time.Duration",
              description = "How far back adoptJobs reads the vendor's list of jobs (by creation time); paging stops there.")
    private long adoptWindow = Duration.ofDays(1).toMillis();

    public String getConsumerGroup() {
        return consumerGroup;
    }

    public void setConsumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
    }

    public boolean isEmitSubmitted() {
        return emitSubmitted;
    }

    public void setEmitSubmitted(boolean emitSubmitted) {
        this.emitSubmitted = emitSubmitted;
    }

    public int getNotFoundConfirmations() {
        return notFoundConfirmations;
    }

    public void setNotFoundConfirmations(int notFoundConfirmations) {
        this.notFoundConfirmations = notFoundConfirmations;
    }

    public long getNotFoundWindow() {
        return notFoundWindow;
    }

    public void setNotFoundWindow(long notFoundWindow) {
        this.notFoundWindow = notFoundWindow;
    }

    public boolean isAdoptJobs() {
        return adoptJobs;
    }

    public void setAdoptJobs(boolean adoptJobs) {
        this.adoptJobs = adoptJobs;
    }

    public long getAdoptInterval() {
        return adoptInterval;
    }

    public void setAdoptInterval(long adoptInterval) {
        this.adoptInterval = adoptInterval;
    }

    public long getAdoptWindow() {
        return adoptWindow;
    }

    public void setAdoptWindow(long adoptWindow) {
        this.adoptWindow = adoptWindow;
    }

    public long getSubmitReconcileDelay() {
        return submitReconcileDelay;
    }

    public void setSubmitReconcileDelay(long submitReconcileDelay) {
        this.submitReconcileDelay = submitReconcileDelay;
    }

    public long getLeaseDuration() {
        return leaseDuration;
    }

    public void setLeaseDuration(long leaseDuration) {
        this.leaseDuration = leaseDuration;
    }

    /** The vendor's base URL option. */
    public abstract String getBaseUrl();

    /** Sets the vendor's base URL option (the bare host; the component adds the API's path prefix). */
    public abstract void setBaseUrl(String baseUrl);

    /** The configured operation's name. */
    public abstract String getOperationName();

    /** The names of the vendor's operations, for validating the operation header. */
    public abstract Set<String> getOperationNames();

    /** The names of an operations enum, in declaration order (for {@link #getOperationNames()}). */
    protected static Set<String> namesOf(Class<? extends Enum<?>> operations) {
        return Arrays.stream(operations.getEnumConstants()).map(Enum::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** A copy for one endpoint. */
    public AsyncJobConfiguration copy() {
        try {
            return (AsyncJobConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** The statusFilter as a set (empty: emit everything). */
    public Set<String> statusFilterSet() {
        if (statusFilter == null || statusFilter.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(statusFilter.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getJobId() {
        return jobId;
    }

    public void setJobId(String jobId) {
        this.jobId = jobId;
    }

    public boolean isWaitForCompletion() {
        return waitForCompletion;
    }

    public void setWaitForCompletion(boolean waitForCompletion) {
        this.waitForCompletion = waitForCompletion;
    }

    public long getWaitTimeout() {
        return waitTimeout;
    }

    public void setWaitTimeout(long waitTimeout) {
        this.waitTimeout = waitTimeout;
    }

    public boolean isCancelOnTimeout() {
        return cancelOnTimeout;
    }

    public void setCancelOnTimeout(boolean cancelOnTimeout) {
        this.cancelOnTimeout = cancelOnTimeout;
    }

    /** When a 404 makes a job NOT_FOUND, for a consumer and a producer's wait alike. */
    public dev.asyncjobs.engine.follow.NotFoundRule notFoundRule() {
        return new dev.asyncjobs.engine.follow.NotFoundRule(notFoundConfirmations, Duration.ofMillis(notFoundWindow));
    }

    public boolean isTrackSubmittedJobs() {
        return trackSubmittedJobs;
    }

    public void setTrackSubmittedJobs(boolean trackSubmittedJobs) {
        this.trackSubmittedJobs = trackSubmittedJobs;
    }

    public boolean isFetchResult() {
        return fetchResult;
    }

    public void setFetchResult(boolean fetchResult) {
        this.fetchResult = fetchResult;
    }

    public String getStatusFilter() {
        return statusFilter;
    }

    public void setStatusFilter(String statusFilter) {
        this.statusFilter = statusFilter;
    }

    public boolean isTerminalOnly() {
        return terminalOnly;
    }

    public void setTerminalOnly(boolean terminalOnly) {
        this.terminalOnly = terminalOnly;
    }

    public boolean isEmitOnProgress() {
        return emitOnProgress;
    }

    public void setEmitOnProgress(boolean emitOnProgress) {
        this.emitOnProgress = emitOnProgress;
    }

    public Duration getFirstPollDelay() {
        return firstPollDelay;
    }

    public void setFirstPollDelay(Duration firstPollDelay) {
        this.firstPollDelay = firstPollDelay;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public String getPollingMode() {
        return pollingMode;
    }

    public void setPollingMode(String pollingMode) {
        this.pollingMode = pollingMode;
    }

    /** Whether pollingMode is learned. */
    public boolean isLearnedPolling() {
        return "learned".equals(pollingMode);
    }

    public Duration getMaxDetectionDelay() {
        return maxDetectionDelay;
    }

    public void setMaxDetectionDelay(Duration maxDetectionDelay) {
        this.maxDetectionDelay = maxDetectionDelay;
    }

    public double getDetectionDelayPercentile() {
        return detectionDelayPercentile;
    }

    public void setDetectionDelayPercentile(double detectionDelayPercentile) {
        this.detectionDelayPercentile = detectionDelayPercentile;
    }

    public Duration getMinPollInterval() {
        return minPollInterval;
    }

    public void setMinPollInterval(Duration minPollInterval) {
        this.minPollInterval = minPollInterval;
    }

    public int getMaxConcurrentPolls() {
        return maxConcurrentPolls;
    }

    public void setMaxConcurrentPolls(int maxConcurrentPolls) {
        this.maxConcurrentPolls = maxConcurrentPolls;
    }

    public long getMaxPollBackoff() {
        return maxPollBackoff;
    }

    public void setMaxPollBackoff(long maxPollBackoff) {
        this.maxPollBackoff = maxPollBackoff;
    }

    public long getAuthFailureRetryDelay() {
        return authFailureRetryDelay;
    }

    public void setAuthFailureRetryDelay(long authFailureRetryDelay) {
        this.authFailureRetryDelay = authFailureRetryDelay;
    }
}
