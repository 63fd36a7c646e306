/**
 * Prometheus metrics of the local gRPC host: per-method call metrics, records per stage,
 * refused calls, calls in flight, the function pool and the JVM, served at
 * {@code /metrics}.
 */
package org.musicanalytics.host.metrics;
