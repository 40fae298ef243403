package dev.asyncjobs.engine.client;

import java.util.Map;
import java.util.stream.Stream;

import dev.asyncjobs.engine.spi.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiPathTest {

    private static final ApiPath RESULT = ApiPath.of("/api/v1/jobs/{jobId}/result.geojson");

    @Test
    void expandsEachValueAsOneEncodedSegment() {
        assertEquals("/api/v1/jobs/351e635d-7c25/result.geojson", RESULT.expand("Acme", "351e635d-7c25"));
        assertEquals("/api/v1/jobs/a%20b%3Fc%23d%25e/result.geojson", RESULT.expand("Acme", "a b?c#d%e"));
        assertEquals("/v0/workflows/w%C3%A9/jobs/j.1~_",
                ApiPath.of("/v0/workflows/{workflowId}/jobs/{jobId}").expand("Acme", Map.of("workflowId", "wé", "jobId", "j.1~_")));
    }

    static Stream<Arguments> impossibleIds() {
        return Stream.of(
                Arguments.of("x/../../detect/ship", "contains '/'"),
                Arguments.of("..", "is '..'"),
                Arguments.of(".", "is '.'"),
                Arguments.of("a\\b", "contains '\\'"),
                Arguments.of("a\nb", "control character"),
                Arguments.of("a\u0000b", "control character"),
                Arguments.of("", "is missing"),
                Arguments.of("   ", "is missing"),
                Arguments.of(" id", "white space"),
                Arguments.of("x".repeat(201), "at most 200"));
    }

    @ParameterizedTest
    @MethodSource("impossibleIds")
    void refusesValuesThatCannotBeAnId(String id, String problem) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> RESULT.expand("Acme", id));
        assertEquals("jobId", e.getField());
        assertEquals(0, e.getHttpStatus());
        assertTrue(e.getMessage().contains("jobId") && e.getMessage().contains(problem), e.getMessage());
    }
}
