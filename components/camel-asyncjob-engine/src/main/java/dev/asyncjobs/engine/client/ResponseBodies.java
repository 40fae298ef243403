package dev.asyncjobs.engine.client;

import java.io.IOException;
import java.io.InputStream;

import org.apache.hc.core5.http.HttpEntity;

/** Reads answers' bodies into memory with no more copying than their size needs. */
final class ResponseBodies {

    /** Bodies announced up to this size are read into an array of exactly their length. */
    private static final long EXACT_UP_TO = 1 << 20;

    private ResponseBodies() {
    }

    /**
     * The entity's bytes, or null when it has no content (as {@code EntityUtils.toByteArray}). A status answer of a
     * few hundred bytes with a Content-Length is read into one array of its size; HttpCore's {@code EntityUtils}
     * allocates two 4 KB buffers and a copy for it, which JFR showed as a third of all bytes a consumer allocates per
     * status request.
     */
    static byte[] read(HttpEntity entity) throws IOException {
        try (InputStream in = entity.getContent()) {
            if (in == null) {
                return null;
            }
            long length = entity.getContentLength();
            return length >= 0 && length <= EXACT_UP_TO ? in.readNBytes((int) length) : in.readAllBytes();
        }
    }
}
