package dev.asyncjobs.simulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** An S3-like object storage host on its own port, serving objects only through presigned URLs. */
// Like S3, a request that also carries an Authorization header is refused (400 InvalidArgument); presigned URLs
// expire on the simulated clock, so advancing it also expires URLs handed out earlier.
public final class ObjectStorageSimulator implements AutoCloseable {

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter AMZ_DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final String ACCESS_KEY_ID = "ASIASIMULATOR0EXAMPLE";

    private final SimulatorClock clock;
    private final SimulatedHttpServer server;
    private final byte[] signingKey = new byte[32];
    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();

    private record StoredObject(byte[] content, String contentType) {
    }

    /** Starts a storage host on a random free port of 127.0.0.1; presigned URLs expire on {@code clock}. */
    public ObjectStorageSimulator(SimulatorClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        new SecureRandom().nextBytes(signingKey);
        this.server = new SimulatedHttpServer("object-storage", 0, this::handle, ObjectStorageSimulator::s3Error);
    }

    /** Base URL, e.g. "http://127.0.0.1:PORT". */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** Stores (or replaces) an object under {@code key}, e.g. "bucket/path/file.geojson". */
    public void putObject(String key, byte[] content, String contentType) {
        objects.put(normalise(key), new StoredObject(content.clone(), contentType));
    }

    /** Stores an object only when none exists under {@code key} yet. */
    public void putObjectIfAbsent(String key, byte[] content, String contentType) {
        objects.putIfAbsent(normalise(key), new StoredObject(content.clone(), contentType));
    }

    /** The stored bytes under {@code key}, or null. */
    public byte[] object(String key) {
        StoredObject o = objects.get(normalise(key));
        return o == null ? null : o.content().clone();
    }

    /** Removes the object under {@code key}, if any. */
    public void deleteObject(String key) {
        objects.remove(normalise(key));
    }

    /** A presigned URL (SigV4 query-string style) allowing {@code method} on {@code key} for {@code expiresIn}. */
    public String presignedUrl(String method, String key, Duration expiresIn) {
        String path = "/" + normalise(key);
        Instant now = clock.now().truncatedTo(ChronoUnit.SECONDS);
        String date = AMZ_DATE.format(now);
        String expires = Long.toString(expiresIn.toSeconds());
        String credential = ACCESS_KEY_ID + "/" + AMZ_DAY.format(now) + "/us-east-1/s3/aws4_request";
        return baseUrl() + path
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=" + URLEncoder.encode(credential, StandardCharsets.UTF_8)
                + "&X-Amz-Date=" + date
                + "&X-Amz-Expires=" + expires
                + "&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=" + sign(method.toUpperCase(Locale.ROOT), path, date, expires);
    }

    /** Faults for the storage host (errors in S3's XML format). */
    public FaultInjector faults() {
        return server.faults();
    }

    /** The most recent requests received by the storage host. */
    public List<RecordedRequest> requests() {
        return server.journal().snapshot();
    }

    /** Number of requests received by the storage host. */
    public int requestCount() {
        return server.journal().count(null, null);
    }

    /** Number of requests received by the storage host that carried an Authorization header. */
    public int requestsWithAuthorization() {
        return (int) requests().stream().filter(r -> r.hasHeader("Authorization")).count();
    }

    /** Forgets objects, journal and faults. */
    public void reset() {
        objects.clear();
        server.reset();
    }

    @Override
    public void close() {
        server.close();
    }

    private SimulatorResponse handle(RecordedRequest request) {
        // S3 refuses a request authenticated twice; this is what a client that forwards the API key gets.
        if (request.hasHeader("Authorization")) {
            return s3Error(400, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query "
                    + "parameter, Signature query string parameter or the Authorization header should be specified");
        }
        String signature = request.queryParam("X-Amz-Signature");
        String date = request.queryParam("X-Amz-Date");
        String expires = request.queryParam("X-Amz-Expires");
        if (signature == null || date == null || expires == null) {
            return s3Error(403, "AccessDenied", "Access Denied");
        }
        String expected = sign(request.method(), request.path(), date, expires);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8))) {
            return s3Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the "
                    + "signature you provided. Check your key and signing method.");
        }
        try {
            Instant expiry = AMZ_DATE.parse(date, Instant::from).plusSeconds(Long.parseLong(expires));
            if (!clock.now().isBefore(expiry)) {
                return s3Error(403, "AccessDenied", "Request has expired");
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            return s3Error(403, "AccessDenied", "Access Denied");
        }
        String key = request.path().substring(1);
        switch (request.method()) {
            case "GET":
            case "HEAD": {
                StoredObject o = objects.get(key);
                if (o == null) {
                    return s3Error(404, "NoSuchKey", "The specified key does not exist.");
                }
                SimulatorResponse r = SimulatorResponse.body(200, o.contentType(), o.content())
                        .withHeader("ETag", etag(o.content()));
                // HEAD: same headers, no body (Jetty would otherwise send one)
                return "HEAD".equals(request.method()) ? r.withBody(null) : r;
            }
            case "PUT": {
                String type = request.header("Content-Type");
                byte[] content = request.bodyBytes();
                objects.put(key, new StoredObject(content, type == null ? "application/octet-stream" : type));
                return SimulatorResponse.status(200).withHeader("ETag", etag(content));
            }
            default:
                return s3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
        }
    }

    private String sign(String method, String path, String date, String expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            String canonical = method + "\n" + path + "\n" + date + "\n" + expires;
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String etag(byte[] content) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)) + "\"";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String normalise(String key) {
        return key.startsWith("/") ? key.substring(1) : key;
    }

    private static SimulatorResponse s3Error(int status, String message) {
        String code = switch (status) {
            case 403 -> "AccessDenied";
            case 404 -> "NoSuchKey";
            case 429, 503 -> "SlowDown";
            default -> status >= 500 ? "InternalError" : "InvalidRequest";
        };
        return s3Error(status, code, status == 429 ? "Please reduce your request rate." : message);
    }

    private static SimulatorResponse s3Error(int status, String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + message + "</Message><RequestId>" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                + "</RequestId></Error>";
        return SimulatorResponse.body(status, "application/xml", xml);
    }
}
