/** Tests of how {@code run} makes its target. */
package org.musicanalytics.client.run.internal;
