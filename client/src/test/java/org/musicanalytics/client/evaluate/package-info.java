/** Tests of {@code music-analytics evaluate} and its metrics. */
package org.musicanalytics.client.evaluate;
