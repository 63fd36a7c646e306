/**
 * The run history on the command line: recording each run ({@link RunRecorder}), and the
 * {@code history} command that lists, shows, compares and imports runs.
 */
package org.musicanalytics.client.history;
