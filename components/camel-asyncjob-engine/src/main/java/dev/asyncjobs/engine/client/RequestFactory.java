package dev.asyncjobs.engine.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.spi.InvalidRequestException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.net.URIBuilder;

/**
 * Builds the HTTP requests of one vendor API: resolves a path (built with {@link ApiPath}) or an absolute URL against
 * the base URL, writes the body, and adds the API key only when the target is the vendor's own origin.
 */
final class RequestFactory {

    private final String vendor;
    private final URI baseUri;
    private final HttpHost baseHost;
    private final String basePath;
    private final String authorization;
    private final ObjectMapper mapper;

    RequestFactory(String vendor, String baseUrl, String authorization, ObjectMapper mapper) {
        this.vendor = vendor;
        this.baseUri = URI.create(stripTrailingSlash(Objects.requireNonNull(baseUrl, "baseUrl")));
        this.baseHost = new HttpHost(baseUri.getScheme(), baseUri.getHost(), baseUri.getPort());
        this.basePath = baseUri.getRawPath() == null ? "" : baseUri.getRawPath();
        this.authorization = authorization;
        this.mapper = mapper;
    }

    /**
     * Where a request goes: a path on the vendor's own origin, kept as text, or an absolute URI (another origin, a
     * query, a redirect). Why the text: a status check is a path on the vendor's origin, and parsing it into a
     * {@code java.net.URI} on every request was about 6% of a poller's CPU in the benchmarks' profile.
     */
    record Target(String path, URI uri, boolean vendorOrigin) {

        /** The path and query, for messages; a presigned URL's signature is left out. */
        String describe() {
            return uri != null ? RequestFactory.describe(uri) : path;
        }
    }

    /** The target of a path (on the base URL) or an absolute URL, with its query. */
    Target target(String pathOrUrl, Map<String, String> query) {
        if (query.isEmpty() && !isAbsolute(pathOrUrl) && isPlainPath(pathOrUrl)) {
            return new Target(basePath + (pathOrUrl.startsWith("/") ? "" : "/") + pathOrUrl, null, true);
        }
        return target(resolve(pathOrUrl, query));
    }

    /** The target as a URI, for resolving a redirect against it (parsed only then when it was kept as a path). */
    URI uriOf(Target target) {
        return target.uri() != null ? target.uri() : baseUri.resolve(target.path());
    }

    /** The target of a URI: the vendor's origin or not. */
    Target target(URI uri) {
        return new Target(null, uri, isVendorOrigin(uri));
    }

    /** The request for a target, with the API key only when it is the vendor's origin. */
    ClassicHttpRequest build(String method, Target target, Map<String, String> headers, HttpEntity entity) {
        ClassicHttpRequest request = target.uri() != null ? new HttpUriRequestBase(method, target.uri())
                : new BasicClassicHttpRequest(method, baseHost, target.path());
        boolean vendorOrigin = target.vendorOrigin();
        request.addHeader("Accept", "application/json");
        headers.forEach(request::setHeader);
        if (vendorOrigin && authorization != null) {
            // a status check has no headers of its own: nothing to replace, no search by name
            if (headers.isEmpty()) {
                request.addHeader("Authorization", authorization);
            } else {
                request.setHeader("Authorization", authorization);
            }
        } else {
            request.removeHeaders("Authorization");
        }
        if (entity != null) {
            request.setEntity(entity);
        }
        return request;
    }

    private URI resolve(String pathOrUrl, Map<String, String> query) {
        try {
            URI target = isAbsolute(pathOrUrl)
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

    private static boolean isAbsolute(String pathOrUrl) {
        return pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://");
    }

    /**
     * Whether a path is made only of what a URI path may hold as it is (RFC 3986: unreserved, sub-delims, ':', '@',
     * '/', and '%' with two hex digits), so it can be sent without parsing; anything else takes the URI route, which
     * refuses what is not a valid URL before sending.
     */
    private static final boolean[] PATH_CHARACTERS = new boolean[128];

    static {
        for (char c : "-._~!$&'()*+,;=:@/".toCharArray()) {
            PATH_CHARACTERS[c] = true;
        }
    }

    static boolean isPlainPath(String path) {
        int n = path.length();
        for (int i = 0; i < n; i++) {
            char c = path.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
                continue;
            }
            if (c == '%') {
                if (i + 2 >= n || Character.digit(path.charAt(i + 1), 16) < 0
                        || Character.digit(path.charAt(i + 2), 16) < 0) {
                    return false;
                }
                i += 2;
                continue;
            }
            if (c >= PATH_CHARACTERS.length || !PATH_CHARACTERS[c]) {
                return false;
            }
        }
        return true;
    }

    private boolean isVendorOrigin(URI uri) {
        return Objects.equals(uri.getScheme(), baseUri.getScheme())
                && Objects.equals(lower(uri.getHost()), lower(baseUri.getHost()))
                && port(uri) == port(baseUri);
    }

    HttpEntity toEntity(Object body) {
        if (body == null) {
            return null;
        }
        if (body instanceof HttpEntity entity) {
            return entity;
        }
        if (body instanceof String text) {
            return new ByteArrayEntity(text.getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON);
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

    /** The path and query of a URI for messages; a presigned URL's signature is left out. */
    static String describe(URI uri) {
        return uri.getRawPath() + (uri.getRawQuery() != null && !uri.getRawQuery().contains("Signature")
                ? "?" + uri.getRawQuery() : "");
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
