/**
 * Vendor-neutral base of the stateful API simulators: an in-process WireMock server whose answers come from Java
 * code ({@link dev.asyncjobs.simulator.VendorSimulator}), a simulated clock, fault injection, a request journal and
 * an S3-like object storage host for presigned result URLs.
 */
package dev.asyncjobs.simulator;
