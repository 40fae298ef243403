package dev.asyncjobs.plangrep.api;

/**
 * The answer of {@code POST /projects/{projectId}/jobs}: the job, whether it is a replay of an earlier create with the
 * same Idempotency-Key, and the webhook signing secret, which the API shows only in the first answer.
 *
 * @param job                  the job
 * @param idempotent           true when the answer replays a job created earlier with the same Idempotency-Key
 * @param webhookSigningSecret the secret (only in the first answer; null in a replay)
 */
public record CreatedJob(PlangrepJob job, boolean idempotent, String webhookSigningSecret) {

    @Override
    public String toString() {
        // the signing secret is never printed
        return "CreatedJob[" + job + ", idempotent=" + idempotent + ", webhookSigningSecret="
                + (webhookSigningSecret != null ? "(hidden)" : "none") + "]";
    }
}
