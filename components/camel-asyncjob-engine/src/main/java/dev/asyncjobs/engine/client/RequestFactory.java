package dev.asyncjobs.engine.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.InvalidRequestException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.net.URIBuilder;

/**
 * Builds the HTTP requests of one vendor API: resolves a path (built with {@link ApiPath}) or an absolute URL against
 * the base URL, writes the body, and adds the API key only when the target is the vendor's own origin.
 */
final class RequestFactory {

    private final String vendor;
    private final URI baseUri;
    private final String authorization;
    private final ObjectMapper mapper;

    RequestFactory(String vendor, String baseUrl, String authorization, ObjectMapper mapper) {
        this.vendor = vendor;
        this.baseUri = URI.create(stripTrailingSlash(Objects.requireNonNull(baseUrl, "baseUrl")));
        this.authorization = authorization;
        this.mapper = mapper;
    }

    /** The request for a URI, with the API key only when {@code vendorOrigin}. */
    HttpUriRequestBase build(String method, URI uri, Map<String, String> headers, HttpEntity entity,
                             boolean vendorOrigin) {
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
        return request;
    }

    URI resolve(String pathOrUrl, Map<String, String> query) {
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

    boolean isVendorOrigin(URI uri) {
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
