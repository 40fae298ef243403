package dev.asyncjobs.engine.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.AsyncJobApiException;
import dev.asyncjobs.engine.AuthenticationException;
import dev.asyncjobs.engine.GoneException;
import dev.asyncjobs.engine.InvalidRequestException;
import dev.asyncjobs.engine.NotFoundException;
import dev.asyncjobs.engine.RateLimitedException;
import dev.asyncjobs.engine.TransientApiException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.net.URIBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP and JSON plumbing every vendor's typed API client stands on: it resolves paths against the base URL, adds
 * the API key in the vendor's header form, keeps requests under the key's budget ({@link RequestPacer}), turns error
 * answers into the engine's exceptions, and follows redirects itself so that the API key is only ever sent to the
 * vendor's own origin (a SateAIs result redirects to object storage, which must not see it).
 * <p>
 * Free of Camel types: a vendor client built on it can be used and tested on its own.
 */
public final class ApiHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHttpClient.class);
    private static final int MAX_REDIRECTS = 5;
    private static final ObjectMapper DEFAULT_MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String vendor;
    private final CloseableHttpClient http;
    private final URI baseUri;
    private final String authorization;
    private final RequestPacer pacer;
    private final ErrorDecoder errorDecoder;
    private final ObjectMapper mapper;
    private final Clock clock;

    /**
     * @param vendor        the vendor's name, used in error messages
     * @param http          the component's pooled client
     * @param baseUrl       the API's base URL, e.g. {@code https://api.spcsft.com}
     * @param authorization the full {@code Authorization} header value (a secret: never logged), or null
     * @param pacer         the request budget of this API key
     * @param errorDecoder  how to read the vendor's error bodies
     */
    public ApiHttpClient(String vendor, CloseableHttpClient http, String baseUrl, String authorization,
                         RequestPacer pacer, ErrorDecoder errorDecoder) {
        this(vendor, http, baseUrl, authorization, pacer, errorDecoder, DEFAULT_MAPPER, Clock.systemUTC());
    }

    public ApiHttpClient(String vendor, CloseableHttpClient http, String baseUrl, String authorization,
                         RequestPacer pacer, ErrorDecoder errorDecoder, ObjectMapper mapper, Clock clock) {
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.http = Objects.requireNonNull(http, "http");
        this.baseUri = URI.create(stripTrailingSlash(Objects.requireNonNull(baseUrl, "baseUrl")));
        this.authorization = authorization;
        this.pacer = pacer != null ? pacer : RequestPacer.unlimited();
        this.errorDecoder = errorDecoder != null ? errorDecoder : ErrorDecoder.standard();
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The vendor's name. */
    public String vendor() {
        return vendor;
    }

    /** The mapper used for request and response bodies. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** The request budget of this client's API key. */
    public RequestPacer pacer() {
        return pacer;
    }

    /** Sends a request and reads a JSON answer into the given type. */
    public <T> T call(ApiRequest request, Class<T> type) {
        return readJson(request, execute(request), mapper.constructType(type));
    }

    /** Sends a request and reads a JSON answer into the given generic type. */
    public <T> T call(ApiRequest request, TypeReference<T> type) {
        return readJson(request, execute(request), mapper.constructType(type));
    }

    /**
     * Sends a request to the vendor and returns its (2xx or 3xx) answer; any other answer becomes the matching
     * exception: 429 {@link RateLimitedException}, 401/403 {@link AuthenticationException}, 404
     * {@link NotFoundException}, 410 {@link GoneException}, other 4xx {@link InvalidRequestException}, 5xx and I/O
     * failures {@link TransientApiException}.
     */
    public ApiResponse execute(ApiRequest request) {
        URI uri = resolve(request.path(), request.query());
        return send(request.method(), uri, request.headers(), toEntity(request.body()), isVendorOrigin(uri), null);
    }

    /**
     * Downloads a path or URL, following redirects. The API key goes only to the vendor's origin: a redirect to
     * another host (object storage with a presigned URL) is followed without it.
     */
    public ApiResponse download(String pathOrUrl) {
        return follow(pathOrUrl, null);
    }

    /**
     * Like {@link #download(String)} but streams the final body to {@code target} instead of holding it in memory;
     * the returned response has an empty body.
     */
    public ApiResponse downloadTo(String pathOrUrl, OutputStream target) {
        return follow(pathOrUrl, Objects.requireNonNull(target, "target"));
    }

    /** Parses a JSON body; a body that is not JSON is a transient failure of that request, not a lost job. */
    public <T> T readJson(ApiRequest request, ApiResponse response, com.fasterxml.jackson.databind.JavaType type) {
        try {
            return mapper.readValue(response.body(), type);
        } catch (IOException e) {
            throw new TransientApiException(vendor, response.status(), "MALFORMED_RESPONSE", null,
                    vendor + " " + request + " answered " + response.status() + " with a body that is not the documented JSON: "
                            + e.getMessage(), e);
        }
    }

    private ApiResponse follow(String pathOrUrl, OutputStream target) {
        URI uri = resolve(pathOrUrl, Map.of());
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            boolean vendorOrigin = isVendorOrigin(uri);
            ApiResponse response = send("GET", uri, Map.of("Accept", "*/*"), null, vendorOrigin, target);
            String location = response.header("Location");
            if (response.status() / 100 != 3 || location == null) {
                return response;
            }
            uri = uri.resolve(location);
            LOG.debug("{} redirected a download to {}://{}{}", vendor, uri.getScheme(), uri.getAuthority(), uri.getPath());
        }
        throw new AsyncJobApiException(vendor, 0, "TOO_MANY_REDIRECTS", null,
                vendor + " download of " + pathOrUrl + " redirected more than " + MAX_REDIRECTS + " times");
    }

    private ApiResponse send(String method, URI uri, Map<String, String> headers, HttpEntity entity,
                             boolean vendorOrigin, OutputStream streamTarget) {
        String what = vendor + " " + method + " " + describe(uri);
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        request.setHeader("Accept", "application/json");
        headers.forEach(request::setHeader);
        if (vendorOrigin && authorization != null) {
            request.setHeader("Authorization", authorization);
        } else {
            request.removeHeaders("Authorization");
        }
        if (entity != null) {
            request.setEntity(entity);
        }
        RequestPacer.Permit permit = null;
        if (vendorOrigin) {
            try {
                permit = pacer.begin();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientApiException(vendor, 0, "INTERRUPTED", null, what + " was interrupted while waiting for the rate limit", e);
            }
        }
        ApiResponse answer;
        try {
            answer = http.execute(request, response -> toResponse(response, streamTarget));
        } catch (InterruptedIOException e) {
            throw new TransientApiException(vendor, 0, "TIMEOUT", null, what + " timed out: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TransientApiException(vendor, 0, "IO_ERROR", null,
                    what + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            // the request counts against the budget until one window after its answer (or failure)
            if (permit != null) {
                permit.close();
            }
        }
        if (vendorOrigin) {
            observeRateLimit(answer);
        }
        if (answer.status() >= 400) {
            throw toException(what, answer, vendorOrigin);
        }
        return answer;
    }

    private ApiResponse toResponse(ClassicHttpResponse response, OutputStream streamTarget) throws IOException {
        int status = response.getCode();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header h : response.getHeaders()) {
            headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
        }
        HttpEntity entity = response.getEntity();
        byte[] body = null;
        if (entity != null) {
            if (streamTarget != null && status / 100 == 2) {
                try (InputStream in = entity.getContent()) {
                    in.transferTo(streamTarget);
                }
            } else {
                body = ResponseBodies.read(entity);
            }
        }
        return new ApiResponse(status, headers, body);
    }

    private void observeRateLimit(ApiResponse answer) {
        if (answer.status() == 429) {
            return;
        }
        pacer.onSuccess();
        Integer remaining = parseInt(answer.header("X-RateLimit-Remaining"));
        String reset = answer.header("X-RateLimit-Reset");
        if (remaining != null && reset != null) {
            pacer.observe(remaining, parseReset(reset));
        }
    }

    /** Maps an error answer to the engine's exceptions. */
    private AsyncJobApiException toException(String what, ApiResponse response, boolean vendorOrigin) {
        int status = response.status();
        JsonNode json = null;
        try {
            if (response.body().length > 0) {
                json = mapper.readTree(response.body());
            }
        } catch (IOException e) {
            // not JSON (a proxy's HTML page, S3's XML): no code or message to decode
        }
        ErrorDecoder.DecodedError decoded = vendorOrigin
                ? errorDecoder.decode(status, json) : new ErrorDecoder.DecodedError(null, null);
        String code = redact(decoded.code());
        String message = redact(decoded.message());
        String details = redact(decoded.details());
        String text = what + " answered " + status + (code != null ? " " + code : "")
                + (message != null ? ": " + message : "")
                + (details != null ? " (details: " + abbreviate(details, 300) + ")" : "");
        if (!vendorOrigin) {
            // errors of object storage or other hosts say nothing about the API key or the job
            return status >= 500
                    ? new TransientApiException(vendor, status, code, message, text, null)
                    : new AsyncJobApiException(vendor, status, code, message, text);
        }
        AsyncJobApiException error = switch (status) {
            case 429 -> {
                Duration retryAfter = parseRetryAfter(response.header("Retry-After"));
                pacer.onRateLimited(retryAfter);
                yield new RateLimitedException(vendor, code, message,
                        text + (retryAfter != null ? " (retry after " + retryAfter.toSeconds() + " s)" : ""), retryAfter);
            }
            case 401, 403 -> new AuthenticationException(vendor, status, code, message,
                    text + "; check the apiKey option (its value is not shown)");
            case 404 -> new NotFoundException(vendor, code, message, text);
            case 410 -> new GoneException(vendor, code, message, text);
            default -> status >= 500
                    ? new TransientApiException(vendor, status, code, message, text, null)
                    : new InvalidRequestException(vendor, status, code, message, text, null);
        };
        return details != null ? error.initDetails(details) : error;
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }

    /** Removes the API key from text a server sent back (some echo it in their 401 bodies). */
    private String redact(String text) {
        if (text == null || authorization == null) {
            return text;
        }
        String redacted = text.replace(authorization, "***");
        String credential = authorization.substring(authorization.lastIndexOf(' ') + 1);
        return credential.length() >= 6 ? redacted.replace(credential, "***") : redacted;
    }

    private URI resolve(String pathOrUrl, Map<String, String> query) {
        try {
            URI target = pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://")
                    ? URI.create(pathOrUrl)
                    : URI.create(baseUri + (pathOrUrl.startsWith("/") ? "" : "/") + pathOrUrl);
            if (query.isEmpty()) {
                return target;
            }
            URIBuilder builder = new URIBuilder(target);
            query.forEach(builder::addParameter);
            return builder.build();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw InvalidRequestException.beforeSending(vendor, "path",
                    vendor + " request path '" + pathOrUrl + "' is not a valid URL: " + e.getMessage());
        }
    }

    private boolean isVendorOrigin(URI uri) {
        return Objects.equals(uri.getScheme(), baseUri.getScheme())
                && Objects.equals(lower(uri.getHost()), lower(baseUri.getHost()))
                && port(uri) == port(baseUri);
    }

    private HttpEntity toEntity(Object body) {
        if (body == null) {
            return null;
        }
        if (body instanceof HttpEntity entity) {
            return entity;
        }
        if (body instanceof String text) {
            return new ByteArrayEntity(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), ContentType.APPLICATION_JSON);
        }
        if (body instanceof byte[] bytes) {
            return new ByteArrayEntity(bytes, ContentType.APPLICATION_JSON);
        }
        try {
            return new ByteArrayEntity(mapper.writeValueAsBytes(body), ContentType.APPLICATION_JSON);
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.beforeSending(vendor, "body",
                    vendor + " request body of type " + body.getClass().getName() + " cannot be written as JSON: "
                            + e.getOriginalMessage());
        }
    }

    private Instant parseReset(String value) {
        try {
            long n = Long.parseLong(value.trim());
            // epoch seconds or seconds from now: both forms are in use
            return n > 1_000_000_000L ? Instant.ofEpochSecond(n) : clock.instant().plusSeconds(n);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private static Integer parseInt(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }

    private static String describe(URI uri) {
        return uri.getRawPath() + (uri.getRawQuery() != null && !uri.getRawQuery().contains("Signature")
                ? "?" + uri.getRawQuery() : "");
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
