package dev.asyncjobs.spideriq.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A spiderSite job: {@code {"payload": {"url": ..., <further fields>}, "priority": 0-10}}. Only {@code url} and
 * {@code priority} are described on the pages this component follows; any further payload field (crawl limits, AI
 * options...) is added with {@link #with} and passed through to the API as given, unchecked.
 */
public final class SpiderSiteRequest {

    private final String url;
    private Integer priority;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private SpiderSiteRequest(String url) {
        this.url = Objects.requireNonNull(url, "url");
    }

    /** A crawl of this website (an absolute http or https URL). */
    public static SpiderSiteRequest of(String url) {
        return new SpiderSiteRequest(url);
    }

    /** The job's priority, 0 to 10 (higher is processed first; the API's default is 0). */
    public SpiderSiteRequest priority(int priority) {
        this.priority = priority;
        return this;
    }

    /** A further payload field, passed through to the API as given. */
    public SpiderSiteRequest with(String field, Object value) {
        fields.put(Objects.requireNonNull(field, "field"), value);
        return this;
    }

    public String url() {
        return url;
    }

    public Integer priority() {
        return priority;
    }

    /** The payload: the URL and the further fields. */
    public Map<String, Object> payload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("url", url);
        payload.putAll(fields);
        return payload;
    }

    @Override
    public String toString() {
        return "SpiderSiteRequest[" + url + (priority != null ? ", priority " + priority : "") + "]";
    }
}
