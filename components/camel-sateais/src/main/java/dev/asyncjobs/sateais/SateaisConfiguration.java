package dev.asyncjobs.sateais;

import java.util.Set;

import dev.asyncjobs.engine.camel.AsyncJobConfiguration;
import dev.asyncjobs.sateais.api.DetectionType;
import dev.asyncjobs.sateais.api.SateaisClient;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** The options of a {@code sateais:} endpoint (and, as defaults, of the component). */
@Configurer
@UriParams
public class SateaisConfiguration extends AsyncJobConfiguration {

    private static final Set<String> OPERATIONS = namesOf(SateaisOperations.class);

    @UriParam(defaultValue = SateaisClient.DEFAULT_BASE_URL,
              description = "The SateAIs API base URL; point it at the simulator in tests.")
    private String baseUrl = SateaisClient.DEFAULT_BASE_URL;
    @UriParam(label = "producer", defaultValue = "submit", description = "The operation a producer performs.")
    private SateaisOperations operation = SateaisOperations.submit;
    @UriParam(label = "producer",
              description = "The detection a submit runs; the " + SateaisConstants.JOB_TYPE + " header wins.")
    private DetectionType detectionType;
    @UriParam(label = "producer", description = "listJobs: only jobs with this status.",
              enums = "pending,processing,completed,failed")
    private String listStatus;
    @UriParam(label = "producer", description = "listJobs: how many jobs at most (1 to 30).")
    private Integer listLimit;

    @Override
    public String getBaseUrl() {
        return baseUrl;
    }

    @Override
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public String getOperationName() {
        return operation == null ? null : operation.name();
    }

    @Override
    public Set<String> getOperationNames() {
        return OPERATIONS;
    }

    @Override
    public SateaisConfiguration copy() {
        return (SateaisConfiguration) super.copy();
    }

    public SateaisOperations getOperation() {
        return operation;
    }

    public void setOperation(SateaisOperations operation) {
        this.operation = operation;
    }

    public DetectionType getDetectionType() {
        return detectionType;
    }

    public void setDetectionType(DetectionType detectionType) {
        this.detectionType = detectionType;
    }

    public String getListStatus() {
        return listStatus;
    }

    public void setListStatus(String listStatus) {
        this.listStatus = listStatus;
    }

    public Integer getListLimit() {
        return listLimit;
    }

    public void setListLimit(Integer listLimit) {
        this.listLimit = listLimit;
    }
}
