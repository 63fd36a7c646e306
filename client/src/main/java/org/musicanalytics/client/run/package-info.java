/**
 * {@code music-analytics run}: the command that streams a stream CSV through the four stages
 * on the chosen target and writes the results file.
 */
package org.musicanalytics.client.run;
