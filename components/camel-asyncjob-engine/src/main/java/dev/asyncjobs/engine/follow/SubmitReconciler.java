package dev.asyncjobs.engine.follow;

import java.time.Duration;
import java.util.List;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.StatusMapping;
import dev.asyncjobs.engine.spi.SubmitReconciliation;
import dev.asyncjobs.engine.store.SubmitIntent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the submits whose answer was lost (intents older than a grace period): a job the vendor identifies for
 * certain is followed from now on; otherwise every group receives one delivery reporting the unconfirmed submit with
 * all that is known (filters do not apply: nothing is dropped silently), and nothing is submitted again. An intent
 * stays until every group has acknowledged that report.
 */
public final class SubmitReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitReconciler.class);

    /** The status of the delivery that reports a submit whose job could not be identified. */
    public static final String UNCONFIRMED_SUBMIT = "UNCONFIRMED_SUBMIT";
    /** Header of that delivery: the intent's id (plain strings here; the Camel constants refer to them). */
    public static final String HEADER_INTENT_ID = "CamelAsyncJobSubmitIntentId";
    /** Header of that delivery: when the submit was sent. */
    public static final String HEADER_SUBMITTED_AT = "CamelAsyncJobSubmittedAt";
    /** Header of that delivery: the submit operation. */
    public static final String HEADER_OPERATION = "CamelAsyncJobSubmitOperation";
    private static final StatusMapping UNCONFIRMED_MAPPING = StatusMapping.of("engine")
            .map(UNCONFIRMED_SUBMIT, JobPhase.UNKNOWN).build();

    private final JobTracker tracker;
    private final AsyncJobApi api;
    private final Subscriptions subscriptions;
    private final String owner;

    SubmitReconciler(JobTracker tracker, AsyncJobApi api, Subscriptions subscriptions, String owner) {
        this.tracker = tracker;
        this.api = api;
        this.subscriptions = subscriptions;
        this.owner = owner;
    }

    /** @return how many intents were settled */
    int reconcile(Duration grace, Duration lease) {
        int settled = 0;
        List<SubmitIntent> due = tracker.intentsToReconcile(grace, owner, lease);
        LostSubmits round = new LostSubmits(api, tracker, due);
        for (SubmitIntent intent : due) {
            SubmitReconciliation outcome;
            try {
                outcome = round.reconcile(intent);
            } catch (RuntimeException e) {
                LOG.warn("Reconciling the {} submit {} of {} failed; trying again later: {}", api.vendor(),
                        intent.intentId(), intent.createdAt(), e.getMessage());
                tracker.reconcileLater(intent, owner);
                continue;
            }
            if (outcome.isAdopted()) {
                // nobody saw this job yet: no baseline, so the first poll (at once) delivers its current status, even
                // one that is terminal already
                tracker.track(outcome.job(), null, Duration.ZERO);
                tracker.submitSettled(intent);
                tracker.adoptedSubmits().adopted(intent, outcome.job(), tracker.clock().instant());
                LOG.info("The {} submit {} whose answer was lost created job {}: it is followed from now on",
                        api.vendor(), intent.intentId(), outcome.job().jobId());
                settled++;
                continue;
            }
            if (report(intent, outcome.unconfirmedBecause())) {
                tracker.submitSettled(intent);
                settled++;
            } else {
                tracker.reconcileLater(intent, owner);
            }
        }
        return settled;
    }

    /** Tells every group of the submit that cannot be identified; returns whether all of them acknowledged it. */
    private boolean report(SubmitIntent intent, String because) {
        JobSnapshot report = JobSnapshot.builder(intent.intentId(), UNCONFIRMED_SUBMIT, UNCONFIRMED_MAPPING)
                .error(UNCONFIRMED_SUBMIT, because).job(intent.requestBody())
                .header(HEADER_INTENT_ID, intent.intentId())
                .header(HEADER_SUBMITTED_AT, intent.createdAt().toString())
                .header(HEADER_OPERATION, intent.operation()).build();
        JobRef ref = new JobRef(intent.intentId(), intent.operation(), intent.attributes());
        boolean all = subscriptions.anyGroup();
        for (String name : subscriptions.groupNames()) {
            Group g = subscriptions.member(name);
            boolean ack;
            try {
                ack = g != null && g.deliver(new Delivery(ref, report, null, null, null, 1, false, null));
            } catch (RuntimeException e) {
                ack = false;
            }
            all &= ack;
        }
        LOG.error("A {} submit ({} at {}) got no answer and its job cannot be identified for certain: {}; it was not"
                  + " submitted again{}", api.vendor(), intent.operation(), intent.createdAt(), because,
                all ? "; the routes were told" : "; telling the routes again later");
        return all;
    }
}
