/**
 * Benchmarks of the host's wire path and of the fused path, run by hand: they print figures and
 * assert nothing.
 */
package org.musicanalytics.host.bench;
