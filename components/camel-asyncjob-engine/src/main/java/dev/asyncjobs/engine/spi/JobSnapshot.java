package dev.asyncjobs.engine.spi;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one status request told about a job, in vendor-neutral terms, together with the vendor's own typed job object.
 * The engine compares snapshots to detect transitions; routes receive the typed job as the message body and the
 * neutral fields as headers.
 */
public final class JobSnapshot {

    private final String jobId;
    private final String status;
    private final JobPhase phase;
    private final Double progress;
    private final String errorCode;
    private final String errorMessage;
    private final Object job;
    private final String detail;
    private final Duration expectedRemaining;
    private final Map<String, Object> vendorHeaders;
    private final java.time.Instant changedAt;
    private final java.time.Instant observedAt;

    private JobSnapshot(Builder b) {
        this.jobId = Objects.requireNonNull(b.jobId, "jobId");
        this.status = b.status;
        this.phase = Objects.requireNonNull(b.phase, "phase");
        this.progress = b.progress;
        this.errorCode = b.errorCode;
        this.errorMessage = b.errorMessage;
        this.job = b.job;
        this.detail = b.detail;
        this.expectedRemaining = b.expectedRemaining;
        this.vendorHeaders = b.vendorHeaders == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(b.vendorHeaders));
        this.changedAt = b.changedAt;
        this.observedAt = java.time.Instant.now();
    }

    /** Starts a snapshot of the given job whose vendor status maps to a phase through the mapping. */
    public static Builder builder(String jobId, String status, StatusMapping mapping) {
        return new Builder(jobId, status, mapping.phaseOf(status));
    }

    /** The snapshot reported for a job the API answers 404 for: it is emitted once and then dropped. */
    public static JobSnapshot notFound(String jobId, String errorCode, String errorMessage) {
        Builder b = new Builder(jobId, "NOT_FOUND", JobPhase.NOT_FOUND);
        b.errorCode = errorCode;
        b.errorMessage = errorMessage;
        return b.build();
    }

    public String jobId() {
        return jobId;
    }

    /** The vendor's status string, verbatim. */
    public String status() {
        return status;
    }

    public JobPhase phase() {
        return phase;
    }

    public boolean terminal() {
        return phase.isTerminal();
    }

    /** Progress in percent (0-100), or null where the API does not report it. */
    public Double progress() {
        return progress;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage;
    }

    /** The vendor's typed job object (the message body). */
    public Object job() {
        return job;
    }

    /**
     * A fingerprint of finer-grained state than the status (progress, task statuses), or null. When the consumer is
     * asked to emit on progress, a change of this value is a transition too.
     */
    public String detail() {
        return detail;
    }

    /** How long the vendor expects the job still to run, or null when it gives no estimate. */
    public Duration expectedRemaining() {
        return expectedRemaining;
    }

    /**
     * When the vendor says the job last changed (its {@code updated_at}), or null when it does not say: the detection
     * lag meter measures from here, else from {@link #observedAt()}.
     */
    public java.time.Instant changedAt() {
        return changedAt;
    }

    /** When this snapshot was built from the vendor's answer (real time). */
    public java.time.Instant observedAt() {
        return observedAt;
    }

    /** Extra, vendor-specific headers to put on exchanges about this job. */
    public Map<String, Object> vendorHeaders() {
        return vendorHeaders;
    }

    @Override
    public String toString() {
        return "Job[" + jobId + " " + status + " (" + phase + ")" + (progress != null ? " " + progress + "%" : "") + "]";
    }

    /** Builds a {@link JobSnapshot}. */
    public static final class Builder {
        private final String jobId;
        private final String status;
        private final JobPhase phase;
        private Double progress;
        private String errorCode;
        private String errorMessage;
        private Object job;
        private String detail;
        private Duration expectedRemaining;
        /** Made on the first header: most answers carry none, and one is built per status request. */
        private Map<String, Object> vendorHeaders;
        private java.time.Instant changedAt;

        private Builder(String jobId, String status, JobPhase phase) {
            this.jobId = jobId;
            this.status = status;
            this.phase = phase;
        }

        public Builder progress(Double percent) {
            this.progress = percent;
            return this;
        }

        public Builder error(String code, String message) {
            this.errorCode = code;
            this.errorMessage = message;
            return this;
        }

        public Builder job(Object job) {
            this.job = job;
            return this;
        }

        public Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        public Builder expectedRemaining(Duration remaining) {
            this.expectedRemaining = remaining;
            return this;
        }

        /** When the vendor says the job last changed (its updated_at), if it says. */
        public Builder changedAt(java.time.Instant changedAt) {
            this.changedAt = changedAt;
            return this;
        }

        /**
         * When the vendor says the job last changed, from its ISO 8601 text ({@code 2026-03-12T15:00:00Z}, with an
         * offset, or without one, read as UTC); null or unreadable text leaves it unknown.
         */
        public Builder changedAt(String iso8601) {
            this.changedAt = Timestamps.parse(iso8601);
            return this;
        }

        /** Adds a vendor-specific header; null values are skipped. */
        public Builder header(String name, Object value) {
            if (value != null) {
                if (vendorHeaders == null) {
                    vendorHeaders = new LinkedHashMap<>();
                }
                vendorHeaders.put(name, value);
            }
            return this;
        }

        public JobSnapshot build() {
            return new JobSnapshot(this);
        }
    }
}
