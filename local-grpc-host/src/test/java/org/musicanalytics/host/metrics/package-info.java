/** Tests of the host's metrics. */
package org.musicanalytics.host.metrics;
