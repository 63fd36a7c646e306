/**
 * The {@code music-analytics} command line: its entry point, which gathers the commands the sub-
 * packages hold.
 */
package org.musicanalytics.client;
