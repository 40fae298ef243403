package dev.asyncjobs.simulator.pixxel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncjobs.simulator.RecordedRequest;
import dev.asyncjobs.simulator.SimulatorResponse;
import dev.asyncjobs.simulator.VendorSimulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Stateful simulator of the Pixxel workflow jobs API (create, get, list, download job and task, estimate). */
// Follows the vendor's "Get Job" page to the letter (fields, their order, the raw-key Authorization header, the
// {"error": {code, details, message}} envelope, 400 and 403). Where the vendor's pages are silent, the choice is
// commented at the spot and listed in the component's docs page:
// - a job runs its workflow's tasks one after another; `tasks` lists the tasks executed so far ("List of tasks
//   executed in this job"), each "running", "completed" or "failed" (the job's documented vocabulary);
// - the create answer is the job itself (as GET answers it); the list answer is {"jobs": [...]}, newest first;
// - PUT .../download answers {id, status: pending|ready, signed_url}; repeating the PUT is how its status is polled
//   (the same download request is answered until it is ready), and only completed jobs/tasks can be downloaded;
// - a missing or wrong key is 401 UNAUTHORIZED (the page only names 403 for "no access", which is used for a
//   workflow the key may not see); error codes are upper-case HTTP reason names.
public final class PixxelSimulator extends VendorSimulator {

    /** The API key a default simulator accepts (sent raw, without "Bearer"). */
    public static final String DEFAULT_API_KEY = "pxl_test_simulator";
    /** A workflow every simulator knows: three tasks, ten minutes estimated in all. */
    public static final String DEFAULT_WORKFLOW_ID = "7f3c2a9e-5b1d-4c8e-9a6f-0d2e4b8c1a37";
    /** The user id the simulator reports as {@code created_by}. */
    public static final String USER_ID = "usr_simulator";
    /** Lifetime of the signed URLs of ready downloads (not documented; S3's usual hour). */
    public static final Duration SIGNED_URL_EXPIRY = Duration.ofHours(1);
    /** How long a download request stays pending before it is ready, by default (not documented). */
    public static final Duration DEFAULT_DOWNLOAD_PREPARATION = Duration.ofSeconds(30);
    /** Size of the generated output archives, by default. */
    public static final int DEFAULT_OUTPUT_SIZE = 64 * 1024;

    private static final String PREFIX = "/v0/workflows/([^/]+)";
    private static final Pattern JOBS = Pattern.compile(PREFIX + "/jobs");
    private static final Pattern JOB = Pattern.compile(PREFIX + "/jobs/([^/]+)");
    private static final Pattern JOB_DOWNLOAD = Pattern.compile(PREFIX + "/jobs/([^/]+)/download");
    private static final Pattern TASK_DOWNLOAD = Pattern.compile(PREFIX + "/jobs/([^/]+)/tasks/([^/]+)/download");
    private static final Pattern ESTIMATE = Pattern.compile(PREFIX + "/estimate");

    private static final Map<Integer, String> ERROR_CODES = Map.of(400, "BAD_REQUEST", 401, "UNAUTHORIZED",
            403, "FORBIDDEN", 404, "NOT_FOUND", 405, "METHOD_NOT_ALLOWED", 429, "TOO_MANY_REQUESTS");

    /** One task of a workflow: its name and the time it is estimated to take. */
    public record TaskSpec(String name, Duration estimate) {
        public TaskSpec {
            Objects.requireNonNull(name, "name");
            if (estimate.isNegative() || estimate.isZero()) {
                throw new IllegalArgumentException("a task's estimate must be positive");
            }
        }
    }

    /** One validation error, as the job's {@code val_errors} lists them. */
    public record ValidationError(String from, String to, String err, String reason, String componentName) {
    }

    private record Workflow(String id, long cost, List<TaskSpec> tasks) {
    }

    private record PlannedFailure(String taskName, String failureType, String errMsg) {
    }

