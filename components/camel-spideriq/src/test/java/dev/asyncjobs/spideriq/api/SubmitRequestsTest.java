package dev.asyncjobs.spideriq.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubmitRequestsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    private static JsonNode envelope(SpiderIqJobType type, Object body) {
        JsonNode envelope = SubmitRequests.envelope(type, body, MAPPER);
        SubmitRequests.validate(type, envelope);
        return envelope;
    }

    @Test
    void plainTextIsTheUrlOrTheSearchQuery() throws Exception {
        assertEquals(json("{\"payload\": {\"url\": \"https://example.com\"}}"),
                envelope(SpiderIqJobType.spiderSite, " https://example.com "));
        assertEquals(json("{\"payload\": {\"search_query\": \"coffee shops in Luxembourg\"}}"),
                envelope(SpiderIqJobType.spiderMaps, "coffee shops in Luxembourg"));
    }

    @Test
    void typedRequestsCarryTheirPriorityAndFurtherFields() throws Exception {
        assertEquals(json("{\"payload\": {\"url\": \"https://example.com\", \"max_pages\": 10,"
                        + " \"instructions\": \"find the CEO\"}, \"priority\": 7}"),
                envelope(SpiderIqJobType.spiderSite, SpiderSiteRequest.of("https://example.com").priority(7)
                        .with("max_pages", 10).with("instructions", "find the CEO")));
        assertEquals(json("{\"payload\": {\"search_query\": \"bakeries\", \"max_results\": 100, \"country_code\": \"LU\"}}"),
                envelope(SpiderIqJobType.spiderMaps, SpiderMapsRequest.of("bakeries").maxResults(100)
                        .with("country_code", "LU")));
    }

    @Test
    void aMapOrJsonIsThePayloadUnlessItIsTheWholeBody() throws Exception {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("url", "https://example.com");
        payload.put("crawl_depth", 2);
        assertEquals(json("{\"payload\": {\"url\": \"https://example.com\", \"crawl_depth\": 2}}"),
                envelope(SpiderIqJobType.spiderSite, payload));
        String whole = "{\"payload\": {\"url\": \"https://example.com\"}, \"priority\": 3, \"webhook\": \"x\"}";
        assertEquals(json(whole), envelope(SpiderIqJobType.spiderSite, whole), "the whole body is passed through");
        assertEquals(json(whole), envelope(SpiderIqJobType.spiderSite, whole.getBytes()));
        assertEquals(json(whole), envelope(SpiderIqJobType.spiderSite, json(whole)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "spiderSite|{}|payload.url|payload.url is required",
        "spiderSite|{\"url\": \"ftp://example.com\"}|payload.url|must be an absolute http:// or https:// URL",
        "spiderSite|{\"url\": 42}|payload.url|must be an absolute http:// or https:// URL",
        "spiderSite|{\"payload\": {\"url\": \"https://example.com\"}, \"priority\": 11}|priority|from 0 to 10",
        "spiderSite|{\"payload\": {\"url\": \"https://example.com\"}, \"priority\": 2.5}|priority|from 0 to 10",
        "spiderMaps|{\"max_results\": 5}|payload.search_query|payload.search_query is required",
        "spiderMaps|{\"search_query\": \"cafes\", \"max_results\": 101}|payload.max_results|from 1 to 100",
        "spiderMaps|{\"search_query\": \"cafes\", \"max_results\": 0}|payload.max_results|from 1 to 100",
        "spiderMaps|[1, 2]|body|must be a JSON object",
        "spiderMaps|{not json|body|not valid JSON",
    })
    void wrongRequestsAreRefusedNamingTheField(String type, String body, String field, String message) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> envelope(SpiderIqJobType.valueOf(type), body));
        assertEquals(field, e.getField());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().startsWith("SpiderIQ " + type + " job not submitted"), e.getMessage());
        assertEquals(0, e.getHttpStatus(), "found before sending");
    }

    @Test
    void anEmptyBodyOrATypedRequestOfTheOtherTypeIsRefused() {
        InvalidRequestException empty = assertThrows(InvalidRequestException.class,
                () -> envelope(SpiderIqJobType.spiderSite, null));
        assertTrue(empty.getMessage().contains("the message body is empty"), empty.getMessage());
        InvalidRequestException wrongType = assertThrows(InvalidRequestException.class,
                () -> envelope(SpiderIqJobType.spiderSite, SpiderMapsRequest.of("cafes")));
        assertEquals("jobType", wrongType.getField());
        assertTrue(wrongType.getMessage().contains("set the jobType option"), wrongType.getMessage());
    }
}
