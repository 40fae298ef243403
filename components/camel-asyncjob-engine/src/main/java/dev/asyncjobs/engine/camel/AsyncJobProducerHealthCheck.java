package dev.asyncjobs.engine.camel;

import java.util.Map;

import dev.asyncjobs.engine.client.ApiHealth;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The health of a producer's account, in the style of Camel's AWS producer checks: DOWN while the vendor rejects the
 * API key (401/403) or has been unreachable (no answer, or 5xx) for several requests in a row, with the HTTP status
 * ({@code service.status.code}) and the vendor's error code ({@code service.error.code}) in the details; UP again once
 * a request of the account is accepted. Unlike a check that calls the API itself, it reads what the account's own
 * requests (producers' and consumers') showed, so it never spends the key's request budget.
 */
public class AsyncJobProducerHealthCheck extends AbstractHealthCheck {

    /** Detail: requests in a row that failed. */
    public static final String FAILURES_IN_A_ROW = "failures.in.a.row";
    /** Detail: when the account's current state (UP or DOWN) began. */
    public static final String SINCE = "since";
    /** Detail: when the vendor last accepted a request of the account. */
    public static final String LAST_SUCCESS = "last.success";

    private final AsyncJobEndpoint endpoint;

    public AsyncJobProducerHealthCheck(AsyncJobEndpoint endpoint, String id) {
        super("camel", "producer:" + id);
        this.endpoint = endpoint;
    }

    @Override
    public boolean isLiveness() {
        // a rejected key or an unreachable vendor is not fixed by restarting the application
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        ApiHealth.State state = endpoint.getApiHealth().state();
        builder.detail("vendor", endpoint.vendorName());
        builder.detail(FAILURES_IN_A_ROW, state.failuresInARow());
        if (state.since() != null) {
            builder.detail(SINCE, state.since().toString());
        }
        if (state.lastSuccess() != null) {
            builder.detail(LAST_SUCCESS, state.lastSuccess().toString());
        }
        if (state.up()) {
            builder.up();
            return;
        }
        builder.message(endpoint.vendorName() + " producer " + endpoint.getEndpointBaseUri() + ": " + state.message());
        builder.detail(SERVICE_STATUS_CODE, state.httpStatus());
        if (state.errorCode() != null) {
            builder.detail(SERVICE_ERROR_CODE, state.errorCode());
        }
        builder.down();
    }
}
