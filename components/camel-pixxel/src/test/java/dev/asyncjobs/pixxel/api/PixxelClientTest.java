package dev.asyncjobs.pixxel.api;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import dev.asyncjobs.engine.spi.TransientApiException;
import dev.asyncjobs.engine.client.ApiHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The shapes the docs leave open: the list answer, the create answer, ids that need encoding. */
class PixxelClientTest {

    private WireMockServer server;
    private CloseableHttpClient http;
    private PixxelClient client;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        http = HttpClients.createDefault();
        client = new PixxelClient(new ApiHttpClient(PixxelClient.VENDOR, http, server.baseUrl(),
                PixxelClient.authorization("pxl_key", null), null, PixxelClient.errorDecoder()));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        server.stop();
    }

    @Test
    void aListIsReadFromAnArrayOrFromJobsDataOrItems() {
        server.stubFor(get(urlPathEqualTo("/v0/workflows/a/jobs")).willReturn(okJson("[{\"id\":\"j1\"}]")));
        server.stubFor(get(urlPathEqualTo("/v0/workflows/b/jobs")).willReturn(okJson("{\"data\":[{\"id\":\"j2\"}],\"total\":1}")));
        server.stubFor(get(urlPathEqualTo("/v0/workflows/c/jobs")).willReturn(okJson("{\"items\":[{\"id\":\"j3\"}]}")));
        server.stubFor(get(urlPathEqualTo("/v0/workflows/d/jobs")).willReturn(okJson("{\"count\":0}")));

        assertEquals(List.of("j1"), client.listJobs("a", null).stream().map(PixxelJob::id).toList());
        assertEquals(List.of("j2"), client.listJobs("b", null).stream().map(PixxelJob::id).toList());
        assertEquals(List.of("j3"), client.listJobs("c", PixxelJobFilter.none()).stream().map(PixxelJob::id).toList());
        assertThrows(TransientApiException.class, () -> client.listJobs("d", null));
    }

    @Test
    void filtersAreSentAsGivenAndBlankOnesLeftOut() {
        server.stubFor(get(urlPathEqualTo("/v0/workflows/a/jobs")).willReturn(okJson("[]")));
        client.listJobs("a", new PixxelJobFilter(" ", "running", null, "2026-03-12"));
        server.verify(getRequestedFor(urlPathEqualTo("/v0/workflows/a/jobs"))
                .withQueryParam("status", equalTo("running")).withQueryParam("created_on", equalTo("2026-03-12"))
                .withoutQueryParam("id").withoutQueryParam("created_by")
                .withHeader("Authorization", equalTo("pxl_key")));
    }

    @Test
    void aCreateAnswerWithoutIdIsAnErrorThatSaysTheJobMayExist() {
        server.stubFor(post(urlPathEqualTo("/v0/workflows/a/jobs")).willReturn(okJson("{\"status\":\"running\"}")));
        TransientApiException e = assertThrows(TransientApiException.class, () -> client.createJob("a", "p", null));
        assertEquals("MALFORMED_RESPONSE", e.getErrorCode());
    }

    @Test
    void idsArePathEncodedAndMissingOnesAreNamed() {
        server.stubFor(get(urlPathEqualTo("/v0/workflows/wf%20x/jobs/j%3F1")).willReturn(okJson("{\"id\":\"j?1\"}")));
        assertEquals("j?1", client.getJob("wf x", "j?1").id());
        assertEquals(1, server.getAllServeEvents().size());
        // a value that would add or climb a path segment is refused, not encoded
        assertEquals("jobId", assertThrows(InvalidRequestException.class, () -> client.getJob("wf", "j/1")).getField());
        assertEquals("workflowId", assertThrows(InvalidRequestException.class, () -> client.getJob("..", "j")).getField());
        assertEquals(1, server.getAllServeEvents().size());
        assertEquals("jobId", assertThrows(InvalidRequestException.class, () -> client.getJob("wf", " ")).getField());
        assertEquals("workflowId", assertThrows(InvalidRequestException.class, () -> client.getJob(null, "j")).getField());
        assertEquals("taskId", assertThrows(InvalidRequestException.class,
                () -> client.requestTaskDownload("wf", "j", null)).getField());
    }

    @Test
    void aDownloadThatIsNotReadyIsNotFetched() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> client.downloadTo(new PixxelDownload("d1", "pending", null), java.io.OutputStream.nullOutputStream()));
        assertEquals("download", e.getField());
        assertEquals(0, server.getAllServeEvents().size());
    }
}
