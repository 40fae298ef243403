package dev.asyncjobs.plangrep.api;

import java.util.Map;

/**
 * One entry of the {@code uploads} array that {@code POST /jobs/{jobId}/uploads} answers: where and how to PUT the
 * file's bytes, and the token to hand back on complete.
 *
 * @param documentId  the document id to reference on complete
 * @param uploadMode  {@code direct_put} or {@code multipart}
 * @param uploadUrl   the signed URL to PUT the bytes to (direct_put); a bearer link, never logged
 * @param headers     the headers the PUT must carry (e.g. Content-Type, x-amz-checksum-sha256)
 * @param uploadToken the token proving the PUT on complete
 * @param expiresAt   when the signed URL expires
 */
public record UploadInstruction(String documentId, String uploadMode, String uploadUrl, Map<String, String> headers,
                                String uploadToken, String expiresAt) {

    @Override
    public String toString() {
        return "UploadInstruction[documentId=" + documentId + ", uploadMode=" + uploadMode + ", expiresAt=" + expiresAt
                + "]";
    }
}
