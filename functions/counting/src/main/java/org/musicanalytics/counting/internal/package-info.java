/**
 * How the engine keeps and exchanges counts: dictionaries of UTF-8 strings, primitive tables
 * keyed by pairs of ids, and the {@code ShardCounts} codec. Not an API.
 */
package org.musicanalytics.counting.internal;
