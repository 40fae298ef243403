package dev.asyncjobs.engine.follow;

import java.time.Instant;

import dev.asyncjobs.engine.spi.AsyncJobApi;
import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.JobSnapshot;
import dev.asyncjobs.engine.spi.NotFoundException;
import dev.asyncjobs.engine.spi.TransientApiException;
import dev.asyncjobs.engine.metrics.AsyncJobMetrics;
import dev.asyncjobs.engine.store.JobRecord;

/**
 * One status request of a claimed job, and what it means: a status seen (a 404 counts as one, NOT_FOUND, only once the
 * {@link NotFoundRule} confirms it), a 404 not confirmed yet, or a failed request. The one judge of an answer for every
 * subscriber, so a consumer and a producer's wait agree.
 */
final class StatusCheck {

    /** What one status request showed. */
    sealed interface Outcome permits Seen, Unconfirmed404, Failed {
    }

    /** A status, NOT_FOUND included once confirmed. */
    record Seen(JobSnapshot snapshot) implements Outcome {
    }

    /** A 404 that the rule does not confirm yet: the {@code count}-th in a row, the first at {@code since}. */
    record Unconfirmed404(int count, Instant since) implements Outcome {
    }

    /** The request failed; {@code error} says whether it is worth trying again. */
    record Failed(AsyncJobApiException error) implements Outcome {
    }

    private final NotFoundRule notFound;
    private final AsyncJobMetrics metrics;

    StatusCheck(NotFoundRule notFound, AsyncJobMetrics metrics) {
        this.notFound = notFound;
        this.metrics = metrics;
    }

    Outcome ask(AsyncJobApi api, JobRecord claimed, Instant sentAt) {
        try {
            JobSnapshot snapshot = api.fetchJob(claimed.ref());
            metrics.statusRequest("success");
            return new Seen(snapshot);
        } catch (NotFoundException e) {
            metrics.statusRequest(AsyncJobMetrics.outcomeOf(e));
            int count = claimed.notFoundCount() + 1;
            Instant since = claimed.notFoundSince() != null ? claimed.notFoundSince() : sentAt;
            return notFound.confirmed(count, since, sentAt)
                    ? new Seen(JobSnapshot.notFound(claimed.jobId(), e.getErrorCode(), e.getVendorMessage()))
                    : new Unconfirmed404(count, since);
        } catch (AsyncJobApiException e) {
            metrics.statusRequest(AsyncJobMetrics.outcomeOf(e));
            return new Failed(e);
        } catch (RuntimeException e) {
            // a bug in a vendor mapping must not lose the job: it counts as a failed request
            metrics.statusRequest(AsyncJobMetrics.outcomeOf(e));
            return new Failed(new TransientApiException(api.vendor(), 0, "POLL_FAILED", null,
                    "Polling job " + claimed.jobId() + " failed: " + e, e));
        }
    }

    NotFoundRule notFoundRule() {
        return notFound;
    }
}
