package dev.asyncjobs.spideriq.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncjobs.engine.client.ErrorDecoder;

/**
 * SpiderIQ's errors are FastAPI's: {@code {"detail": "Job not found"}}. A validation error may carry FastAPI's list
 * form, {@code {"detail": [{"loc": ["body", "payload", "url"], "msg": "field required", ...}]}}, which is turned into
 * "body.payload.url: field required". An {@code {"error": {...}}} envelope (a gateway's) is read too.
 */
public final class SpiderIqErrorDecoder implements ErrorDecoder {

    @Override
    public DecodedError decode(int httpStatus, JsonNode body) {
        JsonNode detail = body != null && body.isObject() ? body.get("detail") : null;
        if (detail != null && detail.isArray()) {
            List<String> problems = new ArrayList<>();
            for (JsonNode item : detail) {
                problems.add(describe(item));
            }
            return new DecodedError(null, String.join("; ", problems));
        }
        if (detail != null && detail.isObject()) {
            JsonNode message = detail.has("message") ? detail.get("message") : detail.get("msg");
            return new DecodedError(text(detail.get("code")), message != null ? message.asText() : detail.toString());
        }
        if (detail == null && body != null && body.isObject() && body.hasNonNull("error_message")) {
            return new DecodedError(null, body.get("error_message").asText());
        }
        if (detail != null) {
            return new DecodedError(text(body.get("code")), detail.asText());
        }
        return ErrorDecoder.errorObject().decode(httpStatus, body);
    }

    private static String describe(JsonNode item) {
        if (!item.isObject()) {
            return item.asText();
        }
        StringBuilder where = new StringBuilder();
        for (JsonNode part : item.path("loc")) {
            if (where.length() > 0) {
                where.append('.');
            }
            where.append(part.asText());
        }
        String msg = item.path("msg").asText(item.toString());
        return where.length() > 0 ? where + ": " + msg : msg;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
