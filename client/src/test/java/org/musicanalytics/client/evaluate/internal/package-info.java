/** Tests and the tuning sweep of {@code evaluate}'s internals. */
package org.musicanalytics.client.evaluate.internal;
