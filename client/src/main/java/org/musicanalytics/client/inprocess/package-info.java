/**
 * The in-process target: the stage functions called directly in the client's JVM, with no
 * transport.
 */
package org.musicanalytics.client.inprocess;
