/** Tests of the in-process target. */
package org.musicanalytics.client.inprocess;
