package dev.asyncjobs.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An immutable HTTP answer built by simulator code, free of (shaded) WireMock types. */
public final class SimulatorResponse {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Duration delay;
    private final boolean connectionReset;

    private SimulatorResponse(int status, Map<String, List<String>> headers, byte[] body, Duration delay,
            boolean connectionReset) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.delay = delay;
        this.connectionReset = connectionReset;
    }

    /** An answer with this status and no body. */
    public static SimulatorResponse status(int status) {
        return new SimulatorResponse(status, Map.of(), null, null, false);
    }

    /** A JSON answer; {@code body} is a String holding JSON already, a Jackson node, or any POJO/Map. */
    public static SimulatorResponse json(int status, Object body) {
        String text;
        if (body instanceof String s) {
            text = s;
        } else {
            try {
                text = MAPPER.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot serialise response body", e);
            }
        }
        return body(status, "application/json", text);
    }

    /** An answer with a text body of the given content type. */
    public static SimulatorResponse body(int status, String contentType, String body) {
        return body(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** An answer with a binary body of the given content type. */
    public static SimulatorResponse body(int status, String contentType, byte[] body) {
        return status(status).withHeader("Content-Type", contentType).withBody(body);
    }

    /** A redirect (e.g. 302) to {@code location}. */
    public static SimulatorResponse redirect(int status, String location) {
        return status(status).withHeader("Location", location);
    }

    /** The connection is reset instead of answering (WireMock's CONNECTION_RESET_BY_PEER fault). */
    static SimulatorResponse connectionReset() {
        return new SimulatorResponse(0, Map.of(), null, null, true);
    }

    /** A copy with one more header value. */
    public SimulatorResponse withHeader(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        List<String> values = new ArrayList<>(copy.getOrDefault(name, List.of()));
        values.add(Objects.requireNonNull(value, "value"));
        copy.put(name, List.copyOf(values));
        return new SimulatorResponse(status, Map.copyOf(copy), body, delay, connectionReset);
    }

    /** A copy with this body (content type unchanged). */
    public SimulatorResponse withBody(byte[] newBody) {
        return new SimulatorResponse(status, headers, newBody == null ? null : newBody.clone(), delay,
                connectionReset);
    }

    /** A copy that is sent only after {@code delay} (real time). */
    public SimulatorResponse withDelay(Duration newDelay) {
        return new SimulatorResponse(status, headers, body, newDelay, connectionReset);
    }

    /** HTTP status code (0 for a connection reset). */
    public int statusCode() {
        return status;
    }

    /** Response headers. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** First value of a header (exact name), or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Body bytes, or null when there is none. */
    public byte[] bodyBytes() {
        return body == null ? null : body.clone();
    }

    /** Body as UTF-8 text, or null when there is none. */
    public String bodyText() {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    /** Real-time delay before sending, or null. */
    public Duration delay() {
        return delay;
    }

    /** Whether the connection is reset instead of answered. */
    public boolean isConnectionReset() {
        return connectionReset;
    }

    @Override
    public String toString() {
        return connectionReset ? "SimulatorResponse[connection reset]" : "SimulatorResponse[" + status + "]";
    }
}
