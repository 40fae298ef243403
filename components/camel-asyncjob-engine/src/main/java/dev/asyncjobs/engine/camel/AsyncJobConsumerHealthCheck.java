package dev.asyncjobs.engine.camel;

import java.util.Map;

import dev.asyncjobs.engine.spi.AuthenticationException;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The health of a consumer, which Camel's consumers health check repository asks for ({@code consumer:<routeId>}):
 * DOWN while the vendor rejects the account's key (401/403), with the HTTP status ({@code service.status.code}) and
 * the vendor's error code ({@code service.error.code}) in the details, as producers report it; UP again once a status
 * request is accepted. Failed polls of other kinds do not make it DOWN: they are retried, no job is lost.
 */
public class AsyncJobConsumerHealthCheck extends AbstractHealthCheck {

    private final AsyncJobConsumer consumer;

    public AsyncJobConsumerHealthCheck(AsyncJobConsumer consumer) {
        super("camel", "asyncjob-consumer:" + consumer.getEndpoint().getEndpointBaseUri());
        this.consumer = consumer;
    }

    @Override
    public boolean isLiveness() {
        // a rejected key is not fixed by restarting the application
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        AsyncJobEndpoint endpoint = consumer.getEndpoint();
        builder.detail("vendor", endpoint.vendorName());
        builder.detail("consumer.group", consumer.groupName());
        AuthenticationException rejected = consumer.authFailure();
        if (rejected == null) {
            builder.up();
            return;
        }
        builder.message(endpoint.vendorName() + " consumer " + endpoint.getEndpointBaseUri() + ": "
                        + rejected.getMessage());
        builder.error(rejected);
        builder.detail(SERVICE_STATUS_CODE, rejected.getHttpStatus());
        if (rejected.getErrorCode() != null) {
            builder.detail(SERVICE_ERROR_CODE, rejected.getErrorCode());
        }
        builder.down();
    }
}
