/**
 * Tests of {@code run}: its options and errors, and runs interrupted or out of memory in a child
 * JVM.
 */
package org.musicanalytics.client.run;
