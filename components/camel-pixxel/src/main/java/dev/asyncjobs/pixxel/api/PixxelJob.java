package dev.asyncjobs.pixxel.api;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A job as {@code GET /v0/workflows/{workflow_id}/jobs/{job_id}} returns it: its status, progress as a string
 * ("75%"), estimated duration in seconds, tasks, validation errors, cost and timestamps.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PixxelJob(
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("status") String status,
        @JsonProperty("time_taken") String timeTaken,
        @JsonProperty("id") String id,
        @JsonProperty("tasks") List<PixxelTask> tasks,
        @JsonProperty("val_errors") List<PixxelValidationError> valErrors,
        @JsonProperty("spec") JsonNode spec,
        @JsonProperty("cost") Number cost,
        @JsonProperty("workflow_id") String workflowId,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("finished_at") String finishedAt,
        @JsonProperty("exec_created_at") String execCreatedAt,
        @JsonProperty("exec_updated_at") String execUpdatedAt,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("estimated_duration") Long estimatedDuration,
        @JsonProperty("progress") String progress) {

    public PixxelJob {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        valErrors = valErrors == null ? List.of() : List.copyOf(valErrors);
    }

    /** The progress in percent ("75%" is 75.0), or null when it is missing or not a number. */
    public Double progressPercent() {
        if (progress == null) {
            return null;
        }
        String text = progress.trim();
        if (text.endsWith("%")) {
            text = text.substring(0, text.length() - 1).trim();
        }
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? Math.max(0, Math.min(100, value)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The first task that failed, if any. */
    public Optional<PixxelTask> failedTask() {
        return tasks.stream().filter(PixxelTask::failed).findFirst();
    }

    /**
     * What changes while a job runs without its status changing: its progress and each task's status. Used by the
     * consumer's emitOnProgress to emit when a task starts, ends or fails.
     */
    public String fingerprint() {
        return (progress == null ? "" : progress.trim()) + "|" + tasks.stream()
                .map(t -> (t.id() != null ? t.id() : t.name()) + "="
                          + (t.status() == null ? "" : t.status().toLowerCase(Locale.ROOT)))
                .collect(Collectors.joining(","));
    }
}
