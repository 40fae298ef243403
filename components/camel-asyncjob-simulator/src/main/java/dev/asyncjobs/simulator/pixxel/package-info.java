/**
 * Simulator of the Pixxel workflow jobs API (https://api.pixxel.space, {@code /v0/workflows/{workflow_id}/...}):
 * multi-task jobs with progress and an estimated duration, failing tasks, validation errors, asynchronous downloads
 * to presigned object-storage URLs, cost estimates, filtered lists and the raw-key {@code Authorization} header.
 */
package dev.asyncjobs.simulator.pixxel;