    private static final List<TaskSpec> DEFAULT_TASKS = List.of(
            new TaskSpec("data-ingestion", Duration.ofMinutes(2)),
            new TaskSpec("atmospheric-correction", Duration.ofMinutes(5)),
            new TaskSpec("ndvi-index", Duration.ofMinutes(3)));
    private static final long DEFAULT_COST = 120;

    // configuration as built, restored by reset()
    private final String initialForbiddenKey;
    private final double initialDurationFactor;
    private final Duration initialQueueTime;
    private final Duration initialDownloadPreparation;
    private final int initialOutputSize;

    private final Map<String, Workflow> workflows = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Set<String> forbiddenWorkflows = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    // guarded by this
    private final Deque<PlannedFailure> failNext = new ArrayDeque<>();
    private final Deque<List<ValidationError>> invalidNext = new ArrayDeque<>();
    private double durationFactor;
    private Duration queueTime;
    private Duration downloadPreparation;
    private int outputSize;
    private volatile String forbiddenKey;

    private PixxelSimulator(Builder builder) {
        super(builder);
        this.initialForbiddenKey = builder.forbiddenKey;
        this.initialDurationFactor = builder.durationFactor;
        this.initialQueueTime = builder.queueTime;
        this.initialDownloadPreparation = builder.downloadPreparation;
        this.initialOutputSize = builder.outputSize;
        onReset();
        storage(); // start the object storage host now, so storageBaseUrl() is known before the first download
    }

    /** Starts a simulator with default settings (key "pxl_test_simulator", real-time clock, random ports). */
    public static PixxelSimulator start() {
        return builder().start();
    }

    /** A builder for a simulator with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** A task of a workflow, for {@link #addWorkflow}. */
    public static TaskSpec task(String name, Duration estimate) {
        return new TaskSpec(name, estimate);
    }

    @Override
    public String vendorName() {
        return "pixxel";
    }

    // ---- configuration at run time ----------------------------------------------------------------------------

    /** Adds (or replaces) a workflow whose jobs run these tasks in order and whose estimate is {@code cost}. */
    public void addWorkflow(String workflowId, long cost, TaskSpec... tasks) {
        if (tasks.length == 0) {
            throw new IllegalArgumentException("a workflow needs at least one task");
        }
        workflows.put(workflowId, new Workflow(workflowId, cost, List.of(tasks)));
    }

    /** Makes the API answer 403 for this workflow (and its jobs), as for a workflow of another organisation. */
    public void forbidWorkflow(String workflowId) {
        forbiddenWorkflows.add(workflowId);
    }

    /** A second key that is recognised but answered 403 FORBIDDEN (null for none). */
    public void forbiddenKey(String key) {
        this.forbiddenKey = key;
    }

