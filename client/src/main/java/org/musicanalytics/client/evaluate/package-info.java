/**
 * {@code music-analytics evaluate}: how well recommenders trained on the past of an input
 * predict its last days, by top-k metrics over a time split.
 */
package org.musicanalytics.client.evaluate;
