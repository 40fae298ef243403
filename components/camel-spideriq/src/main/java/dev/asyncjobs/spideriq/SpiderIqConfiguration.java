package dev.asyncjobs.spideriq;

import java.util.Set;

import dev.asyncjobs.engine.camel.AsyncJobConfiguration;
import dev.asyncjobs.spideriq.api.SpiderIqClient;
import dev.asyncjobs.spideriq.api.SpiderIqJobType;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** The options of a {@code spideriq:} endpoint (and, as defaults, of the component). */
@Configurer
@UriParams
public class SpiderIqConfiguration extends AsyncJobConfiguration {

    private static final Set<String> OPERATIONS = namesOf(SpiderIqOperations.class);

    @UriParam(defaultValue = SpiderIqClient.DEFAULT_BASE_URL,
              description = "The SpiderIQ API base URL; point it at the simulator in tests.")
    private String baseUrl = SpiderIqClient.DEFAULT_BASE_URL;
    @UriParam(label = "producer", defaultValue = "submit", description = "The operation a producer performs.")
    private SpiderIqOperations operation = SpiderIqOperations.submit;
    @UriParam(label = "producer",
              description = "The job a submit creates (spiderSite or spiderMaps); the " + SpiderIqConstants.JOB_TYPE
                            + " header wins.")
    private SpiderIqJobType jobType;
    @UriParam(label = "producer",
              description = "The priority of submitted jobs, 0 to 10 (higher first), when neither the body nor the "
                            + SpiderIqConstants.PRIORITY + " header sets one; unset leaves the API's default.")
    private Integer priority;
    @UriParam(label = "producer", description = "listJobs: only jobs with this status.",
              enums = "queued,processing,completed,failed,cancelled")
    private String listStatus;
    @UriParam(label = "producer", description = "listJobs: only jobs of this type.")
    private SpiderIqJobType listType;
    @UriParam(label = "producer", description = "listJobs: the page to fetch, from 1 (the API's default is 1).")
    private Integer listPage;
    @UriParam(label = "producer", description = "listJobs: jobs per page, 1 to 100 (the API's default is 50).")
    private Integer listPageSize;

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
    public SpiderIqConfiguration copy() {
        return (SpiderIqConfiguration) super.copy();
    }

    public SpiderIqOperations getOperation() {
        return operation;
    }

    public void setOperation(SpiderIqOperations operation) {
        this.operation = operation;
    }

    public SpiderIqJobType getJobType() {
        return jobType;
    }

    public void setJobType(SpiderIqJobType jobType) {
        this.jobType = jobType;
    }

    public Integer getPriority() {
        return priority;
    }

    public void setPriority(Integer priority) {
        this.priority = priority;
    }

    public String getListStatus() {
        return listStatus;
    }

    public void setListStatus(String listStatus) {
        this.listStatus = listStatus;
    }

    public SpiderIqJobType getListType() {
        return listType;
    }

    public void setListType(SpiderIqJobType listType) {
        this.listType = listType;
    }

    public Integer getListPage() {
        return listPage;
    }

    public void setListPage(Integer listPage) {
        this.listPage = listPage;
    }

    public Integer getListPageSize() {
        return listPageSize;
    }

    public void setListPageSize(Integer listPageSize) {
        this.listPageSize = listPageSize;
    }
}
