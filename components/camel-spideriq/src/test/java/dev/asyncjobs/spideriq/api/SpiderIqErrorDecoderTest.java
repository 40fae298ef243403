package dev.asyncjobs.spideriq.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.client.ErrorDecoder.DecodedError;
import org.junit.jupiter.api.Test;

class SpiderIqErrorDecoderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final SpiderIqErrorDecoder decoder = new SpiderIqErrorDecoder();

    private DecodedError decode(int status, String body) throws Exception {
        return decoder.decode(status, MAPPER.readTree(body));
    }

    @Test
    void readsTheDocumentedDetail() throws Exception {
        DecodedError error = decode(404, "{\"detail\": \"Job not found\"}");
        assertNull(error.code());
        assertEquals("Job not found", error.message());
    }

    @Test
    void turnsFastApiValidationListsIntoOneLine() throws Exception {
        DecodedError error = decode(422, "{\"detail\": [{\"loc\": [\"body\", \"payload\", \"url\"], \"msg\": \"field required\","
                + " \"type\": \"value_error.missing\"}, {\"loc\": [\"body\", \"priority\"], \"msg\": \"ensure this value is less"
                + " than or equal to 10\"}]}");
        assertEquals("body.payload.url: field required; body.priority: ensure this value is less than or equal to 10",
                error.message());
    }

    @Test
    void fallsBackToTheOtherCommonShapes() throws Exception {
        assertEquals("Website unreachable", decode(410, "{\"success\": false, \"error_message\": \"Website unreachable\"}")
                .message());
        assertEquals("RATE_LIMITED", decode(429, "{\"error\": {\"code\": \"RATE_LIMITED\", \"message\": \"slow down\"}}")
                .code());
        assertEquals("Queue full", decode(503, "{\"detail\": {\"message\": \"Queue full\"}}").message());
        assertNull(decoder.decode(502, null).message());
    }
}
