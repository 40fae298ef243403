/** Simulator of the Plangrep Open API (jobs, uploads, credits, webhooks). */
package dev.asyncjobs.simulator.plangrep;
