/**
 * {@code music-analytics generate}: the command that writes a synthetic stream CSV, the same
 * bytes for the same options.
 */
package org.musicanalytics.client.generate;
