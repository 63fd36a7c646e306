/** Tests of the engine's tables keyed by pairs of ids and of its UTF-8 dictionary. */
package org.musicanalytics.counting.internal;
