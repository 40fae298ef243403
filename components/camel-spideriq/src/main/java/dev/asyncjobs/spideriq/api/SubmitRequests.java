package dev.asyncjobs.spideriq.api;

import java.net.URI;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.client.JsonBodies;

/**
 * Turns what a user hands to a submit into the request body the API documents,
 * {@code {"payload": {...}, "priority": n}}, and checks it before anything is sent (a refused submit costs a request
 * of the budget; a wrong one may cost credits).
 * <p>
 * Accepted: a {@link SpiderSiteRequest} or {@link SpiderMapsRequest}; a Map, Jackson tree or JSON text that is either
 * the whole body (it has a {@code payload} object) or only the payload; or plain text, which is the URL of a
 * spiderSite job or the search query of a spiderMaps job. Payload fields other than the documented ones are passed
 * through unchecked.
 */
public final class SubmitRequests {

    /** Lowest and highest documented priority. */
    public static final int MIN_PRIORITY = 0;
    public static final int MAX_PRIORITY = 10;
    /** Largest documented {@code max_results} of a spiderMaps job. */
    public static final int MAX_RESULTS = 100;

    private static final String VENDOR = SpiderIqClient.VENDOR;

    private SubmitRequests() {
    }

    /** The request body for this message body, not yet checked (see {@link #validate}). */
    public static ObjectNode envelope(SpiderIqJobType type, Object body, ObjectMapper mapper) {
        if (body == null) {
            throw InvalidRequestException.beforeSending(VENDOR, "body", "SpiderIQ " + type
                    + " job not submitted: the message body is empty; send " + (type == SpiderIqJobType.spiderSite
                            ? "a SpiderSiteRequest, the URL to crawl" : "a SpiderMapsRequest, the search query")
                    + ", or the payload as a Map or JSON");
        }
        if (body instanceof SpiderSiteRequest site) {
            requireType(type, SpiderIqJobType.spiderSite, body);
            return wrap(mapper.valueToTree(site.payload()), site.priority(), mapper);
        }
        if (body instanceof SpiderMapsRequest maps) {
            requireType(type, SpiderIqJobType.spiderMaps, body);
            return wrap(mapper.valueToTree(maps.payload()), maps.priority(), mapper);
        }
        if (body instanceof CharSequence text && !looksLikeJson(text.toString())) {
            ObjectNode payload = mapper.createObjectNode();
            payload.put(type == SpiderIqJobType.spiderSite ? "url" : "search_query", text.toString().trim());
            return wrap(payload, null, mapper);
        }
        JsonNode json = toJson(type, body, mapper);
        if (!json.isObject()) {
            throw InvalidRequestException.beforeSending(VENDOR, "body", "SpiderIQ " + type
                    + " job not submitted: the body must be a JSON object (the payload, or {\"payload\": {...}}), not "
                    + json.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        if (json.get("payload") != null && json.get("payload").isObject()) {
            return ((ObjectNode) json).deepCopy();
        }
        return wrap(json.deepCopy(), null, mapper);
    }

    /**
     * Checks a request body against what the API documents, naming the field and the fix.
     *
     * @throws InvalidRequestException before anything is sent
     */
    public static void validate(SpiderIqJobType type, JsonNode envelope) {
        JsonNode payload = envelope.get("payload");
        if (payload == null || !payload.isObject()) {
            throw invalid(type, "payload", "the body has no 'payload' object");
        }
        JsonNode priority = envelope.get("priority");
        if (priority != null && !priority.isNull() && (!priority.isIntegralNumber() || !priority.canConvertToInt()
                || priority.asInt() < MIN_PRIORITY || priority.asInt() > MAX_PRIORITY)) {
            throw invalid(type, "priority", "priority must be an integer from " + MIN_PRIORITY + " to " + MAX_PRIORITY
                    + " (higher is processed first); was " + priority);
        }
        if (type == SpiderIqJobType.spiderSite) {
            JsonNode url = payload.get("url");
            if (url == null || url.isNull() || (url.isTextual() && url.asText().isBlank())) {
                throw invalid(type, "payload.url", "payload.url is required: the website to crawl");
            }
            if (!url.isTextual() || !isHttpUrl(url.asText())) {
                throw invalid(type, "payload.url", "payload.url must be an absolute http:// or https:// URL; was "
                        + url);
            }
        } else {
            JsonNode query = payload.get("search_query");
            if (query == null || !query.isTextual() || query.asText().isBlank()) {
                throw invalid(type, "payload.search_query",
                        "payload.search_query is required: what to search on Google Maps, e.g. \"coffee shops in Luxembourg\"");
            }
            JsonNode max = payload.get("max_results");
            if (max != null && !max.isNull() && (!max.isIntegralNumber() || !max.canConvertToInt()
                    || max.asInt() < 1 || max.asInt() > MAX_RESULTS)) {
                throw invalid(type, "payload.max_results",
                        "payload.max_results must be an integer from 1 to " + MAX_RESULTS + "; was " + max);
            }
        }
    }

    private static ObjectNode wrap(JsonNode payload, Integer priority, ObjectMapper mapper) {
        ObjectNode envelope = mapper.createObjectNode();
        envelope.set("payload", payload);
        if (priority != null) {
            envelope.put("priority", priority);
        }
        return envelope;
    }

    private static void requireType(SpiderIqJobType type, SpiderIqJobType bodyType, Object body) {
        if (type != bodyType) {
            throw InvalidRequestException.beforeSending(VENDOR, "jobType", "SpiderIQ job not submitted: the body is a "
                    + body.getClass().getSimpleName() + " but the job type is " + type + "; set the jobType option or the "
                    + "CamelAsyncJobType header to " + bodyType);
        }
    }

    private static JsonNode toJson(SpiderIqJobType type, Object body, ObjectMapper mapper) {
        JsonNode json = JsonBodies.toTree(mapper, VENDOR, "SpiderIQ " + type + " job not submitted", body);
        if (json == null) {
            throw InvalidRequestException.beforeSending(VENDOR, "body", "SpiderIQ " + type
                    + " job not submitted: the message body is empty");
        }
        return json;
    }

    private static boolean looksLikeJson(String text) {
        String t = text.trim();
        return t.startsWith("{") || t.startsWith("[");
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = URI.create(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static InvalidRequestException invalid(SpiderIqJobType type, String field, String message) {
        return InvalidRequestException.beforeSending(VENDOR, field, "SpiderIQ " + type + " job not submitted: " + message);
    }
}
