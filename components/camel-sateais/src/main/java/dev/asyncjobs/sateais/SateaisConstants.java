package dev.asyncjobs.sateais;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import org.apache.camel.spi.Metadata;

/**
 * The headers of the {@code sateais:} component: the common async job headers (the detection type travels in
 * {@link AsyncJobConstants#JOB_TYPE}) and SateAIs' own.
 */
public final class SateaisConstants extends AsyncJobConstants {

    @Metadata(label = "producer", description = "The status filter of listJobs; overrides the listStatus option.",
              javaType = "String")
    public static final String LIST_STATUS = "CamelSateaisListStatus";
    @Metadata(label = "producer", description = "The limit of listJobs (at most 30); overrides the listLimit option.",
              javaType = "Integer")
    public static final String LIST_LIMIT = "CamelSateaisListLimit";

    private SateaisConstants() {
    }
}
