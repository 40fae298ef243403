/**
 * Simulator of the SpiderIQ jobs API (https://spideriq.ai): spiderSite and spiderMaps submits with the 24-hour cache,
 * status, results (200 / 202 / 410), cancel, the job list, and the per-client rate limit with X-RateLimit headers.
 */
package dev.asyncjobs.simulator.spideriq;
