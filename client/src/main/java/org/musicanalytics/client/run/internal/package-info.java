/**
 * The parts of the run command: its options and their checks, the making of its target, and
 * the lifecycle of its results file.
 */
package org.musicanalytics.client.run.internal;
