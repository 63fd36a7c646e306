/**
 * A run's own figures: one structured line at the end of a run, and with
 * {@code --metrics-port} live Prometheus gauges while it runs.
 */
package org.musicanalytics.client.metrics;
