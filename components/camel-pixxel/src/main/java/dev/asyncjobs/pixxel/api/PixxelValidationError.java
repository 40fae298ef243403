package dev.asyncjobs.pixxel.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of a job's {@code val_errors}: a validation error the workflow found.
 *
 * @param from          where the failing connection starts
 * @param to            where it ends
 * @param err           the error
 * @param reason        why
 * @param componentName the workflow component at fault
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PixxelValidationError(
        @JsonProperty("from") String from,
        @JsonProperty("to") String to,
        @JsonProperty("err") String err,
        @JsonProperty("reason") String reason,
        @JsonProperty("component_name") String componentName) {

    /** "component: err (reason)", leaving out what is missing. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (componentName != null) {
            b.append(componentName).append(": ");
        }
        b.append(err != null ? err : "validation error");
        if (reason != null) {
            b.append(" (").append(reason).append(')');
        }
        return b.toString();
    }
}
