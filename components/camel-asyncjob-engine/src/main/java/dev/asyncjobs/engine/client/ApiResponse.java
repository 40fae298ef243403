package dev.asyncjobs.engine.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hc.core5.http.Header;

/** A response from a vendor API: status, headers (case-insensitive names) and the body bytes. */
public final class ApiResponse {

    private static final byte[] EMPTY = new byte[0];

    private final int status;
    /** The headers as received; the map view is built only when asked for (most answers need one or two headers). */
    private final Header[] received;
    private Map<String, List<String>> headers;
    private final byte[] body;

    public ApiResponse(int status, Map<String, List<String>> headers, byte[] body) {
        this.status = status;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        this.headers = copy;
        this.received = null;
        this.body = body == null ? EMPTY : body;
    }

    /** An answer whose headers are kept as received, without copying them. */
    ApiResponse(int status, Header[] received, byte[] body) {
        this.status = status;
        this.received = received;
        this.body = body == null ? EMPTY : body;
    }

    public int status() {
        return status;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        if (received != null) {
            for (Header h : received) {
                if (h.getName().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** All headers by case-insensitive name. */
    public synchronized Map<String, List<String>> headers() {
        if (headers == null) {
            TreeMap<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Header h : received) {
                map.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
            }
            headers = map;
        }
        return headers;
    }

    public byte[] body() {
        return body;
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
