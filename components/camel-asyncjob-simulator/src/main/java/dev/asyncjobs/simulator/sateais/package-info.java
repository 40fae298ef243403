/**
 * Simulator of the SateAIs detection API (https://api.spcsft.com): submit, poll, 302 to a presigned result URL,
 * 410 after 30 days of retention.
 */
package dev.asyncjobs.simulator.sateais;