    /**
     * How long jobs created from now on really take compared with their {@code estimated_duration}: 1 (the default)
     * finishes on time, 2 takes twice as long.
     */
    public synchronized void durationFactor(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("durationFactor must be a positive number");
        }
        this.durationFactor = factor;
    }

    /** How long download requests made from now on stay pending. */
    public synchronized void downloadPreparation(Duration preparation) {
        if (preparation.isNegative()) {
            throw new IllegalArgumentException("downloadPreparation must not be negative");
        }
        this.downloadPreparation = preparation;
    }

    /** Size in bytes of the output archives generated from now on. */
    public synchronized void outputSize(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("outputSize must be >= 0");
        }
        this.outputSize = bytes;
    }

    /**
     * The next job created fails in the named task, half-way through it, with this {@code failure_type} and
     * {@code err_msg}; later tasks never run.
     */
    public synchronized void failNextJob(String taskName, String failureType, String errMsg) {
        failNext.addLast(new PlannedFailure(Objects.requireNonNull(taskName, "taskName"), failureType, errMsg));
    }

    /** The next job created fails at once with these validation errors ({@code val_errors}) and runs no task. */
    public synchronized void rejectNextJob(ValidationError... errors) {
        if (errors.length == 0) {
            throw new IllegalArgumentException("give at least one validation error");
        }
        invalidNext.addLast(List.of(errors));
    }

    // ---- jobs seen from the test side -------------------------------------------------------------------------

    /** Creates a job as if created elsewhere (no request) at the simulated time now; returns its id. */
    public String createJob(String workflowId, String projectId) {
        Workflow workflow = workflows.get(workflowId);
        if (workflow == null) {
            throw new IllegalArgumentException("unknown workflow " + workflowId);
        }
        synchronized (this) {
            Job job = newJob(workflow, projectId, null);
            jobs.put(job.id, job);
            return job.id;
        }
    }

    /** Forces the job's status string from now on (e.g. an undocumented one); null goes back to the simulated one. */
    public void overrideStatus(String jobId, String status) {
        job(jobId).statusOverride = status;
    }

    /** Forgets the job, so that the API answers 404 for it from now on. */
    public void forgetJob(String jobId) {
        jobs.remove(jobId);
    }

    /** The job's status at the simulated time now, or null when the job is unknown. */
    public String jobStatus(String jobId) {
        Job job = jobs.get(jobId);
        return job == null ? null : job.state(clock().now()).status;
    }

    /** When the job ends (completed or failed) on the simulated clock. */
    public Instant jobEnd(String jobId) {
        return job(jobId).end();
    }

    /** Ids of all known jobs, in creation order. */
    public List<String> jobIds() {
        return jobs.values().stream().sorted(Comparator.comparingLong(j -> j.seq)).map(j -> j.id).toList();
    }

    /** The ids of the job's tasks, in the order they run (including tasks that have not started yet). */
    public List<String> taskIds(String jobId) {
        return job(jobId).tasks.stream().map(t -> t.id).toList();
    }

    /** The body the job was created with ("" for none), or null for jobs created by createJob. */
    public String submittedBody(String jobId) {
        return job(jobId).submittedBody;
    }

    /** The project id the job was created for. */
    public String projectId(String jobId) {
        return job(jobId).projectId;
    }

    /** The bytes a ready download of the whole job serves. */
    public byte[] jobOutput(String jobId) {
        return job(jobId).output(null);
    }

    /** The bytes a ready download of one task serves. */
    public byte[] taskOutput(String jobId, String taskId) {
        Job job = job(jobId);
        return job.output(job.task(taskId));
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------

    @Override
    protected SimulatorResponse handle(RecordedRequest request) {
        SimulatorResponse denied = authenticate(request);
        if (denied != null) {
            return denied;
        }
        String path = request.path();
        String method = request.method();
        Matcher m;
        if ((m = TASK_DOWNLOAD.matcher(path)).matches()) {
            String jobId = m.group(2);
            String taskId = m.group(3);
            return "PUT".equals(method) ? inWorkflow(m.group(1), wf -> download(wf, jobId, taskId))
                    : notAllowed(method, path);
        }
        if ((m = JOB_DOWNLOAD.matcher(path)).matches()) {
            String jobId = m.group(2);
            return "PUT".equals(method) ? inWorkflow(m.group(1), wf -> download(wf, jobId, null))
                    : notAllowed(method, path);
        }
        if ((m = JOB.matcher(path)).matches()) {
            String jobId = m.group(2);
            return "GET".equals(method) ? inWorkflow(m.group(1), wf -> getJob(wf, jobId)) : notAllowed(method, path);
        }
        if ((m = JOBS.matcher(path)).matches()) {
            switch (method) {
                case "POST":
                    return inWorkflow(m.group(1), wf -> create(wf, request));
                case "GET":
                    return inWorkflow(m.group(1), wf -> list(wf, request));
                default:
                    return notAllowed(method, path);
            }
        }
        if ((m = ESTIMATE.matcher(path)).matches()) {
            return "GET".equals(method) ? inWorkflow(m.group(1), this::estimate) : notAllowed(method, path);
        }
        return error(404, "NOT_FOUND", "Not found", null);
    }

    @Override
    protected SimulatorResponse errorResponse(int status, String message) {
        return error(status, ERROR_CODES.getOrDefault(status, "INTERNAL_SERVER_ERROR"), message, null);
    }

    @Override
    protected void onReset() {
        synchronized (this) {
            jobs.clear();
            workflows.clear();
            workflows.put(DEFAULT_WORKFLOW_ID, new Workflow(DEFAULT_WORKFLOW_ID, DEFAULT_COST, DEFAULT_TASKS));
            forbiddenWorkflows.clear();
            failNext.clear();
            invalidNext.clear();
            durationFactor = initialDurationFactor;
            queueTime = initialQueueTime;
            downloadPreparation = initialDownloadPreparation;
            outputSize = initialOutputSize;
            forbiddenKey = initialForbiddenKey;
        }
    }

    // The page: "Authorization: <YOUR_API_KEY>", the key itself with no scheme.
    private SimulatorResponse authenticate(RecordedRequest request) {
        if (hasAuthorization(request, apiKey())) {
            return null;
        }
        String forbidden = forbiddenKey;
        if (forbidden != null && hasAuthorization(request, forbidden)) {
            return error(403, "FORBIDDEN", "This API key does not have access to this resource", null);
        }
        String value = request.header("Authorization");
        if (value == null) {
            return error(401, "UNAUTHORIZED", "Missing Authorization header (expected the API key itself)", null);
        }
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return error(401, "UNAUTHORIZED", "Invalid API key", "The Authorization header must be the API key "
                    + "itself, without a 'Bearer' prefix");
        }
        return error(401, "UNAUTHORIZED", "Invalid API key", null);
    }

    private SimulatorResponse inWorkflow(String workflowId, Function<Workflow, SimulatorResponse> then) {
        if (forbiddenWorkflows.contains(workflowId)) {
            return error(403, "FORBIDDEN", "You do not have access to workflow " + workflowId, null);
        }
        Workflow workflow = workflows.get(workflowId);
        if (workflow == null) {
            return error(404, "NOT_FOUND", "Workflow not found", "workflow_id " + workflowId);
        }
        return then.apply(workflow);
    }

    private SimulatorResponse create(Workflow workflow, RecordedRequest request) {
        String projectId = request.queryParam("project_id");
        if (projectId == null || projectId.isBlank()) {
            return error(400, "BAD_REQUEST", "project_id is required", "query parameter project_id is missing");
        }
        // No request body is documented: whatever JSON arrives is kept (submittedBody) but not interpreted.
        String body = request.body();
        if (!body.isBlank() && readJson(request).isEmpty()) {
            return error(400, "BAD_REQUEST", "Request body is not valid JSON", null);
        }
        Job job;
        synchronized (this) {
            job = newJob(workflow, projectId, body);
            jobs.put(job.id, job);
        }
        return json(200, view(job, clock().now()));
    }

    private SimulatorResponse getJob(Workflow workflow, String jobId) {
        Job job = jobs.get(jobId);
        if (job == null || !job.workflow.id().equals(workflow.id())) {
            return jobNotFound(jobId);
        }
        return json(200, view(job, clock().now()));
    }

    private SimulatorResponse list(Workflow workflow, RecordedRequest request) {
        String id = request.queryParam("id");
        String status = request.queryParam("status");
        String createdBy = request.queryParam("created_by");
        String createdOnParam = request.queryParam("created_on");
        LocalDate createdOn = null;
        if (createdOnParam != null && !createdOnParam.isEmpty()) {
            try {
                createdOn = LocalDate.parse(createdOnParam);
            } catch (DateTimeParseException e) {
                return error(400, "BAD_REQUEST", "created_on must be a date (YYYY-MM-DD)",
                        "created_on=" + createdOnParam);
            }
        }
        Instant now = clock().now();
        LocalDate day = createdOn;
        ArrayNode items = mapper().createArrayNode();
        jobs.values().stream()
                .filter(j -> j.workflow.id().equals(workflow.id()))
                .sorted(Comparator.comparingLong((Job j) -> j.seq).reversed())
                .filter(j -> blank(id) || id.equals(j.id))
                .filter(j -> blank(status) || status.equals(j.state(now).status))
                .filter(j -> blank(createdBy) || createdBy.equals(USER_ID))
                .filter(j -> day == null || day.equals(LocalDate.ofInstant(j.createdAt, ZoneOffset.UTC)))
                .forEach(j -> items.add(view(j, now)));
        ObjectNode body = newObject();
        body.set("jobs", items);
        return json(200, body);
    }

    private SimulatorResponse estimate(Workflow workflow) {
        ObjectNode body = newObject();
        body.put("workflow_id", workflow.id());
        body.put("cost", workflow.cost());
        return json(200, body);
    }

    private SimulatorResponse download(Workflow workflow, String jobId, String taskId) {
        Job job = jobs.get(jobId);
        if (job == null || !job.workflow.id().equals(workflow.id())) {
            return jobNotFound(jobId);
        }
        Instant now = clock().now();
        JobState state = job.state(now);
        TaskRun task = null;
        if (taskId != null) {
            task = job.task(taskId);
            if (task == null) {
                return error(404, "NOT_FOUND", "Task not found", "task_id " + taskId);
            }
            String taskStatus = state.taskStatus(task);
            if (!"completed".equals(taskStatus)) {
                return error(400, "BAD_REQUEST", "Task is not completed", "task status is "
                        + (taskStatus == null ? "not started" : taskStatus));
            }
        } else if (!"completed".equals(state.status)) {
            return error(400, "BAD_REQUEST", "Job is not completed", "job status is " + state.status);
        }
        Download d;
        synchronized (this) {
            d = job.downloads.computeIfAbsent(taskId == null ? "" : taskId,
                    k -> new Download(newId(), now, downloadPreparation));
        }
        boolean ready = !now.isBefore(d.readyAt);
        ObjectNode body = newObject();
        body.put("id", d.id);
        body.put("status", ready ? "ready" : "pending");
        if (ready) {
            String key = "pixxel-outputs/" + job.id + (task == null ? "" : "/" + task.id) + ".zip";
            storage().putObjectIfAbsent(key, job.output(task), "application/zip");
            body.put("signed_url", storage().presignedUrl("GET", key, SIGNED_URL_EXPIRY));
        } else {
            body.putNull("signed_url");
        }
        return json(200, body);
    }

    private static SimulatorResponse notAllowed(String method, String path) {
        return error(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + path, null);
    }

    private static SimulatorResponse jobNotFound(String jobId) {
        return error(404, "NOT_FOUND", "Job not found", "job_id " + jobId);
    }

    /** The documented envelope: {"error": {"code", "details", "message"}}. */
    private static SimulatorResponse error(int status, String code, String message, String details) {
        ObjectNode body = newObject();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("details", details);
        error.put("message", message);
        return json(status, body);
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    // ---- jobs -------------------------------------------------------------------------------------------------

    private Job job(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new IllegalArgumentException("unknown job " + jobId);
        }
        return job;
    }

    // caller holds the lock on this
    private Job newJob(Workflow workflow, String projectId, String body) {
        List<ValidationError> invalid = invalidNext.pollFirst();
        PlannedFailure failure = invalid == null ? failNext.pollFirst() : null;
        if (failure != null && workflow.tasks().stream().noneMatch(t -> t.name().equals(failure.taskName()))) {
            throw new IllegalStateException("failNextJob names task '" + failure.taskName() + "', which workflow "
                    + workflow.id() + " does not have");
        }
        return new Job(newId(), workflow, projectId, sequence.incrementAndGet(), clock().now(), body, durationFactor,
                queueTime, failure, invalid == null ? List.of() : invalid, outputSize);
    }

    private static final class Download {
        final String id;
        final Instant readyAt;

        Download(String id, Instant requestedAt, Duration preparation) {
            this.id = id;
            this.readyAt = requestedAt.plus(preparation);
        }
    }

    /** One task of a job: where it starts and how long it really runs, relative to the job's creation. */
    private static final class TaskRun {
        final String id = newId();
        final String blockId = newId();
        final TaskSpec spec;
        final Duration start;
        final Duration duration;
        final boolean fails;

        TaskRun(TaskSpec spec, Duration start, Duration duration, boolean fails) {
            this.spec = spec;
            this.start = start;
            this.duration = duration;
            this.fails = fails;
        }

        /** When the task stops: its end, or half-way for a failing one. */
        Duration stop() {
            return start.plus(fails ? duration.dividedBy(2) : duration);
        }
    }

    /** The state of a job at one instant, derived from its plan. */
    private static final class JobState {
        final String status;
        final Duration elapsed;
        final Map<TaskRun, String> taskStatus = new LinkedHashMap<>();

        JobState(String status, Duration elapsed) {
            this.status = status;
            this.elapsed = elapsed;
        }

        String taskStatus(TaskRun task) {
            return taskStatus.get(task);
        }
    }

    /** One job; its state is derived from the clock on every read, no thread drives it. */
    private static final class Job {
        final String id;
        final Workflow workflow;
        final String projectId;
        final long seq;
        final Instant createdAt;
        final String submittedBody;
        final List<TaskRun> tasks = new ArrayList<>();
        final PlannedFailure failure;
        final List<ValidationError> valErrors;
        final Duration queueTime;
        final int outputSize;
        final Map<String, Download> downloads = new ConcurrentHashMap<>();
        volatile String statusOverride;

        Job(String id, Workflow workflow, String projectId, long seq, Instant createdAt, String submittedBody,
                double durationFactor, Duration queueTime, PlannedFailure failure, List<ValidationError> valErrors, int outputSize) {
            this.id = id;
            this.workflow = workflow;
            this.projectId = projectId;
            this.seq = seq;
            this.createdAt = createdAt;
            this.submittedBody = submittedBody;
            this.failure = failure;
            this.valErrors = valErrors;
            this.outputSize = outputSize;
            this.queueTime = queueTime;
            Duration start = queueTime;
            for (TaskSpec spec : workflow.tasks()) {
                Duration actual = Duration.ofMillis(Math.round(spec.estimate().toMillis() * durationFactor));
                boolean fails = failure != null && failure.taskName().equals(spec.name());
                tasks.add(new TaskRun(spec, start, actual, fails));
                if (fails) {
                    break; // later tasks never run
                }
                start = start.plus(actual);
            }
        }

        Duration estimate() {
            return workflow.tasks().stream().map(TaskSpec::estimate).reduce(Duration.ZERO, Duration::plus);
        }

        /** Total planned run time if nothing failed (for progress). */
        Duration plannedTotal() {
            return tasks.stream().map(t -> t.duration).reduce(Duration.ZERO, Duration::plus);
        }

        /** How long after creation the job ends. */
        Duration endOffset() {
            if (!valErrors.isEmpty()) {
                return Duration.ZERO;
            }
            return tasks.get(tasks.size() - 1).stop();
        }

        Instant end() {
            return createdAt.plus(endOffset());
        }

        TaskRun task(String taskId) {
            return tasks.stream().filter(t -> t.id.equals(taskId)).findFirst().orElse(null);
        }

        JobState state(Instant now) {
            Duration elapsed = now.isAfter(createdAt) ? Duration.between(createdAt, now) : Duration.ZERO;
            String status;
            if (!valErrors.isEmpty()) {
                status = "failed";
            } else if (elapsed.compareTo(endOffset()) >= 0) {
                status = failure != null ? "failed" : "completed";
            } else if (elapsed.compareTo(queueTime) < 0) {
                status = "queued";
            } else {
                status = "running";
            }
            JobState state = new JobState(statusOverride != null ? statusOverride : status, elapsed);
            if (valErrors.isEmpty()) {
                for (TaskRun t : tasks) {
                    if (elapsed.compareTo(t.start) < 0) {
                        break; // not executed yet: not listed
                    }
                    boolean stopped = elapsed.compareTo(t.stop()) >= 0;
                    state.taskStatus.put(t, !stopped ? "running" : t.fails ? "failed" : "completed");
                }
            }
            return state;
        }

        synchronized byte[] output(TaskRun task) {
            String name = task == null ? "job-" + id : task.spec.name();
            Random random = new Random((id + name).hashCode());
            byte[] data = new byte[outputSize];
            random.nextBytes(data);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(outputSize + 512);
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                zip.setLevel(0);
                ZipEntry entry = new ZipEntry(name + ".tif");
                entry.setTime(createdAt.toEpochMilli()); // the same bytes however often it is generated
                zip.putNextEntry(entry);
                zip.write(data);
                zip.closeEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    /** Exactly the fields of the page's sample response, in its order. */
    private static ObjectNode view(Job job, Instant now) {
        JobState state = job.state(now);
        boolean finished = state.elapsed.compareTo(job.endOffset()) >= 0;
        Instant end = job.end();
        Duration elapsedInPlan = state.elapsed.compareTo(job.endOffset()) >= 0 ? job.endOffset() : state.elapsed;
        ObjectNode n = newObject();
        n.put("created_by", USER_ID);
        n.put("status", state.status);
        n.put("time_taken", finished ? seconds(job.endOffset()) : null);
        n.put("id", job.id);
        ArrayNode tasks = n.putArray("tasks");
        TaskRun previous = null;
        for (Map.Entry<TaskRun, String> e : state.taskStatus.entrySet()) {
            tasks.add(taskView(job, e.getKey(), e.getValue(), state.elapsed, previous));
            previous = e.getKey();
        }
        ArrayNode valErrors = n.putArray("val_errors");
        for (ValidationError v : job.valErrors) {
            ObjectNode o = valErrors.addObject();
            o.put("from", v.from());
            o.put("to", v.to());
            o.put("err", v.err());
            o.put("reason", v.reason());
            o.put("component_name", v.componentName());
        }
        n.putArray("spec");
        n.put("cost", job.workflow.cost());
        n.put("workflow_id", job.workflow.id());
        n.put("updated_at", iso(lastEvent(job, state.elapsed)));
        n.put("finished_at", finished ? iso(end) : null);
        // "when execution of job started": once it leaves the queue; a job refused by validation never executes
        boolean executing = job.valErrors.isEmpty() && state.elapsed.compareTo(job.queueTime) >= 0;
        n.put("exec_created_at", executing ? iso(job.createdAt.plus(job.queueTime)) : null);
        n.put("exec_updated_at", iso(lastEvent(job, state.elapsed)));
        n.put("created_at", iso(job.createdAt));
        n.put("estimated_duration", job.estimate().toSeconds());
        long percent = job.valErrors.isEmpty() ? percent(elapsedInPlan, job.plannedTotal()) : 0;
        n.put("progress", percent + "%");
        return n;
    }

    private static ObjectNode taskView(Job job, TaskRun t, String status, Duration elapsed, TaskRun previous) {
        boolean stopped = !"running".equals(status);
        Duration ran = (stopped ? t.stop() : elapsed).minus(t.start);
        Instant started = job.createdAt.plus(t.start);
        Instant stoppedAt = job.createdAt.plus(t.stop());
        ObjectNode o = newObject();
        o.put("id", t.id);
        o.putArray("info_logs");
        o.put("created_at", iso(job.createdAt));
        o.put("updated_at", iso(stopped ? stoppedAt : job.createdAt.plus(elapsed)));
        o.put("finished_at", stopped ? iso(stoppedAt) : null);
        o.put("estimated_time_duration", t.spec.estimate().toSeconds());
        o.put("time_taken", stopped ? seconds(ran) : null);
        o.put("status", status);
        o.put("state_msg", "failed".equals(status) ? "task failed" : "completed".equals(status) ? "task completed"
                : "task running");
        o.putArray("inputs");
        o.putArray("result");
        ArrayNode dependsOn = o.putArray("depends_on");
        if (previous != null) {
            dependsOn.add(previous.id);
        }
        o.put("name", t.spec.name());
        o.put("progress", "completed".equals(status) ? 100 : percent(ran, t.duration));
        o.putArray("disclaimer");
        o.put("recv_time", iso(started));
        o.put("send_time", stopped ? iso(stoppedAt) : null);
        o.put("block_inf_start_time", iso(started));
        o.put("block_inf_end_time", stopped ? iso(stoppedAt) : null);
        ObjectNode block = o.putObject("block_info");
        block.put("id", t.blockId);
        block.put("name", t.spec.name());
        block.put("version", "1.0.0");
        boolean failed = "failed".equals(status);
        o.put("err_msg", failed ? job.failure.errMsg() : null);
        o.put("failure_type", failed ? job.failure.failureType() : null);
        return o;
    }

    /** The latest task start or stop at or before {@code elapsed}. */
    private static Instant lastEvent(Job job, Duration elapsed) {
        Duration last = Duration.ZERO;
        for (TaskRun t : job.tasks) {
            for (Duration event : List.of(t.start, t.stop())) {
                if (event.compareTo(elapsed) <= 0 && event.compareTo(last) > 0) {
                    last = event;
                }
            }
        }
        return job.createdAt.plus(job.valErrors.isEmpty() ? last : Duration.ZERO);
    }

    private static long percent(Duration part, Duration whole) {
        if (whole.isZero()) {
            return 100;
        }
        return Math.min(100, part.toMillis() * 100 / whole.toMillis());
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    /** Builder for {@link PixxelSimulator}. */
    public static final class Builder extends VendorSimulator.Builder<Builder> {
        private String forbiddenKey;
        private double durationFactor = 1.0;
        private Duration queueTime = Duration.ZERO;
        private Duration downloadPreparation = DEFAULT_DOWNLOAD_PREPARATION;
        private int outputSize = DEFAULT_OUTPUT_SIZE;

        private Builder() {
            super(DEFAULT_API_KEY);
        }

        /** A second key answered 403 FORBIDDEN. */
        public Builder forbiddenKey(String key) {
            this.forbiddenKey = key;
            return this;
        }

        /** How long jobs really take compared with their estimate (default 1). */
        public Builder durationFactor(double factor) {
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("durationFactor must be a positive number");
            }
            this.durationFactor = factor;
            return this;
        }

        /**
         * How long a new job waits, {@code queued}, before its first task starts (default none: jobs run at once).
         * Pixxel's page names running, completed and failed "e.g."; a job waiting for capacity saying queued is the
         * component's assumption, which this lets tests exercise.
         */
        public Builder queueTime(Duration queueTime) {
            if (queueTime == null || queueTime.isNegative()) {
                throw new IllegalArgumentException("queueTime must be zero or positive");
            }
            this.queueTime = queueTime;
            return this;
        }

        /** How long download requests stay pending (default 30 s). */
        public Builder downloadPreparation(Duration preparation) {
            this.downloadPreparation = Objects.requireNonNull(preparation, "preparation");
            return this;
        }

        /** Size in bytes of the generated output archives (default 64 KiB). */
        public Builder outputSize(int bytes) {
            this.outputSize = bytes;
            return this;
        }

        /** Starts the simulator. */
        @Override
        public PixxelSimulator start() {
            return new PixxelSimulator(this);
        }
    }

    @Override
    public String toString() {
        return super.toString() + " (workflows " + Arrays.toString(workflows.keySet().toArray()) + ")";
    }
}
