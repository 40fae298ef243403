package dev.asyncjobs.pixxel.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of {@code PUT .../jobs/{job_id}/download} (and of a task's download): a download request that is
 * {@code pending} until its file is ready, then {@code ready} with a signed URL. The signed URL is a credential of its
 * own until it expires: it is left out of {@link #toString()}.
 *
 * @param id        the download request's id
 * @param status    pending or ready
 * @param signedUrl where to fetch the file once ready (without the API key)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PixxelDownload(
        @JsonProperty("id") String id,
        @JsonProperty("status") String status,
        @JsonProperty("signed_url") String signedUrl) {

    /** Whether the file can be fetched. */
    public boolean ready() {
        return "ready".equalsIgnoreCase(status) && signedUrl != null && !signedUrl.isBlank();
    }

    @Override
    public String toString() {
        return "PixxelDownload[id=" + id + ", status=" + status
               + (signedUrl != null ? ", signed_url=(hidden)" : "") + "]";
    }
}
