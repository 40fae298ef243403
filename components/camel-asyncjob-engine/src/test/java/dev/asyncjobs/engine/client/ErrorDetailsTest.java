package dev.asyncjobs.engine.client;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optional {@code details} of an {"error": {...}} envelope reach the exception. */
class ErrorDetailsTest {

    private WireMockServer server;
    private CloseableHttpClient http;
    private ApiHttpClient client;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        http = HttpClients.createDefault();
        client = new ApiHttpClient("Test", http, server.baseUrl(), "secret-key", null, ErrorDecoder.errorObject());
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        server.stop();
    }

    private void answer(String path, int status, String body) {
        server.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void textAndJsonDetailsAreKeptAndShownInTheMessage() {
        answer("/text", 400, "{\"error\": {\"code\": \"BAD_REQUEST\", \"details\": \"project_id is missing\","
                + " \"message\": \"Invalid request\"}}");
        answer("/json", 400, "{\"error\": {\"code\": \"BAD_REQUEST\", \"details\": {\"field\": \"created_on\"},"
                + " \"message\": \"Invalid filter\"}}");

        AsyncJobApiException text = assertThrows(AsyncJobApiException.class, () -> client.execute(ApiRequest.get("/text")));
        assertInstanceOf(InvalidRequestException.class, text);
        assertEquals("BAD_REQUEST", text.getErrorCode());
        assertEquals("Invalid request", text.getVendorMessage());
        assertEquals("project_id is missing", text.getDetails());
        assertTrue(text.getMessage().contains("details: project_id is missing"), text.getMessage());

        AsyncJobApiException json = assertThrows(AsyncJobApiException.class, () -> client.execute(ApiRequest.get("/json")));
        assertEquals("{\"field\":\"created_on\"}", json.getDetails());
    }

    @Test
    void envelopesWithoutDetailsHaveNone() {
        answer("/plain", 403, "{\"error\": {\"code\": \"FORBIDDEN\", \"message\": \"No access\"}}");
        answer("/null", 404, "{\"error\": {\"code\": \"NOT_FOUND\", \"details\": null, \"message\": \"Gone\"}}");

        AsyncJobApiException plain = assertThrows(AsyncJobApiException.class, () -> client.execute(ApiRequest.get("/plain")));
        assertNull(plain.getDetails());
        assertTrue(!plain.getMessage().contains("details"), plain.getMessage());
        assertNull(assertThrows(AsyncJobApiException.class, () -> client.execute(ApiRequest.get("/null"))).getDetails());
    }

    @Test
    void detailsAreSetOnlyOnce() {
        AsyncJobApiException e = new AsyncJobApiException("Test", 400, "X", "m", "msg").initDetails("d");
        assertThrows(IllegalStateException.class, () -> e.initDetails("other"));
    }
}
