/** Tests of the report page. */
package org.musicanalytics.client.report;
