package dev.asyncjobs.engine.learn;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.PollPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls placed from the account's own job durations ({@link DurationLearner}), around the vendor's policy.
 * <p>
 * In plain words: until {@code minSamples} jobs of a type have ended, it polls exactly as the vendor's policy does
 * (its documented guidance, or Pixxel's estimate). Then it knows the range in which that type's jobs end, and
 * <ol>
 * <li>makes the first request only when the fastest jobs seen could be done, all but a share that the percentile lets
 * go ({@code detectionDelayPercentile}: at 99.5 the fastest 0.4%, at 95 the fastest 4%): one
 * latency target after that, so those are still caught within the target;</li>
 * <li>then polls every latency target (a little less: 98% of it, or the percentile of it if that is less, so the
 * percentile of the detection delay is no worse than fixed polling at that interval) while completion is
 * likely, skipping stretches where hardly any job ends (between jobs that fail at once and jobs that run, say);</li>
 * <li>once the job has run longer than nearly all jobs seen (it overruns), polls at the vendor's interval, or the
 * target if that is shorter: it never waits longer than the vendor would.</li>
 * </ol>
 * Where the vendor reports progress (Pixxel's {@code progress}), one reading mid-run tells when the job ends if its
 * progress grows in proportion to time: {@code age x 100 / p}. Whether it does is learned too: each job's first
 * reading is checked against its reported duration when it ends, and only after {@value #PROGRESS_SAMPLES} jobs, with
 * at most 1 in 100 whose reading would have made its end be seen later than the target, does progress place the polls
 * within the learned range (polls one interval apart that end with the reading's latest end). Progress that lags, or
 * a vendor that reports no durations, leaves the plan to the distribution alone.
 * <p>
 * Where the vendor dates a job's start ({@link DurationFeatures#reportedStart}: Pixxel's {@code exec_created_at},
 * SpiderIQ's {@code updated_at} while processing), the time from start to end is learned too, and once an answer shows
 * the job running with its start, and {@code minSamples} run times are known, the plan is placed from that start
 * (start + the run time's range) instead of from the submit: when the time queued varies, the end is known closer
 * once the job is seen started. An answer that shows the job still queued moves the plan's next request to one
 * latency target after that answer plus the shortest run learned: the job starts later still, so it cannot end
 * sooner. Otherwise, and for vendors that date no start, it is placed from the submit.
 * <p>
 * A vendor whose jobs wait for the user on their way (Plangrep's jobs ask for their files, or for credits) is a case
 * apart ({@code waitsForUser}): such a job is polled at the vendor's pace until it is seen running on its own, and
 * again whenever it waits for the user. The plan times the end of the work, not the user's part: a job's first request
 * placed from the durations would keep the route from hearing that the job asks for its files, every job would take
 * that much longer, and the durations learned from them would push the next first request later still.
 * <p>
 * Why the percentile is spent on the fastest jobs: a request skipped before the first job could end is skipped for
 * every job, while one skipped later is skipped only for the jobs still running; so seeing the fastest few late saves
 * more requests than polling a little less often everywhere, for the same share of late ends. Four fifths of the
 * share the percentile leaves go to that; the rest is kept for the error of the learned distribution and the
 * scheduler's lateness.
 * <p>
 * The fewer-requests gain comes from the time before step 1: a 15-minute job whose vendor says "poll every minute"
 * is not asked about twelve times before it could possibly be done. No request is ever closer to the previous one
 * than the floor ({@code minPollInterval}, never below the vendor's).
 * <p>
 * The engine must pass the job's age: {@link #nextPollDelay(JobRef, JobSnapshot, Duration)}. Without it (a job tracked
 * by id, whose submit time is unknown), and for {@link #firstPollDelay(JobRef)}, it is the vendor's policy.
 */
public final class LearnedPollPolicy implements PollPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(LearnedPollPolicy.class);

    /** Default number of ended jobs of a type before their distribution replaces the vendor's guidance. */
    public static final int DEFAULT_MIN_SAMPLES = 20;
    /** Default percentile of detection delays kept no worse than fixed polling at the target: all but 0.5%. */
    public static final double DEFAULT_PERCENTILE = 99.5;
    /** The part of the share of late ends that the percentile allows which the first request spends (see above). */
    static final double FAST_SHARE_SPENT = 0.8;
    /** How much shorter than the target the intervals are, so the detection delay's tail stays within it. */
    static final double GAP_FACTOR = 0.98;
    /** The share of jobs an interval may skip as unlikely to end there (its delay may exceed the target). */
    static final double SPARSE_MASS = 0.002;
    /** How many intervals long a stretch with hardly any ends must be to be skipped. */
    static final int SPARSE_INTERVALS = 4;
    /** Jobs whose progress readings were checked before progress places polls. */
    static final int PROGRESS_SAMPLES = 20;
    /** Checks after which the progress counts are halved, so trust follows the recent jobs. */
    static final int PROGRESS_WINDOW = 400;

    private final PollPolicy vendor;
    private final DurationLearner learner;
    private final Duration maxDetectionDelay;
    /** The percentile as a fraction (0.995 by default). */
    private final double percentile;
    /** The share of the fastest jobs that the first request lets go. */
    private final double fastShare;
    private final Duration floor;
    private final int minSamples;
    /**
     * Whether a job is planned only while it is seen running, and polled at the vendor's pace otherwise: for a vendor
     * whose jobs can wait for the user (a WAITING_FOR_USER status), and for subscribers that want every status.
     */
    private final boolean plannedOnlyWhileRunning;
    /** What this plan shares with its {@link #seeingEveryStatus() every-status view}. */
    private final State state;
    /** The plan for subscribers of every status: this one when it already is, else a view over the same state. */
    private final LearnedPollPolicy everyStatus;

    /**
     * What is learned of the account's jobs besides their durations, kept once for both plans, so that a job ended
     * through either is learned once, and progress trust earned through one holds in the other.
     */
    private static final class State {
        /** The first progress reading's end window of jobs still running, checked when they end; guards the counts. */
        final Map<String, double[]> predictions = bounded();
        long progressChecks;
        long progressMisses;
        /** Jobs whose end was recorded lately: a terminal answer seen again is not a second observation. */
        final Map<String, Boolean> recentlyEnded = bounded();
        /**
         * Jobs seen running with a dated start: {@code [start, age when first seen running]}, seconds after their
         * creation, for their run time when they end.
         */
        final Map<String, double[]> starts = bounded();

        private static <V> Map<String, V> bounded() {
            return new LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                    return size() > 4096;
                }
            };
        }
    }

    /**
     * @param vendor            the vendor's policy (with the user's overrides applied): the prior, and the fallback
     * @param learner           the account's learned durations for this vendor
     * @param maxDetectionDelay the latency target, or null for the vendor's interval (its {@code nextPollDelay} with
     *                          nothing known)
     * @param percentile        the percentile (in (50, 100)) of detection delays kept no worse than fixed polling at
     *                          the target; the fastest jobs above it may be seen later ({@link #DEFAULT_PERCENTILE})
     * @param minPollInterval   the shortest interval between two requests of a job, or null for the vendor's floor;
     *                          never below the vendor's floor
     * @param minSamples        ended jobs of a type needed before learning replaces the vendor's guidance
     * @param waitsForUser      whether the vendor's jobs can wait for the user on their way (its status mapping has a
     *                          {@link JobPhase#WAITING_FOR_USER} status): then a job is planned only while it is seen
     *                          {@link JobPhase#RUNNING}, and polled at the vendor's pace otherwise
     */
    public LearnedPollPolicy(PollPolicy vendor, DurationLearner learner, Duration maxDetectionDelay,
            double percentile, Duration minPollInterval, int minSamples, boolean waitsForUser) {
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.learner = Objects.requireNonNull(learner, "learner");
        if (maxDetectionDelay != null && (maxDetectionDelay.isNegative() || maxDetectionDelay.isZero())) {
            throw new IllegalArgumentException("maxDetectionDelay must be positive, got " + maxDetectionDelay
                    + "; leave it unset for the vendor's polling interval");
        }
        if (minPollInterval != null && minPollInterval.isNegative()) {
            throw new IllegalArgumentException("minPollInterval must not be negative, got " + minPollInterval);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1, got " + minSamples);
        }
        if (!(percentile > 50 && percentile < 100)) {
            throw new IllegalArgumentException("percentile must be between 50 and 100 (exclusive), got " + percentile);
        }
        this.maxDetectionDelay = maxDetectionDelay;
        this.percentile = percentile / 100;
        this.fastShare = FAST_SHARE_SPENT * (1 - this.percentile);
        this.plannedOnlyWhileRunning = waitsForUser;
        this.floor = minPollInterval == null ? vendor.floor() : PollPolicy.max(minPollInterval, vendor.floor());
        this.minSamples = minSamples;
        this.state = new State();
        this.everyStatus = waitsForUser ? this : new LearnedPollPolicy(this);
    }

    /** The every-status view of an end-only plan: the same options, learner and state, planned while running. */
    private LearnedPollPolicy(LearnedPollPolicy endOnly) {
        this.vendor = endOnly.vendor;
        this.learner = endOnly.learner;
        this.maxDetectionDelay = endOnly.maxDetectionDelay;
        this.percentile = endOnly.percentile;
        this.fastShare = endOnly.fastShare;
        this.floor = endOnly.floor;
        this.minSamples = endOnly.minSamples;
        this.plannedOnlyWhileRunning = true;
        this.state = endOnly.state;
        this.everyStatus = this;
    }

    /** For a vendor whose jobs never wait for the user. */
    public LearnedPollPolicy(PollPolicy vendor, DurationLearner learner, Duration maxDetectionDelay,
            double percentile, Duration minPollInterval, int minSamples) {
        this(vendor, learner, maxDetectionDelay, percentile, minPollInterval, minSamples, false);
    }

    /** With the {@link #DEFAULT_PERCENTILE default percentile}, for a vendor whose jobs never wait for the user. */
    public LearnedPollPolicy(PollPolicy vendor, DurationLearner learner, Duration maxDetectionDelay,
            Duration minPollInterval, int minSamples) {
        this(vendor, learner, maxDetectionDelay, DEFAULT_PERCENTILE, minPollInterval, minSamples, false);
    }

    /**
     * With the defaults: the vendor's interval as target, the {@link #DEFAULT_PERCENTILE default percentile}, its
     * floor, {@value #DEFAULT_MIN_SAMPLES} samples.
     */
    public LearnedPollPolicy(PollPolicy vendor, DurationLearner learner) {
        this(vendor, learner, null, DEFAULT_PERCENTILE, null, DEFAULT_MIN_SAMPLES, false);
    }

    public DurationLearner learner() {
        return learner;
    }

    public PollPolicy vendor() {
        return vendor;
    }

    /** The percentile of detection delays kept no worse than fixed polling at the target, in percent. */
    public double percentile() {
        return percentile * 100;
    }

    @Override
    public Duration floor() {
        return floor;
    }

    /** Nothing known of the job, not even when it was submitted: the vendor's first poll. */
    @Override
    public Duration firstPollDelay(JobRef job) {
        return atLeastFloor(vendor.firstPollDelay(job));
    }

    /** At submit ({@code known} is what the submit answered): the first poll of the learned plan. */
    @Override
    public Duration firstPollDelay(JobRef job, JobSnapshot known) {
        Range range = plan(job, known, 0);
        if (range == null) {
            return atLeastFloor(vendor.firstPollDelay(job, known));
        }
        return seconds(range.low() + gap(job));
    }

    /** Without the job's age: the vendor's interval. */
    @Override
    public Duration nextPollDelay(JobRef job, JobSnapshot latest) {
        return atLeastFloor(vendor.nextPollDelay(job, latest));
    }

    @Override
    public Duration nextPollDelay(JobRef job, JobSnapshot latest, Duration sinceSubmit) {
        if (sinceSubmit == null) {
            return atLeastFloor(vendor.nextPollDelay(job, latest));
        }
        double age = sinceSubmit.toNanos() / 1e9;
        double[] window = progressWindow(latest, age);
        if (window != null) {
            synchronized (state.predictions) {
                state.predictions.putIfAbsent(job.jobId(), window); // the first reading is the one checked at the end
            }
        }
        Range range = plan(job, latest, age);
        if (range == null) {
            return atLeastFloor(vendor.nextPollDelay(job, latest));
        }
        double gap = gap(job);
        if (age < range.low()) {
            // polled before completion is plausible (a restart, a push): next when it is
            return seconds(range.low() + gap - age);
        }
        if (age < range.high()) {
            if (window != null && progressTrusted()) {
                // the job's own progress says when it ends: polls one interval apart that end with its latest end,
                // though never past one interval after the learned range's end (from there it is overrunning)
                double at = Math.min(byProgress(window, age, gap), Math.max(range.high(), age) + gap);
                return seconds(at - age);
            }
            // sparse where completion is unlikely: when hardly any job of the kind ends within the next interval (a
            // gap between two modes, such as jobs that fail at once and jobs that run), the next poll is one interval
            // after the next few ends become likely, not one interval after this one
            // (only a stretch of several intervals counts: a thin bucket of the histogram is noise, not a gap)
            double more = range.fromStart()
                    ? range.start() + learner.whenMoreEnded(job, latest, age - range.start(), SPARSE_MASS, true)
                    : learner.whenMoreEnded(job, latest, age, SPARSE_MASS);
            return seconds(more - age > SPARSE_INTERVALS * gap && more < range.high() ? more + gap - age : gap);
        }
        // overrunning: the vendor's interval, or the target if shorter; never longer than the vendor would wait
        Duration v = vendor.nextPollDelay(job, latest);
        Duration target = target(job);
        return atLeastFloor(v.compareTo(target) <= 0 ? v : target);
    }

    /**
     * Tells the learner that a job ended: seen terminal {@code seenTerminal} after submission, when it was last seen
     * running {@code lastSeenRunning} after submission (null or zero when the first poll found it ended). Call it once
     * per job that was followed from its submit, when polling sees it end.
     * <p>
     * When the vendor reports the job's own duration ({@link DurationFeatures#reportedDuration}) that is recorded.
     * Otherwise the job ended somewhere between the last two polls, and a point spread evenly over that window is
     * recorded (not its middle: a point in the middle of every window makes spikes, and the first window would never
     * let a learned start move earlier). The window is cut to one and a half latency targets before the poll that saw
     * the end: a wider one means polls were sparse there because the plan found an end unlikely, so the job most
     * likely ended near the end of it. Being a little wider than the plan's intervals, the window lets a start that
     * was learned too late move earlier again.
     * <p>
     * Where the vendor dated the job's start, in the terminal answer or in an answer that showed it running soon
     * after the start (see {@link #startToLearn}), the time from that start to the end is learned as well.
     */
    public void observe(JobRef job, JobSnapshot terminal, Duration lastSeenRunning, Duration seenTerminal) {
        Objects.requireNonNull(seenTerminal, "seenTerminal");
        Duration reported = learner.features().reportedDuration(job, terminal);
        double[] predicted;
        synchronized (state.predictions) {
            predicted = state.predictions.remove(job.jobId());
        }
        Duration started = startToLearn(job, terminal);
        if (predicted != null && reported != null && !reported.isNegative()) {
            checkProgress(job, predicted, reported.toNanos() / 1e9);
        }
        if (reported != null && !reported.isNegative()) {
            learner.observe(job, terminal, reported, started);
            return;
        }
        double end = seenTerminal.toNanos() / 1e9;
        double last = lastSeenRunning == null ? 0 : Math.min(end, lastSeenRunning.toNanos() / 1e9);
        double from = Math.max(last, end - 1.5 * target(job).toNanos() / 1e9);
        learner.observe(job, terminal, seconds0(from + spread(job) * (end - from)), started);
    }

    /**
     * The next poll by a progress window: the latest end, less whole intervals while they stay after the earliest end
     * (and after now), so the end is seen within one interval, and within the window's width when it is narrower;
     * never less than a tenth of an interval from now.
     */
    static double byProgress(double[] window, double age, double gap) {
        double from = Math.max(window[0], age);
        double at = window[1] <= from ? from : window[1] - Math.floor((window[1] - from) / gap) * gap;
        if (at - age < gap / 10) {
            // the request just answered stands in for a point this close: the next one, never this instant again
            // (a reading of 99% puts the earliest end at the reading's age, and a vendor without a floor would be
            // asked back to back)
            at = Math.max(Math.min(at + gap, window[1]), age + gap / 10);
        }
        return at;
    }

    /**
     * When the job will end by its progress reading, if progress grows in proportion to time: {@code [earliest,
     * latest, age of the reading]} in seconds after submit (a reading of p% whole percent means between p and p+1), or
     * null without a usable reading (none, 0, 100, or no age).
     */
    static double[] progressWindow(JobSnapshot latest, double age) {
        Double p = latest == null ? null : latest.progress();
        if (p == null || !(p > 0) || p >= 100 || !(age > 0)) {
            return null;
        }
        return new double[] { age * 100 / Math.min(100, p + 1), age * 100 / p, age };
    }

    /**
     * Checks a job's first progress reading against its reported duration: a miss is a job that ended so much earlier
     * than its progress said that polling by it would have seen the end later than the latency target.
     */
    private void checkProgress(JobRef job, double[] predicted, double duration) {
        boolean miss = byProgress(predicted, predicted[2], gap(job)) - duration > target(job).toNanos() / 1e9;
        synchronized (state.predictions) {
            state.progressChecks++;
            if (miss) {
                state.progressMisses++;
            }
            if (state.progressChecks > PROGRESS_WINDOW) { // follow the recent jobs: halve the counts
                state.progressChecks /= 2;
                state.progressMisses /= 2;
            }
        }
    }

    /**
     * Whether progress readings are trusted to place polls: after {@value #PROGRESS_SAMPLES} jobs whose first reading
     * was checked against their reported duration, with at most 1 in 100 of them misleading. Until then (and for
     * vendors without progress or reported durations, always) polls follow the learned distribution alone.
     */
    public boolean progressTrusted() {
        synchronized (state.predictions) {
            return state.progressChecks >= PROGRESS_SAMPLES && state.progressMisses * 100 <= state.progressChecks;
        }
    }

    /** A fraction in [0, 1) that is the same for one job id and evenly spread over many. */
    private static double spread(JobRef job) {
        int h = job.jobId().hashCode() * 0x9E3779B9;
        return ((h ^ (h >>> 16)) & 0xFFFFFF) / (double) (1 << 24);
    }

    /**
     * The engine's hook ({@link PollPolicy#jobEnded}): {@link #observe(JobRef, JobSnapshot, Duration, Duration)} once
     * per job (a terminal answer seen again, after a route's nack, is not counted twice), then the learner's
     * {@link DurationLearner#onChange change listener} (which saves it now and then). Never throws: a job that cannot
     * be learned from is left out, with a debug line.
     */
    @Override
    public void jobEnded(JobRef job, JobSnapshot terminal, Duration lastSeenRunning, Duration seenTerminal) {
        try {
            synchronized (state.recentlyEnded) {
                if (state.recentlyEnded.put(job.jobId(), Boolean.TRUE) != null) {
                    return;
                }
            }
            observe(job, terminal, lastSeenRunning, seenTerminal);
            learner.changed();
        } catch (RuntimeException e) {
            LOG.debug("Job {} is left out of the learned durations: {}", job.jobId(), e.toString());
        }
    }

    /** Tells the learner that a job ended {@code elapsed} after its submit (as the polls saw it). */
    public void observe(JobRef job, JobSnapshot terminal, Duration elapsed) {
        learner.observe(job, terminal, elapsed);
    }

    /** Seconds as a Duration, not below zero (observations are not held to the floor). */
    private static Duration seconds0(double s) {
        return Duration.ofNanos(Math.round(Math.max(0, s) * 1e9));
    }

    /** The latency target for the job: the option, else the vendor's interval. */
    public Duration target(JobRef job) {
        return maxDetectionDelay != null ? maxDetectionDelay : atLeastFloor(vendor.nextPollDelay(job, null));
    }

    /**
     * The interval while an end is likely: a little less than the target, so that the scheduler's lateness does not
     * push a delay past it, and no more than the percentile of it, the delay below which fixed polling at the target
     * sees that share of the ends.
     */
    private double gap(JobRef job) {
        return Math.max(floor.toNanos() / 1e9, target(job).toNanos() / 1e9 * Math.min(GAP_FACTOR, percentile));
    }

    /** Whether the plan applies to a job in this state: always, unless planned only while running. */
    private boolean planned(JobSnapshot snapshot) {
        return !plannedOnlyWhileRunning || snapshot != null && snapshot.phase() == JobPhase.RUNNING;
    }

    /**
     * The same learned plan, placed for the end only once the job is seen running: until then (queued, waiting) the
     * job is polled at the vendor's pace, so each status before running is seen as fixed polling would see it. It is
     * a view over this plan's state: the learner, the progress trust and the ends recorded are one for both, so a job
     * ended through either plan is learned once, whichever plan the account's groups use at the time.
     */
    @Override
    public PollPolicy seeingEveryStatus() {
        return everyStatus;
    }

    /**
     * Where the job's end is expected, in seconds after its submit: from {@code low} (all but the fastest share the
     * percentile lets go) to {@code high}; placed from the job's {@code start} (seconds after submit) when that is not
     * NaN, else from the submit.
     */
    private record Range(double low, double high, double start) {
        boolean fromStart() {
            return !Double.isNaN(start);
        }
    }

    /**
     * The learned range of the job's end, or null while the plan does not apply (too few jobs known, or a job planned
     * only while running that is not): from its start when the snapshot shows it running with a dated start and
     * {@code minSamples} run times are known, else from its submit.
     */
    private Range plan(JobRef job, JobSnapshot snapshot, double age) {
        if (!planned(snapshot)) {
            return null;
        }
        Double started = startOf(job, snapshot, age);
        if (started != null) {
            double[] run = learner.range(job, snapshot, fastShare, true);
            if (run != null && run[2] >= minSamples) {
                return new Range(started + run[0], started + run[1], started);
            }
        }
        double[] range = learner.range(job, snapshot, fastShare);
        if (range == null || range[2] < minSamples) {
            return null;
        }
        if (snapshot != null && snapshot.phase() == JobPhase.QUEUED) {
            // seen still queued: it starts later than now, so it cannot end before now + the shortest run learned
            double[] run = learner.range(job, snapshot, fastShare, true);
            if (run != null && run[2] >= minSamples && age + run[0] > range[0]) {
                return new Range(age + run[0], Math.max(range[1], age + run[1]), Double.NaN);
            }
        }
        return new Range(range[0], range[1], Double.NaN);
    }

    /**
     * When the job started, in seconds after its creation, if the snapshot (answered at {@code age}) shows it running
     * and the vendor dates the start; remembered with the age it was first seen running, for its run time when it
     * ends.
     */
    private Double startOf(JobRef job, JobSnapshot snapshot, double age) {
        if (snapshot == null || snapshot.phase() != JobPhase.RUNNING) {
            return null;
        }
        Duration reported = learner.features().reportedStart(job, snapshot);
        if (reported == null || reported.isNegative()) {
            return null;
        }
        double started = reported.toNanos() / 1e9;
        synchronized (state.starts) {
            state.starts.putIfAbsent(job.jobId(), new double[] { started, age });
        }
        return started;
    }

    /**
     * The start of an ended job to learn its run time from: the one its terminal answer dates, or the one an answer
     * dated while it ran if that answer came within one interval (the target, or the vendor's interval if longer) of
     * the start. A run time is learned only from a job whose start was seen that soon: a job first seen running long
     * after its start was seen only because it ran long, and learning from those alone would have the plan expect
     * longer runs than there are (with sparse polls, the shorter runs end unseen); within one interval, whether a job
     * is seen running does not depend on how long it runs, for runs longer than the interval.
     */
    private Duration startToLearn(JobRef job, JobSnapshot terminal) {
        double[] seen;
        synchronized (state.starts) {
            seen = state.starts.remove(job.jobId());
        }
        Duration dated = learner.features().reportedStart(job, terminal);
        if (dated != null) {
            return dated;
        }
        if (seen == null) {
            return null;
        }
        double interval = PollPolicy.max(target(job), atLeastFloor(vendor.nextPollDelay(job, null))).toNanos() / 1e9;
        if (seen[1] - seen[0] <= interval) {
            return seconds0(seen[0]);
        }
        learner.observeStart(job, terminal, seconds0(seen[0])); // its wait still bounds the run time's low end
        return null;
    }

    private Duration seconds(double s) {
        return atLeastFloor(Duration.ofNanos(Math.round(Math.max(0, s) * 1e9)));
    }

    private Duration atLeastFloor(Duration d) {
        return PollPolicy.max(d, floor);
    }

    @Override
    public String toString() {
        return "LearnedPollPolicy[vendor=" + vendor + ", maxDetectionDelay="
                + (maxDetectionDelay != null ? maxDetectionDelay : "vendor interval") + ", percentile="
                + percentile * 100 + ", floor=" + floor
                + ", minSamples=" + minSamples + (plannedOnlyWhileRunning ? ", planned while running" : "") + "]";
    }
}
