/**
 * The input: the stream CSV reader, its row rules and its report of rejected rows, and the sinks
 * that take rows as records or as UTF-8 bytes.
 */
package org.musicanalytics.csv;
