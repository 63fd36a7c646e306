/** The report page of a run: one self-contained HTML file with its charts. */
package org.musicanalytics.client.report;
