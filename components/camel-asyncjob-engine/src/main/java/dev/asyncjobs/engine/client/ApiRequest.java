package dev.asyncjobs.engine.client;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hc.core5.http.HttpEntity;

/**
 * One request to a vendor API: method, path relative to the base URL (or an absolute URL), query parameters, extra
 * headers and an optional body (a JSON-serialisable object, a JSON string, or a streaming {@link HttpEntity}).
 */
public final class ApiRequest {

    private final String method;
    private final String path;
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Object body;

    private ApiRequest(String method, String path) {
        this.method = method;
        this.path = path;
    }

    public static ApiRequest get(String path) {
        return new ApiRequest("GET", path);
    }

    public static ApiRequest post(String path) {
        return new ApiRequest("POST", path);
    }

    public static ApiRequest put(String path) {
        return new ApiRequest("PUT", path);
    }

    public static ApiRequest delete(String path) {
        return new ApiRequest("DELETE", path);
    }

    /** Adds a query parameter; null values are left out. */
    public ApiRequest query(String name, Object value) {
        if (value != null) {
            query.put(name, String.valueOf(value));
        }
        return this;
    }

    /** Adds a header; null values are left out. Never use this for the API key: the client adds it. */
    public ApiRequest header(String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
        return this;
    }

    /** The body: an object serialised as JSON, a String sent as JSON text, or an {@link HttpEntity} sent as is. */
    public ApiRequest body(Object body) {
        this.body = body;
        return this;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public Map<String, String> query() {
        return query;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Object body() {
        return body;
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
