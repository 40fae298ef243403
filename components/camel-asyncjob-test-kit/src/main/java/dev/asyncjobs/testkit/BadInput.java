package dev.asyncjobs.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.simulator.VendorSimulator;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ResolveEndpointFailedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One row of a component's bad-input test: an exchange (endpoint URI, headers, body) that must fail with an exception
 * of the given type whose message names the culprit (the option, header or field at fault), before any request reaches
 * the vendor.
 *
 * @param name    the row's name in test reports
 * @param uri     the endpoint URI
 * @param headers the message headers
 * @param body    the message body (may be null)
 * @param type    the exception expected in the failure's cause chain
 * @param culprit what its message must name
 */
public record BadInput(String name, String uri, Map<String, Object> headers, Object body,
                       Class<? extends Exception> type, String culprit) {

    public BadInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(culprit, "culprit");
    }

    /** An endpoint option the component refuses at endpoint creation. */
    public static BadInput option(String uri, String culprit) {
        return new BadInput(uri, uri, Map.of(), null, IllegalArgumentException.class, culprit);
    }

    /** An option whose value Camel cannot convert or does not know: Camel's own binding error names it. */
    public static BadInput typed(String uri, String culprit) {
        return new BadInput(uri, uri, Map.of(), null, ResolveEndpointFailedException.class, culprit);
    }

    /** Headers or a body the component refuses before it sends the request. */
    public static BadInput request(String uri, Map<String, Object> headers, Object body, String culprit) {
        return new BadInput(uri + " " + headers.keySet() + " " + culprit, uri, headers, body,
                InvalidRequestException.class, culprit);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Sends the row's exchange and asserts it is refused, naming the culprit, with no request to the simulator. */
    public void assertRefused(ProducerTemplate template, VendorSimulator simulator) {
        Throwable failure = send(template, uri, headers, body);
        assertNotNull(failure, "no failure");
        assertCauseNames(failure, type, culprit, "the message names " + culprit + ": ");
        assertNoRequest(simulator);
    }

    /**
     * Sends an exchange and returns how it failed: the exchange's exception, or what sending threw (an endpoint that
     * cannot be created); null when it did not fail.
     */
    public static Throwable send(ProducerTemplate template, String uri, Map<String, Object> headers, Object body) {
        try {
            Exchange exchange = template.send(uri, e -> {
                e.getMessage().setHeaders(new HashMap<>(headers));
                e.getMessage().setBody(body);
            });
            return exchange.getException();
        } catch (CamelExecutionException | ResolveEndpointFailedException e) {
            return e;
        }
    }

    /**
     * Asserts that the failure's cause chain holds an exception of the type whose message contains the culprit.
     *
     * @param message what the assertion message says before the exception's message
     */
    public static void assertCauseNames(Throwable failure, Class<? extends Throwable> type, String culprit,
                                        String message) {
        Throwable match = failure;
        while (match != null && !type.isInstance(match)) {
            match = match.getCause();
        }
        assertNotNull(match, "expected a " + type.getSimpleName() + " in " + failure);
        assertTrue(match.getMessage().contains(culprit), message + match.getMessage());
    }

    /** Asserts that no request reached the simulator. */
    public static void assertNoRequest(VendorSimulator simulator) {
        assertEquals(0, simulator.requests().size(), "requests that reached the simulator");
    }
}
