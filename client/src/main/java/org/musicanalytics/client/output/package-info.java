/**
 * The run's output: the results file (written whole or not at all) and its content, the text
 * report, and the fingerprint of the input the results were made from.
 */
package org.musicanalytics.client.output;
