/**
 * The reader's workings: the byte-level CSV scanner, the columns found by header name and the
 * rules that accept or refuse a row.
 */
package org.musicanalytics.csv.internal;
