package dev.asyncjobs.engine.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A submit recorded in the {@link JobStore} before its request is sent, and removed once the answer (the job id) is
 * stored as a tracked job. An intent still present after a crash or a timed-out answer means: a job may exist on the
 * vendor that nobody follows. The next start (or a poll) reconciles it through the vendor's own means (an
 * Idempotency-Key, a submit cache, a list of recent jobs) and either adopts the job or reports it as unconfirmed;
 * it never submits blindly again.
 *
 * @param account     the account's opaque id
 * @param intentId    unique id of this submit (also sent as the Idempotency-Key where the vendor takes one)
 * @param vendor      the vendor's name
 * @param operation   the submit operation (a detection type, a job type)
 * @param attributes  what the vendor needs to address jobs of this submit (a workflow id); never secrets
 * @param requestBody the request body as sent (JSON), so the same request can be repeated where that is safe
 * @param createdAt   when the intent was recorded, just before the request
 * @param owner       the node that sends it
 * @param version     compare-and-set version
 */
public record SubmitIntent(String account, String intentId, String vendor, String operation,
        Map<String, String> attributes, String requestBody, Instant createdAt, String owner, long version) {

    public SubmitIntent {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(intentId, "intentId");
        Objects.requireNonNull(createdAt, "createdAt");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public SubmitIntent withVersion(long v) {
        return new SubmitIntent(account, intentId, vendor, operation, attributes, requestBody, createdAt, owner, v);
    }
}
