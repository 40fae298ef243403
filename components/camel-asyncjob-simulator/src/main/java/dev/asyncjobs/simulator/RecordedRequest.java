package dev.asyncjobs.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** One HTTP request as a simulator received it: method, path, raw query, headers and body. */
public final class RecordedRequest {

    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Instant receivedAt;

    /** Creates a record; header names are looked up case-insensitively. */
    public RecordedRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body,
            Instant receivedAt) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.path = path;
        this.query = query;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), (a, b) -> {
            List<String> merged = new ArrayList<>(a);
            merged.addAll(b);
            return List.copyOf(merged);
        }));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body == null ? new byte[0] : body.clone();
        this.receivedAt = receivedAt;
    }

    /** HTTP method in upper case, e.g. "GET". */
    public String method() {
        return method;
    }

    /** Path without the query string, still URL-encoded, e.g. "/api/v1/jobs/123". */
    public String path() {
        return path;
    }

    /** Raw (encoded) query string without the '?', or null when the URL had none. */
    public String query() {
        return query;
    }

    /** First value of a query parameter (decoded), or null when absent. */
    public String queryParam(String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (key.equals(name)) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    /** All headers; the map's keys compare case-insensitively. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** First value of a header (name is case-insensitive), or null when absent. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Whether the request carried the header at all (name is case-insensitive). */
    public boolean hasHeader(String name) {
        return headers.containsKey(name);
    }

    /** Body decoded as UTF-8 ("" when there was none). */
    public String body() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Raw body bytes (a copy). */
    public byte[] bodyBytes() {
        return body.clone();
    }

    /** Real (wall clock) time the request was received. */
    public Instant receivedAt() {
        return receivedAt;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + path + (query == null ? "" : "?" + query);
    }
}
