/** Tests of the stream CSV reader: its row rules, and hostile and fuzzed files. */
package org.musicanalytics.csv;
