package dev.asyncjobs.engine.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a vendor's status strings onto {@link JobPhase}s. A status the vendor's documentation does not list is kept
 * verbatim, mapped to {@link JobPhase#UNKNOWN} (not terminal) and logged once: APIs add statuses without notice, and a
 * new status must never crash a route or make the tracker forget a job.
 */
public final class StatusMapping {

    private static final Logger LOG = LoggerFactory.getLogger(StatusMapping.class);

    private final String vendor;
    private final Map<String, JobPhase> phases;
    private final Set<String> reportedUnknown = ConcurrentHashMap.newKeySet();

    private StatusMapping(String vendor, Map<String, JobPhase> phases) {
        this.vendor = vendor;
        this.phases = Collections.unmodifiableMap(phases);
    }

    /** Starts a mapping for the named vendor (used in log lines). */
    public static Builder of(String vendor) {
        return new Builder(vendor);
    }

    /** The phase of a vendor status; {@link JobPhase#UNKNOWN} for a status not in the mapping. */
    public JobPhase phaseOf(String status) {
        if (status == null) {
            return JobPhase.UNKNOWN;
        }
        JobPhase phase = phases.get(status.toLowerCase(Locale.ROOT));
        if (phase == null) {
            if (reportedUnknown.add(status)) {
                LOG.warn("{} reported the undocumented job status '{}'; treating it as not terminal", vendor, status);
            }
            return JobPhase.UNKNOWN;
        }
        return phase;
    }

    /** The documented statuses, in the order they were declared. */
    public Map<String, JobPhase> documented() {
        return phases;
    }

    /** Builds a {@link StatusMapping}. */
    public static final class Builder {
        private final String vendor;
        private final Map<String, JobPhase> phases = new LinkedHashMap<>();

        private Builder(String vendor) {
            this.vendor = vendor;
        }

        /** Maps one documented status (case-insensitive) to a phase. */
        public Builder map(String status, JobPhase phase) {
            phases.put(status.toLowerCase(Locale.ROOT), phase);
            return this;
        }

        public StatusMapping build() {
            return new StatusMapping(vendor, new LinkedHashMap<>(phases));
        }
    }
}
