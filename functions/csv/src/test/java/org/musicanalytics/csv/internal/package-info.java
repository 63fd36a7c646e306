/** Tests of the CSV scanner. */
package org.musicanalytics.csv.internal;
