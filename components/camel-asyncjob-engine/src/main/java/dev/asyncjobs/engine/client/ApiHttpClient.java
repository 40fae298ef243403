package dev.asyncjobs.engine.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.spi.AsyncJobApiException;
import dev.asyncjobs.engine.spi.RateLimitedException;
import dev.asyncjobs.engine.spi.TransientApiException;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.net.URIBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the requests of a vendor's typed API client and reads their answers. The work is split: {@link ApiPath}
 * builds paths from user values, {@link RequestFactory} builds the HTTP request (the API key only for the vendor's
 * origin), this class sends it under the key's budget ({@link RequestPacer}) and follows redirects itself (so the key
 * never goes to object storage), {@link ApiErrors} turns error answers into exceptions with the vendor's own
 * {@link ErrorDecoder}, and {@link RetryAfter} reads the server's pause.
 * <p>
 * The requests the engine makes on its own go through the {@link #forBackground()} view of the client, which leaves
 * the key's reserve to the requests a user's exchange waits on: the kind travels with the client the request is sent
 * through, whatever thread sends it.
 * <p>
 * Free of Camel types: a vendor client built on it can be used and tested on its own.
 */
public final class ApiHttpClient {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHttpClient.class);
    /** The error code of a request not sent because the key's budget had no slot within rateLimitMaxWait. */
    static final String BUDGET_WAIT = "RATE_BUDGET_WAIT";
    private static final int MAX_REDIRECTS = 5;
    private static final ObjectMapper DEFAULT_MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String vendor;
    private final CloseableHttpClient http;
    private final RequestPacer pacer;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final RequestFactory requests;
    private final ApiErrors errors;
    private final RequestListener listener;
    /**
     * One reader per answer type: a reader keeps its root deserializer, where {@code mapper.readValue} looks the type
     * and its deserializer up again on every status request.
     */
    private final java.util.Map<Class<?>, com.fasterxml.jackson.databind.ObjectReader> readers;
    /** Whether requests leave the key's reserve free (see {@link #forBackground()}). */
    private final boolean background;

    /**
     * @param vendor        the vendor's name, used in error messages
     * @param http          the component's pooled client
     * @param baseUrl       the API's base URL, e.g. {@code https://api.spcsft.com}
     * @param authorization the full {@code Authorization} header value (a secret: never logged), or null
     * @param pacer         the request budget of this API key
     * @param errorDecoder  how to read the vendor's error bodies (each vendor has its own; null reads none)
     */
    public ApiHttpClient(String vendor, CloseableHttpClient http, String baseUrl, String authorization,
                         RequestPacer pacer, ErrorDecoder errorDecoder) {
        this(vendor, http, baseUrl, authorization, pacer, errorDecoder, DEFAULT_MAPPER, Clock.systemUTC());
    }

    public ApiHttpClient(String vendor, CloseableHttpClient http, String baseUrl, String authorization,
                         RequestPacer pacer, ErrorDecoder errorDecoder, ObjectMapper mapper, Clock clock) {
        this(vendor, http, baseUrl, authorization, pacer, errorDecoder, mapper, clock, RequestListener.NONE);
    }

    /**
     * @param listener told about every request to the vendor's origin: budget waits, answers and failures (health
     *                 checks and metrics)
     */
    public ApiHttpClient(String vendor, CloseableHttpClient http, String baseUrl, String authorization,
                         RequestPacer pacer, ErrorDecoder errorDecoder, ObjectMapper mapper, Clock clock,
                         RequestListener listener) {
        this.listener = listener != null ? listener : RequestListener.NONE;
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.http = Objects.requireNonNull(http, "http");
        this.pacer = pacer != null ? pacer : RequestPacer.unlimited();
        this.mapper = mapper;
        this.clock = clock;
        this.requests = new RequestFactory(vendor, baseUrl, authorization, mapper);
        this.errors = new ApiErrors(vendor, authorization, errorDecoder != null ? errorDecoder : ErrorDecoder.none(),
                mapper, this.pacer, this.pacer.clock());
        this.readers = new java.util.concurrent.ConcurrentHashMap<>();
        this.background = false;
    }

    /** The background view of a client: the same key, budget, listener and everything else. */
    private ApiHttpClient(ApiHttpClient client) {
        this.listener = client.listener;
        this.vendor = client.vendor;
        this.http = client.http;
        this.pacer = client.pacer;
        this.mapper = client.mapper;
        this.clock = client.clock;
        this.requests = client.requests;
        this.errors = client.errors;
        this.readers = client.readers;
        this.background = true;
    }

    /**
     * This client for the requests the engine makes on its own, that no user's exchange waits on: the follow loop's
     * status checks, adoption and reconciliation lists, results fetched for consumers. Each request sent through it
     * waits while no more than the key's {@link RequestPacer#reserve() reserve} is left of its budget, instead of
     * taking it, from whatever thread it is sent; the budget, the 429 pauses and the listener are this client's.
     */
    public ApiHttpClient forBackground() {
        return background ? this : new ApiHttpClient(this);
    }

    /** Whether this is the {@link #forBackground() background} view: its requests leave the key's reserve free. */
    public boolean isBackground() {
        return background;
    }

    /** The vendor's name. */
    public String vendor() {
        return vendor;
    }

    /** The clock requests and budgets are timed with. */
    public Clock clock() {
        return clock;
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
        ApiResponse response = execute(request);
        try {
            return readers.computeIfAbsent(type, mapper::readerFor).readValue(response.body());
        } catch (IOException e) {
            throw malformed(request, response, e);
        }
    }

    /** Sends a request and reads a JSON answer into the given generic type. */
    public <T> T call(ApiRequest request, TypeReference<T> type) {
        return readJson(request, execute(request), mapper.constructType(type));
    }

    /**
     * Sends a request to the vendor and returns its (2xx or 3xx) answer; any other answer becomes the matching
     * exception (see {@link ApiErrors}): 429 and 503 tell the key's pacer how long to pause when they carry a
     * Retry-After.
     */
    public ApiResponse execute(ApiRequest request) {
        return send(request.method(), requests.target(request.path(), request.query()), request.headers(),
                requests.toEntity(request.body()), null);
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
    public <T> T readJson(ApiRequest request, ApiResponse response, JavaType type) {
        try {
            return mapper.readValue(response.body(), type);
        } catch (IOException e) {
            throw malformed(request, response, e);
        }
    }

    private TransientApiException malformed(ApiRequest request, ApiResponse response, IOException e) {
        return new TransientApiException(vendor, response.status(), "MALFORMED_RESPONSE", null,
                vendor + " " + request + " answered " + response.status() + " with a body that is not the documented JSON: "
                        + e.getMessage(), e);
    }

    /** The body as a JSON tree, or null when it is empty or not JSON (for answers whose status says it all). */
    public JsonNode readTreeOrNull(ApiResponse response) {
        try {
            return response.body().length == 0 ? null : mapper.readTree(response.body());
        } catch (IOException e) {
            return null;
        }
    }

    private ApiResponse follow(String pathOrUrl, OutputStream target) {
        RequestFactory.Target at = requests.target(pathOrUrl, Map.of());
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            ApiResponse response = send("GET", at, Map.of("Accept", "*/*"), null, target);
            String location = response.header("Location");
            if (response.status() / 100 != 3 || location == null) {
                return response;
            }
            URI uri = requests.uriOf(at).resolve(location);
            at = requests.target(uri);
            LOG.debug("{} redirected a download to {}://{}{}", vendor, uri.getScheme(), uri.getAuthority(), uri.getPath());
        }
        throw new AsyncJobApiException(vendor, 0, "TOO_MANY_REDIRECTS", null,
                vendor + " download of " + pathOrUrl + " redirected more than " + MAX_REDIRECTS + " times");
    }

    /**
     * Sends a request; one the vendor refused with 429 is sent again once the key's pause (its Retry-After) is over, as
     * long as that is within {@code rateLimitMaxWait} of the first try: a 429 means the vendor processed nothing, so a
     * repeated submit creates no second job. Nothing else is sent again here.
     */
    private ApiResponse send(String method, RequestFactory.Target target, Map<String, String> headers, HttpEntity entity,
                             OutputStream streamTarget) {
        long giveUpAt = System.nanoTime() + pacer.maxWait().toNanos();
        while (true) {
            try {
                return sendOnce(method, target, headers, entity, streamTarget);
            } catch (RateLimitedException refused) {
                long resumeIn = Duration.between(pacer.clock().instant(), pacer.pausedUntil()).toNanos();
                if (BUDGET_WAIT.equals(refused.getErrorCode()) || !target.vendorOrigin()
                        || entity != null && !entity.isRepeatable()
                        || System.nanoTime() + Math.max(0, resumeIn) > giveUpAt) {
                    throw refused;
                }
                LOG.debug("{} refused {} with 429; sending it again when the key's pause ends", vendor, method);
            }
        }
    }

    private ApiResponse sendOnce(String method, RequestFactory.Target target, Map<String, String> headers,
                                 HttpEntity entity, OutputStream streamTarget) {
        boolean vendorOrigin = target.vendorOrigin();
        ClassicHttpRequest request = requests.build(method, target, headers, entity);
        RequestPacer.Permit permit = null;
        if (vendorOrigin) {
            long waitStart = System.nanoTime();
            try {
                permit = background ? pacer.beginBackground() : pacer.begin();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientApiException(vendor, 0, "INTERRUPTED", null, describe(method, target) + " was interrupted while waiting for the rate limit", e);
            } catch (RequestPacer.BudgetWaitExceededException e) {
                // nothing was sent: the caller (a route, a shared pool) is not held beyond the component's rateLimitMaxWait
                throw new RateLimitedException(vendor, BUDGET_WAIT, null, describe(method, target) + " was not sent: "
                        + e.getMessage() + " of this key's request budget (rateLimitRequests per rateLimitWindow, or a"
                        + " 429 pause); raise rateLimitMaxWait to wait longer", null);
            }
            listener.waitedForBudget(System.nanoTime() - waitStart);
        }
        ApiResponse answer;
        long start = System.nanoTime();
        try {
            answer = http.execute(request, response -> toResponse(response, streamTarget));
        } catch (InterruptedIOException e) {
            if (vendorOrigin) {
                listener.failed(method, "TIMEOUT", e.getMessage(), System.nanoTime() - start);
            }
            throw new TransientApiException(vendor, 0, "TIMEOUT", null, describe(method, target) + " timed out: " + e.getMessage(), e);
        } catch (IOException e) {
            if (vendorOrigin) {
                listener.failed(method, "IO_ERROR", e.getClass().getSimpleName(), System.nanoTime() - start);
            }
            throw new TransientApiException(vendor, 0, "IO_ERROR", null,
                    describe(method, target) + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            // the request counts against the budget until one window after its answer (or failure)
            if (permit != null) {
                permit.close();
            }
        }
        long nanos = System.nanoTime() - start;
        if (vendorOrigin) {
            observeRateLimit(answer);
        }
        if (answer.status() >= 400) {
            AsyncJobApiException error = errors.toException(describe(method, target), answer, vendorOrigin);
            if (vendorOrigin) {
                listener.answered(method, answer.status(), error.getErrorCode(), error.getVendorMessage(), nanos);
            }
            throw error;
        }
        if (vendorOrigin) {
            listener.answered(method, answer.status(), null, null, nanos);
        }
        return answer;
    }

    /** What a request was, for messages: built only when one is needed, not for every request. */
    private String describe(String method, RequestFactory.Target target) {
        return vendor + " " + method + " " + target.describe();
    }

    private static ApiResponse toResponse(ClassicHttpResponse response, OutputStream streamTarget) throws IOException {
        int status = response.getCode();
        Header[] headers = response.getHeaders();
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
        if (answer.status() == 429 || answer.status() == 503) {
            return;
        }
        pacer.onSuccess();
        Integer remaining = parseInt(answer.header("X-RateLimit-Remaining"));
        String reset = answer.header("X-RateLimit-Reset");
        if (remaining != null && reset != null) {
            pacer.observe(remaining, parseReset(reset));
        }
    }

    private Instant parseReset(String value) {
        try {
            long n = Long.parseLong(value.trim());
            // epoch seconds or seconds from now: both forms are in use
            return n > 1_000_000_000L ? Instant.ofEpochSecond(n) : pacer.clock().instant().plusSeconds(n);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The pause a Retry-After header asks for (see {@link RetryAfter}). */
    Duration parseRetryAfter(String value) {
        return RetryAfter.parse(value, pacer.clock());
    }

    private static Integer parseInt(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
