package dev.asyncjobs.plangrep.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

import org.apache.hc.client5.http.entity.mime.ByteArrayBody;
import org.apache.hc.client5.http.entity.mime.ContentBody;
import org.apache.hc.client5.http.entity.mime.FileBody;
import org.apache.hc.client5.http.entity.mime.InputStreamBody;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.FileEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;

/**
 * One file to upload to a job: a file on disk, bytes in memory, or a stream read once. Files and streams are never
 * read whole into memory: the SHA-256 of a file is computed by streaming it, and the request bodies stream from disk.
 * A stream that must be hashed before it is sent (the presigned flow declares the digest first) is spooled to a
 * temporary file, hashing while it is written.
 */
public final class UploadFile {

    private static final int BUFFER = 64 * 1024;

    private final String fileName;
    private final String contentType;
    private final String classification;
    private final Path path;
    private final byte[] bytes;
    private final InputStream stream;
    private final boolean temporary;
    private String sha256;

    private UploadFile(String fileName, String contentType, String classification, Path path, byte[] bytes,
                       InputStream stream, boolean temporary, String sha256) {
        if (fileName == null || fileName.isBlank()) {
            throw new IllegalArgumentException("an upload needs a file name");
        }
        this.fileName = fileName;
        this.contentType = contentType != null && !contentType.isBlank() ? contentType : guessContentType(fileName);
        this.classification = classification;
        this.path = path;
        this.bytes = bytes;
        this.stream = stream;
        this.temporary = temporary;
        this.sha256 = sha256;
    }

    /** A file on disk, named after it; the content type is guessed from its name when null. */
    public static UploadFile of(Path path, String contentType) {
        Objects.requireNonNull(path, "path");
        return new UploadFile(path.getFileName().toString(), contentType, null, path, null, null, false, null);
    }

    /** Bytes in memory under a file name. */
    public static UploadFile of(String fileName, byte[] content, String contentType) {
        return new UploadFile(fileName, contentType, null, null, Objects.requireNonNull(content, "content"), null, false,
                null);
    }

    /** A stream read once, under a file name. */
    public static UploadFile of(String fileName, InputStream content, String contentType) {
        return new UploadFile(fileName, contentType, null, null, null, Objects.requireNonNull(content, "content"), false,
                null);
    }

    /** This file with a classification hint (plans, specifications, documents, addenda, mixed, other). */
    public UploadFile withClassification(String newClassification) {
        return new UploadFile(fileName, contentType, newClassification, path, bytes, stream, temporary, sha256);
    }

    public String fileName() {
        return fileName;
    }

    public String contentType() {
        return contentType;
    }

    public String classification() {
        return classification;
    }

    /** The file on disk, or null for bytes and streams. */
    public Path path() {
        return path;
    }

    /** Whether this is a stream that can be read only once. */
    public boolean isStream() {
        return stream != null;
    }

    /** The size in bytes, or -1 for a stream. */
    public long size() {
        if (bytes != null) {
            return bytes.length;
        }
        if (path != null) {
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of " + path, e);
            }
        }
        return -1;
    }

    /** The lowercase hex SHA-256 of the content, computed by streaming a file (not available for a stream). */
    public synchronized String sha256() {
        if (sha256 == null) {
            if (bytes != null) {
                sha256 = HexFormat.of().formatHex(digest().digest(bytes));
            } else if (path != null) {
                MessageDigest md = digest();
                try (InputStream in = new DigestInputStream(Files.newInputStream(path), md)) {
                    byte[] buffer = new byte[BUFFER];
                    while (in.read(buffer) != -1) {
                        // the digest is updated as the file streams through
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + path, e);
                }
                sha256 = HexFormat.of().formatHex(md.digest());
            } else {
                throw new IllegalStateException("the SHA-256 of a stream is known only once it is spooled");
            }
        }
        return sha256;
    }

    /**
     * A file that can be hashed and sent: this one, or for a stream a temporary copy on disk (hashed while it is
     * written); {@link #discard()} removes such a copy.
     */
    public UploadFile spooled() {
        if (stream == null) {
            return this;
        }
        try {
            Path tmp = Files.createTempFile("plangrep-upload-", ".part");
            MessageDigest md = digest();
            try (InputStream in = new DigestInputStream(stream, md); OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            return new UploadFile(fileName, contentType, classification, tmp, null, null, true,
                    HexFormat.of().formatHex(md.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool the upload " + fileName + " to a temporary file", e);
        }
    }

    /** Removes the temporary copy made by {@link #spooled()}, if this is one. */
    public void discard() {
        if (temporary && path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a temp file left behind is not worth failing the exchange for
            }
        }
    }

    /** The part of a multipart form: streamed from disk or the stream, never copied into memory. */
    public ContentBody toContentBody() {
        ContentType type = ContentType.create(contentType);
        if (path != null) {
            return new FileBody(path.toFile(), type, fileName);
        }
        if (bytes != null) {
            return new ByteArrayBody(bytes, type, fileName);
        }
        return new InputStreamBody(stream, type, fileName);
    }

    /** The body of a PUT to a signed URL: streamed, with its length (object storage refuses chunked PUTs). */
    public HttpEntity toEntity() {
        ContentType type = ContentType.create(contentType);
        if (path != null) {
            return new FileEntity(path.toFile(), type);
        }
        if (bytes != null) {
            return new ByteArrayEntity(bytes, type);
        }
        return new InputStreamEntity(stream, -1, type);
    }

    @Override
    public String toString() {
        return "UploadFile[" + fileName + ", " + contentType + (size() >= 0 ? ", " + size() + " bytes" : ", stream") + "]";
    }

    private static String guessContentType(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".pdf")) {
            return "application/pdf";
        }
        String guessed = URLConnection.guessContentTypeFromName(fileName);
        return guessed != null ? guessed : "application/octet-stream";
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
