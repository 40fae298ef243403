package dev.asyncjobs.engine.spi;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.asyncjobs.engine.store.SubmitIntent;

/**
 * An in-memory vendor, "Fake", for tests that drive the tracker, the follower or a wait without HTTP. Each job answers
 * status requests as the test scripted it: {@link #setStatus} from now on, or {@link #then}/{@link #thenThrow} one
 * answer after the other (the last one repeats); a job without answers is not found (404). A lost submit is answered
 * as {@link #reconcileWith} says (by default as the SPI's default: nothing can be identified). Polled at once, then
 * every 10 ms. The engine's test-jar carries it to the JDBC store's tests.
 */
public final class FakeAsyncJobApi implements AsyncJobApi {

    /** pending, running, done and failed. */
    public static final StatusMapping MAPPING = StatusMapping.of("Fake").map("pending", JobPhase.QUEUED)
            .map("running", JobPhase.RUNNING).map("done", JobPhase.SUCCEEDED).map("failed", JobPhase.FAILED).build();

    private final StatusMapping mapping;
    private final Map<String, Deque<Supplier<JobSnapshot>>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger statusRequests = new AtomicInteger();
    private volatile Function<SubmitIntent, SubmitReconciliation> reconcile;

    /** A vendor whose statuses are {@link #MAPPING}'s. */
    public FakeAsyncJobApi() {
        this(MAPPING);
    }

    /** A vendor whose statuses are the mapping's. */
    public FakeAsyncJobApi(StatusMapping mapping) {
        this.mapping = mapping;
    }

    /** A snapshot of the job in one of {@link #MAPPING}'s statuses. */
    public static JobSnapshot snapshot(String jobId, String status) {
        return JobSnapshot.builder(jobId, status, MAPPING).build();
    }

    /** The job is in the status from now on. */
    public void setStatus(String jobId, String status) {
        Deque<Supplier<JobSnapshot>> only = new ArrayDeque<>();
        only.add(() -> JobSnapshot.builder(jobId, status, mapping).build());
        answers.put(jobId, only);
    }

    /** The vendor no longer knows the job: status requests answer 404. */
    public void forget(String jobId) {
        answers.remove(jobId);
    }

    /** The job's next status answer, after those scripted before. */
    public FakeAsyncJobApi then(String jobId, String status) {
        return next(jobId, () -> JobSnapshot.builder(jobId, status, mapping).build());
    }

    /** The job's next status request fails, after the answers scripted before. */
    public FakeAsyncJobApi thenThrow(String jobId, Supplier<RuntimeException> error) {
        return next(jobId, () -> {
            throw error.get();
        });
    }

    private FakeAsyncJobApi next(String jobId, Supplier<JobSnapshot> answer) {
        Deque<Supplier<JobSnapshot>> script = answers.computeIfAbsent(jobId, id -> new ArrayDeque<>());
        synchronized (script) {
            script.add(answer);
        }
        return this;
    }

    /** How the vendor answers the search for a lost submit's job. */
    public FakeAsyncJobApi reconcileWith(Function<SubmitIntent, SubmitReconciliation> answer) {
        this.reconcile = answer;
        return this;
    }

    /** The status requests received so far. */
    public int statusRequests() {
        return statusRequests.get();
    }

    @Override
    public String vendor() {
        return "Fake";
    }

    @Override
    public StatusMapping statusMapping() {
        return mapping;
    }

    @Override
    public PollPolicy pollPolicy() {
        return PollPolicy.fixed(Map.of(), Duration.ZERO, Duration.ofMillis(10), Duration.ZERO);
    }

    @Override
    public JobSnapshot fetchJob(JobRef job) {
        statusRequests.incrementAndGet();
        Deque<Supplier<JobSnapshot>> script = answers.get(job.jobId());
        Supplier<JobSnapshot> answer = null;
        if (script != null) {
            synchronized (script) {
                answer = script.size() > 1 ? script.poll() : script.peek();
            }
        }
        if (answer == null) {
            throw new NotFoundException("Fake", "NOT_FOUND", "no such job", "404");
        }
        return answer.get();
    }

    @Override
    public Object fetchResult(JobRef job) {
        return "result of " + job.jobId();
    }

    @Override
    public SubmitReconciliation reconcileSubmit(SubmitIntent intent, Predicate<String> alreadyTracked) {
        Function<SubmitIntent, SubmitReconciliation> answer = reconcile;
        return answer == null ? AsyncJobApi.super.reconcileSubmit(intent, alreadyTracked) : answer.apply(intent);
    }
}
