package dev.asyncjobs.engine.spi;

import java.util.Map;

/**
 * Identifies a remote job well enough to poll it: the vendor's job id, the job type where the vendor has several
 * (a SateAIs detection type, a SpiderIQ job type), and whatever else the vendor's URLs need (a Pixxel workflow id).
 *
 * @param jobId      the vendor's job id
 * @param jobType    the job type, or null when the vendor has only one kind of job
 * @param attributes further path parameters the vendor needs to address the job; never secrets
 */
public record JobRef(String jobId, String jobType, Map<String, String> attributes) {

    public JobRef {
        if (jobId == null || jobId.isBlank()) {
            throw new IllegalArgumentException("jobId must not be blank");
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A reference with only a job id. */
    public static JobRef of(String jobId) {
        return new JobRef(jobId, null, Map.of());
    }

    /** A reference with a job id and a job type. */
    public static JobRef of(String jobId, String jobType) {
        return new JobRef(jobId, jobType, Map.of());
    }

    /** The named attribute, or an error naming it when it is missing. */
    public String requireAttribute(String name) {
        String value = attributes.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("job " + jobId + " has no '" + name + "'; it is needed to address the job");
        }
        return value;
    }
}
