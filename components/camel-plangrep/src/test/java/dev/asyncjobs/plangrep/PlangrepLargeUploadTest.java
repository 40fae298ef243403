package dev.asyncjobs.plangrep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that uploads stream: a JVM with a 64 MB heap uploads a 256 MB file, as a multipart form and through the
 * presigned flow (SHA-256 declared first, then a PUT). The receiving side is a small stand-in for the Plangrep API and
 * its object storage that counts and hashes the bytes as they arrive (the WireMock-based simulator holds request
 * bodies in memory, so it cannot take 256 MB in this test's JVM).
 */
class PlangrepLargeUploadTest {

    private static final long SIZE = 256L * 1024 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JOB = "job_0large0upload0test00000";

    @TempDir
    Path dir;

    private HttpServer api;
    private HttpServer storage;
    private final AtomicLong multipartBytes = new AtomicLong();
    private final Map<String, String> declared = new ConcurrentHashMap<>();
    private final Map<String, String> received = new ConcurrentHashMap<>();
    private final AtomicLong putBytes = new AtomicLong();
    private final AtomicLong putsWithAuthorization = new AtomicLong();
    private final AtomicLong completes = new AtomicLong();

    @BeforeEach
    void startSink() throws IOException {
        storage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        storage.createContext("/put/", exchange -> {
            if (exchange.getRequestHeaders().containsKey("Authorization")) {
                putsWithAuthorization.incrementAndGet();
            }
            MessageDigest md = sha256();
            long n = drain(new DigestInputStream(exchange.getRequestBody(), md));
            putBytes.set(n);
            received.put("put", HexFormat.of().formatHex(md.digest()));
            respond(exchange, 200, "");
        });
        storage.start();
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/api/open/v1/jobs/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/files")) {
                // the metadata part comes first: keep the declared SHA-256, count everything
                byte[] head = exchange.getRequestBody().readNBytes(4096);
                String text = new String(head, StandardCharsets.ISO_8859_1);
                int at = text.indexOf("\"sha256\":\"");
                if (at >= 0) {
                    declared.put("multipart", text.substring(at + 10, at + 74));
                }
                multipartBytes.set(head.length + drain(exchange.getRequestBody()));
                respond(exchange, 200, job("uploading"));
            } else if (path.endsWith("/uploads/complete")) {
                completes.incrementAndGet();
                drain(exchange.getRequestBody());
                respond(exchange, 202, job("preflighting"));
            } else if (path.endsWith("/uploads")) {
                JsonNode files = MAPPER.readTree(exchange.getRequestBody()).get("files");
                declared.put("presigned", files.get(0).get("sha256").asText());
                declared.put("presignedSize", files.get(0).get("fileSize").asText());
                String url = "http://127.0.0.1:" + storage.getAddress().getPort() + "/put/doc_1";
                respond(exchange, 200, "{\"job\":" + job("uploading").substring(7, job("uploading").length() - 1)
                        + ",\"uploads\":[{\"documentId\":\"doc_1\",\"uploadMode\":\"direct_put\",\"uploadUrl\":\"" + url
                        + "\",\"uploadHeaders\":{\"Content-Type\":\"application/pdf\"},\"uploadToken\":\"upt_1\"}]}");
            } else {
                respond(exchange, 404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no\"}}");
            }
        });
        api.start();
    }

    @AfterEach
    void stopSink() {
        api.stop(0);
        storage.stop(0);
    }

    @Test
    void a256MegabyteFileIsUploadedByAJvmWithA64MegabyteHeap() throws Exception {
        Path file = dir.resolve("drawing-set.pdf");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(SIZE); // sparse: no disk or memory spent on the zeros
            raf.seek(0);
            raf.write("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
            raf.seek(SIZE / 2);
            raf.write("middle marker".getBytes(StandardCharsets.US_ASCII));
            raf.seek(SIZE - 6);
            raf.write("%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        }
        String expected;
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            drain(in);
        }
        expected = HexFormat.of().formatHex(md.digest());

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", classpath, LargeUploadMain.class.getName(),
                "http://127.0.0.1:" + api.getAddress().getPort() + "/api/open/v1", file.toString(), JOB))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the upload JVM did not finish");
        String output = Files.readString(log);
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("max heap"), output);

        assertTrue(multipartBytes.get() >= SIZE && multipartBytes.get() < SIZE + 4096,
                "the multipart form carried the whole file: " + multipartBytes.get());
        assertEquals(expected, declared.get("multipart"), "the SHA-256 in the metadata was computed over the file");
        assertEquals(expected, declared.get("presigned"));
        assertEquals(Long.toString(SIZE), declared.get("presignedSize"));
        assertEquals(SIZE, putBytes.get());
        assertEquals(expected, received.get("put"), "the PUT carried exactly the file's bytes");
        assertEquals(0, putsWithAuthorization.get(), "the API key never went to storage");
        assertEquals(2, completes.get());
    }

    private static String job(String status) {
        return "{\"job\":{\"id\":\"" + JOB + "\",\"status\":\"" + status + "\",\"projectId\":\"proj_1\"}}";
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
        }
        return total;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
