/** Tests of the run's own metrics. */
package org.musicanalytics.client.metrics;
