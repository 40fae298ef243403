package dev.asyncjobs.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain JDK HTTP calls for tests; never follows redirects so a raw 302 can be checked. */
public final class TestHttp {

    public static final HttpClient CLIENT = newClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestHttp() {
    }

    /** A new HTTP/1.1 client that never follows redirects. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** GET with optional header name/value pairs. */
    public static HttpResponse<String> get(String url, String... headers) {
        return send("GET", url, null, headers);
    }

    /** POST of a JSON body with optional header name/value pairs. */
    public static HttpResponse<String> post(String url, String body, String... headers) {
        return send("POST", url, body, headers);
    }

    /** Any method; throws UncheckedIOException on transport errors. */
    public static HttpResponse<String> send(String method, String url, String body, String... headers) {
        try {
            return sendOrThrow(CLIENT, method, url, body, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #send} but with a given client, letting transport errors through. */
    public static HttpResponse<String> sendOrThrow(HttpClient client, String method, String url, String body,
            String... headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * One GET over a raw socket, returning whatever bytes came back. Used to observe connection resets on GET: the
     * JDK client silently retries an idempotent request once when the connection fails, hiding the fault.
     */
    public static String rawGet(String baseUrl, String path, String... headers) throws IOException {
        URI uri = URI.create(baseUrl);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Parses a response body as JSON. */
    public static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
