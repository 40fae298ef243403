package dev.asyncjobs.engine.console;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.client.ApiHealth;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.engine.camel.AsyncJobEndpoint;
import dev.asyncjobs.engine.follow.Account;
import dev.asyncjobs.engine.follow.FollowLoop;
import dev.asyncjobs.engine.learn.DurationLearner;
import dev.asyncjobs.engine.follow.AdoptedSubmits;
import dev.asyncjobs.engine.store.JobRecord;
import dev.asyncjobs.engine.follow.JobTracker;
import dev.asyncjobs.engine.store.SubmitIntent;
import org.apache.camel.Component;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * What every async job component of the context is doing, per account (by its opaque id, never the key): the jobs it
 * follows by phase and by the node leasing them, the next job due, its request budget, its health, the durations it
 * learned per job type, its unconfirmed submits and the submits it adopted; and, with {@value #JOB_ID}, one job's
 * record. Camel finds it when camel-console is on the classpath (Spring Boot's actuator, Camel Main, JBang); it reads
 * the store and the component's state, and sends no request to the vendor.
 */
@DevConsole(name = "asyncjob", displayName = "Async Jobs",
            description = "Jobs followed per account of the async job components: phases, leases, budget, health,"
                          + " learned durations, unconfirmed submits")
public class AsyncJobDevConsole extends AbstractDevConsole {

    @Metadata(label = "query", description = "A job id: the console shows that job's record (in every account that follows it)",
              javaType = "java.lang.String")
    public static final String JOB_ID = "jobId";
    @Metadata(label = "query", description = "An account id (as the console shows it): only that account",
              javaType = "java.lang.String")
    public static final String ACCOUNT = "account";

    /** The lease column's name for jobs nobody holds. */
    static final String NOT_LEASED = "none";

    public AsyncJobDevConsole() {
        super("camel", "asyncjob", "Async Jobs", "Jobs followed per account of the async job components");
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        String jobId = optionString(options, JOB_ID);
        String only = optionString(options, ACCOUNT);
        JsonObject root = new JsonObject();
        JsonArray components = new JsonArray();
        JsonArray jobs = new JsonArray();
        for (String name : List.copyOf(getCamelContext().getComponentNames())) {
            Component c = getCamelContext().hasComponent(name);
            if (!(c instanceof AsyncJobComponent component)) {
                continue;
            }
            JsonObject jc = new JsonObject();
            jc.put("component", name);
            jc.put("node", component.getNodeId());
            JsonArray accounts = new JsonArray();
            for (Account account : sorted(component.accounts())) {
                if (only != null && !only.equals(account.id())) {
                    continue;
                }
                Function<String, JobPhase> phases = phasesOf(component, account.id());
                accounts.add(account(account, phases));
                if (jobId != null) {
                    account.tracker().get(jobId).ifPresent(r -> jobs.add(job(name, r, phases)));
                }
            }
            jc.put("accounts", accounts);
            components.add(jc);
        }
        root.put("components", components);
        if (jobId != null) {
            root.put("jobId", jobId);
            root.put("jobs", jobs);
        }
        return root;
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        JsonObject root = (JsonObject) doCallJson(options);
        StringBuilder out = new StringBuilder();
        for (Object o : root.getCollection("components")) {
            JsonObject c = (JsonObject) o;
            out.append("Component ").append(c.getString("component")).append(" (node ").append(c.getString("node"))
                    .append(")\n");
            List<?> accounts = c.getCollection("accounts");
            if (accounts.isEmpty()) {
                out.append("  no account used yet\n");
            }
            for (Object a : accounts) {
                text(out, (JsonObject) a, c.getString("node"));
            }
        }
        if (root.containsKey("jobId")) {
            List<?> jobs = root.getCollection("jobs");
            if (jobs.isEmpty()) {
                out.append("Job ").append(root.getString("jobId")).append(": not followed by any account\n");
            }
            for (Object j : jobs) {
                jobText(out, (JsonObject) j);
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- JSON

    private JsonObject account(Account account, Function<String, JobPhase> phases) {
        JobTracker tracker = account.tracker();
        // schedules follow the component's clock (the vendor's); leases and the budget are real time
        Instant now = tracker.clock().instant();
        Instant realNow = Instant.now();
        JsonObject a = new JsonObject();
        a.put("account", account.id());
        FollowLoop loop = account.loop();
        a.put("followedHere", loop != null);
        if (loop != null) {
            a.put("jobsInProcess", loop.inFlight()); // claimed: being polled, delivered or settled
            a.put("pendingWaits", loop.pendingWaits());
        }
        a.put("groups", new JsonArray(new java.util.TreeSet<>(tracker.groups())));

        List<JobRecord> records = tracker.all();
        Map<String, Long> byPhase = new TreeMap<>();
        Map<String, Long> byLease = new TreeMap<>();
        JobRecord nextDue = null;
        for (JobRecord r : records) {
            byPhase.merge(phaseOf(r, phases), 1L, Long::sum);
            byLease.merge(r.leased(realNow) ? r.leaseOwner() : NOT_LEASED, 1L, Long::sum);
            if (!r.leased(realNow) && r.nextPollAt() != null
                    && (nextDue == null || r.nextPollAt().isBefore(nextDue.nextPollAt()))) {
                nextDue = r;
            }
        }
        JsonObject jobs = new JsonObject();
        jobs.put("total", records.size());
        jobs.put("byPhase", new JsonObject(byPhase));
        jobs.put("byLease", new JsonObject(byLease));
        a.put("jobs", jobs);
        if (nextDue != null) {
            JsonObject due = new JsonObject();
            due.put("jobId", nextDue.jobId());
            due.put("at", nextDue.nextPollAt().toString());
            due.put("inMillis", Duration.between(now, nextDue.nextPollAt()).toMillis());
            a.put("nextDue", due);
        }
        a.put("budget", budget(account.pacer(), realNow));
        a.put("health", health(account.health().state()));
        JsonArray learned = new JsonArray();
        for (DurationLearner.Learned l : account.openedLearner().map(DurationLearner::learned).orElse(List.of())) {
            JsonObject jl = new JsonObject();
            jl.put("jobType", l.jobType());
            jl.put("sizeClass", l.sizeClass());
            jl.put("unit", l.scaled() ? "estimate" : "seconds");
            jl.put("jobs", l.jobs());
            jl.put("p50", l.p50());
            jl.put("p95", l.p95());
            if (l.runJobs() > 0) { // the vendor dates starts: the time from start to end, learned apart
                jl.put("runJobs", l.runJobs());
                jl.put("runP50", l.runP50());
                jl.put("runP95", l.runP95());
            }
            learned.add(jl);
        }
        a.put("learnedDurations", learned);
        JsonArray unconfirmed = new JsonArray();
        for (SubmitIntent i : tracker.store().intents(account.id())) {
            JsonObject ji = new JsonObject();
            ji.put("intentId", i.intentId());
            ji.put("operation", i.operation());
            ji.put("submittedAt", i.createdAt().toString());
            ji.put("node", i.owner());
            unconfirmed.add(ji);
        }
        a.put("unconfirmedSubmits", unconfirmed);
        AdoptedSubmits adopted = tracker.adoptedSubmits();
        JsonObject ja = new JsonObject();
        ja.put("total", adopted.total());
        JsonArray latest = new JsonArray();
        for (AdoptedSubmits.Adoption ad : adopted.latest()) {
            JsonObject j = new JsonObject();
            j.put("intentId", ad.intentId());
            j.put("operation", ad.operation());
            j.put("submittedAt", ad.submittedAt().toString());
            j.put("jobId", ad.jobId());
            j.put("adoptedAt", ad.adoptedAt().toString());
            latest.add(j);
        }
        ja.put("latest", latest);
        a.put("adoptedSubmits", ja);
        return a;
    }

    private static JsonObject budget(RequestPacer pacer, Instant now) {
        JsonObject b = new JsonObject();
        b.put("limit", pacer.maxRequests());
        b.put("windowMillis", pacer.window().toMillis());
        b.put("used", pacer.usedInWindow());
        b.put("inFlight", pacer.inFlight());
        b.put("waiting", pacer.waiting());
        int available = pacer.availableNow();
        // with no client-side budget nothing is counted: only the vendor's pauses hold requests back
        b.put("left", pacer.maxRequests() > 0 ? available : null);
        b.put("reserve", pacer.reserve());
        b.put("shared", pacer.sharedBudget() != null);
        Instant paused = pacer.pausedUntil();
        if (paused.isAfter(now)) {
            b.put("pausedUntil", paused.toString());
        }
        return b;
    }

    private static JsonObject health(ApiHealth.State s) {
        JsonObject h = new JsonObject();
        h.put("up", s.up());
        h.put("failuresInARow", s.failuresInARow());
        if (!s.up() || s.failuresInARow() > 0) {
            h.put("httpStatus", s.httpStatus());
            h.put("errorCode", s.errorCode());
            h.put("message", s.message());
        }
        if (s.since() != null) {
            h.put("since", s.since().toString());
        }
        if (s.lastSuccess() != null) {
            h.put("lastSuccess", s.lastSuccess().toString());
        }
        return h;
    }

    private static JsonObject job(String component, JobRecord r, Function<String, JobPhase> phases) {
        JsonObject j = new JsonObject();
        j.put("component", component);
        j.put("account", r.account());
        j.put("jobId", r.jobId());
        j.put("jobType", r.ref().jobType());
        j.put("attributes", new JsonObject(new TreeMap<>(r.ref().attributes())));
        j.put("phase", phaseOf(r, phases));
        if (r.baseline() != null) {
            j.put("baseline", cursor(r.baseline()));
        }
        JsonObject cursors = new JsonObject();
        new TreeMap<>(r.cursors()).forEach((group, c) -> cursors.put(group, cursor(c)));
        j.put("cursors", cursors);
        j.put("trackedSince", text(r.trackedSince()));
        j.put("nextPollAt", text(r.nextPollAt()));
        j.put("lastPolledAt", text(r.lastPolledAt()));
        j.put("failures", r.failures());
        j.put("stretch", r.stretch());
        j.put("notFoundCount", r.notFoundCount());
        j.put("notFoundSince", text(r.notFoundSince()));
        j.put("leaseOwner", r.leaseOwner());
        j.put("leaseUntil", text(r.leaseUntil()));
        j.put("takenOver", r.takenOver());
        j.put("retainUntil", text(r.retainUntil()));
        j.put("version", r.version());
        if (r.trace() != null) {
            j.put("traceParent", r.trace().traceParent()); // where to find the job in the tracing backend
        }
        return j;
    }

    private static JsonObject cursor(JobRecord.Cursor c) {
        JsonObject o = new JsonObject();
        o.put("status", c.status());
        o.put("detail", c.detail());
        return o;
    }

    /** The phase the account's groups reached (their first cursor), else what the submit answered. */
    private static String phaseOf(JobRecord r, Function<String, JobPhase> phases) {
        JobRecord.Cursor at = r.cursors().isEmpty() ? r.baseline() : r.cursors().values().iterator().next();
        return at == null || at.status() == null ? "NOT_POLLED_YET" : phases.apply(at.status()).name();
    }

    /** The vendor's status mapping, from an endpoint of the account (every account was made by one). */
    private Function<String, JobPhase> phasesOf(AsyncJobComponent component, String accountId) {
        Optional<AsyncJobEndpoint> endpoint = getCamelContext().getEndpoints().stream()
                .filter(AsyncJobEndpoint.class::isInstance).map(AsyncJobEndpoint.class::cast)
                .filter(e -> e.getComponent() == component)
                .filter(e -> accountId.equals(e.getTracker().account())).findFirst();
        return endpoint.<Function<String, JobPhase>> map(e -> e.getApi().statusMapping()::phaseOf)
                .orElse(status -> JobPhase.UNKNOWN);
    }

    private static List<Account> sorted(java.util.Collection<Account> accounts) {
        return accounts.stream().sorted(Comparator.comparing(Account::id)).toList();
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    // ---------------------------------------------------------------- text

    private static void text(StringBuilder out, JsonObject a, String node) {
        out.append("  Account ").append(a.getString("account"))
                .append(Boolean.TRUE.equals(a.getBoolean("followedHere"))
                        ? " (followed here; jobs being polled or delivered: " + a.getInteger("jobsInProcess")
                          + ", producers waiting: " + a.getInteger("pendingWaits") + ")"
                        : " (not followed here: no consumer nor producer waiting in this process)")
                .append('\n');
        List<?> groups = a.getCollection("groups");
        out.append("    Consumer groups: ").append(groups.isEmpty() ? "none" : String.join(", ",
                groups.stream().map(String::valueOf).toList())).append('\n');
        JsonObject jobs = a.getMap("jobs");
        out.append("    Jobs: ").append(jobs.getInteger("total"));
        Map<?, ?> byPhase = jobs.getMap("byPhase");
        if (!byPhase.isEmpty()) {
            out.append(" (").append(pairs(byPhase)).append(')');
        }
        out.append('\n');
        Map<?, ?> byLease = jobs.getMap("byLease");
        if (!byLease.isEmpty()) {
            StringBuilder leases = new StringBuilder();
            byLease.forEach((owner, n) -> leases.append(leases.isEmpty() ? "" : ", ")
                    .append(NOT_LEASED.equals(owner) ? "not leased" : node.equals(owner) ? owner + " (this node)" : owner)
                    .append('=').append(n));
            out.append("    Leases: ").append(leases).append('\n');
        }
        JsonObject due = a.getMap("nextDue");
        if (due != null) {
            long in = due.getLong("inMillis");
            out.append("    Next due: job ").append(due.getString("jobId")).append(" at ").append(due.getString("at"))
                    .append(in > 0 ? " (in " + human(in) + ")" : " (due now)").append('\n');
        }
        JsonObject b = a.getMap("budget");
        if (b != null) {
            out.append("    Budget: ");
            if (b.getInteger("limit") > 0) {
                out.append(b.getInteger("used")).append(" used, ").append(b.getInteger("left")).append(" left of ")
                        .append(b.getInteger("limit")).append(" per ")
                        .append(human(b.getLong("windowMillis")));
                if (b.getInteger("reserve") > 0) {
                    out.append(" (").append(b.getInteger("reserve")).append(" of it kept from polls)");
                }
            } else {
                out.append("no client-side limit");
            }
            out.append(", ").append(b.getInteger("inFlight")).append(" in flight, ").append(b.getInteger("waiting"))
                    .append(" waiting").append(Boolean.TRUE.equals(b.getBoolean("shared")) ? ", shared by the nodes" : "");
            if (b.getString("pausedUntil") != null) {
                out.append(", paused by the vendor until ").append(b.getString("pausedUntil"));
            }
            out.append('\n');
        }
        JsonObject h = a.getMap("health");
        if (h != null) {
            out.append("    Health: ").append(Boolean.TRUE.equals(h.getBoolean("up")) ? "UP" : "DOWN");
            if (h.getString("message") != null) {
                out.append(" (").append(h.getString("message")).append(')');
            }
            if (h.getString("lastSuccess") != null) {
                out.append(", last success ").append(h.getString("lastSuccess"));
            }
            out.append('\n');
        }
        List<?> learned = a.getCollection("learnedDurations");
        out.append("    Learned durations:").append(learned.isEmpty() ? " none yet" : "").append('\n');
        for (Object o : learned) {
            JsonObject l = (JsonObject) o;
            String type = l.getString("jobType").isEmpty() ? "(any type)" : l.getString("jobType");
            String size = l.getString("sizeClass").isEmpty() ? "" : " " + l.getString("sizeClass");
            boolean seconds = "seconds".equals(l.getString("unit"));
            out.append("      ").append(type).append(size).append(": p50 ")
                    .append(duration(l.getDouble("p50"), seconds)).append(", p95 ")
                    .append(duration(l.getDouble("p95"), seconds)).append(" (").append(l.getLong("jobs"))
                    .append(" jobs)");
            if (l.containsKey("runJobs")) {
                out.append("; from start: p50 ").append(duration(l.getDouble("runP50"), seconds)).append(", p95 ")
                        .append(duration(l.getDouble("runP95"), seconds)).append(" (").append(l.getLong("runJobs"))
                        .append(" jobs)");
            }
            out.append('\n');
        }
        List<?> unconfirmed = a.getCollection("unconfirmedSubmits");
        out.append("    Unconfirmed submits: ").append(unconfirmed.size()).append('\n');
        for (Object o : unconfirmed) {
            JsonObject i = (JsonObject) o;
            out.append("      ").append(i.getString("intentId")).append(' ').append(i.getString("operation"))
                    .append(" sent ").append(i.getString("submittedAt")).append(" by ").append(i.getString("node"))
                    .append('\n');
        }
        JsonObject adoptions = a.getMap("adoptedSubmits");
        out.append("    Adopted submits: ").append(adoptions.getLong("total")).append('\n');
        for (Object o : adoptions.getCollection("latest")) {
            JsonObject ad = (JsonObject) o;
            out.append("      job ").append(ad.getString("jobId")).append(" from submit ")
                    .append(ad.getString("intentId")).append(" (").append(ad.getString("operation")).append(", sent ")
                    .append(ad.getString("submittedAt")).append("), adopted ").append(ad.getString("adoptedAt"))
                    .append('\n');
        }
    }

    private static void jobText(StringBuilder out, JsonObject j) {
        out.append("Job ").append(j.getString("jobId")).append(" (").append(j.getString("component"))
                .append(", account ").append(j.getString("account")).append(")\n");
        for (Map.Entry<String, Object> e : j.entrySet()) {
            if (!List.of("jobId", "component", "account").contains(e.getKey()) && e.getValue() != null) {
                out.append("  ").append(e.getKey()).append(": ").append(e.getValue() instanceof Map<?, ?> m
                        ? pairs(m) : e.getValue()).append('\n');
            }
        }
    }

    private static String pairs(Map<?, ?> map) {
        StringBuilder s = new StringBuilder();
        map.forEach((k, v) -> s.append(s.isEmpty() ? "" : ", ").append(k).append('=')
                .append(v instanceof Map<?, ?> m ? "{" + pairs(m) + "}" : v));
        return s.toString();
    }

    private static String duration(double value, boolean seconds) {
        return seconds ? human(Math.round(value * 1000))
                : String.format(java.util.Locale.ROOT, "%.2f x estimate", value);
    }

    /** 350ms, 1s, 4.2s, 14m57s, 1h, 2h5m: whole seconds past a minute, no zero parts. */
    static String human(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return millis % 1000 == 0 ? millis / 1000 + "s"
                    : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long s = Math.round(millis / 1000.0);
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 > 0) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }
}
