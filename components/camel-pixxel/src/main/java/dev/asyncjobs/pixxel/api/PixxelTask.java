package dev.asyncjobs.pixxel.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One task of a job, as the {@code tasks} of {@code GET /v0/workflows/{workflow_id}/jobs/{job_id}} list it. Fields
 * whose content the page shows only as placeholders ({@code info_logs}, {@code inputs}, {@code result}) are kept as
 * JSON.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PixxelTask(
        @JsonProperty("id") String id,
        @JsonProperty("info_logs") JsonNode infoLogs,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("finished_at") String finishedAt,
        @JsonProperty("estimated_time_duration") Long estimatedTimeDuration,
        @JsonProperty("time_taken") String timeTaken,
        @JsonProperty("status") String status,
        @JsonProperty("state_msg") String stateMsg,
        @JsonProperty("inputs") JsonNode inputs,
        @JsonProperty("result") JsonNode result,
        @JsonProperty("depends_on") List<String> dependsOn,
        @JsonProperty("name") String name,
        @JsonProperty("progress") Integer progress,
        @JsonProperty("disclaimer") List<String> disclaimer,
        @JsonProperty("recv_time") String recvTime,
        @JsonProperty("send_time") String sendTime,
        @JsonProperty("block_inf_start_time") String blockInfStartTime,
        @JsonProperty("block_inf_end_time") String blockInfEndTime,
        @JsonProperty("block_info") BlockInfo blockInfo,
        @JsonProperty("err_msg") String errMsg,
        @JsonProperty("failure_type") String failureType) {

    /** Whether the task failed: its status says so, or it carries a failure type. */
    public boolean failed() {
        return "failed".equalsIgnoreCase(status) || failureType != null && !failureType.isBlank();
    }

    /** The block a task runs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BlockInfo(
            @JsonProperty("id") String id,
            @JsonProperty("name") String name,
            @JsonProperty("version") String version) {
    }
}
