package dev.asyncjobs.spideriq.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A spiderMaps job: {@code {"payload": {"search_query": ..., "max_results": <=100, <further fields>}}}. Further payload
 * fields are added with {@link #with} and passed through as given. The vendor shows no {@code priority} for spiderMaps;
 * it is sent only when set here (or through the priority option or header).
 */
public final class SpiderMapsRequest {

    private final String searchQuery;
    private Integer maxResults;
    private Integer priority;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private SpiderMapsRequest(String searchQuery) {
        this.searchQuery = Objects.requireNonNull(searchQuery, "searchQuery");
    }

    /** A Google Maps search, e.g. "coffee shops in Luxembourg". */
    public static SpiderMapsRequest of(String searchQuery) {
        return new SpiderMapsRequest(searchQuery);
    }

    /** How many businesses at most, 1 to 100. */
    public SpiderMapsRequest maxResults(int maxResults) {
        this.maxResults = maxResults;
        return this;
    }

    /** The job's priority, 0 to 10. */
    public SpiderMapsRequest priority(int priority) {
        this.priority = priority;
        return this;
    }

    /** A further payload field, passed through to the API as given. */
    public SpiderMapsRequest with(String field, Object value) {
        fields.put(Objects.requireNonNull(field, "field"), value);
        return this;
    }

    public String searchQuery() {
        return searchQuery;
    }

    public Integer maxResults() {
        return maxResults;
    }

    public Integer priority() {
        return priority;
    }

    /** The payload: the query, max_results when set, and the further fields. */
    public Map<String, Object> payload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("search_query", searchQuery);
        if (maxResults != null) {
            payload.put("max_results", maxResults);
        }
        payload.putAll(fields);
        return payload;
    }

    @Override
    public String toString() {
        return "SpiderMapsRequest[" + searchQuery + (maxResults != null ? ", max " + maxResults : "") + "]";
    }
}
