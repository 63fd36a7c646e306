/** How {@code evaluate} splits an input by time, trains and ranks each recommender. */
package org.musicanalytics.client.evaluate.internal;
