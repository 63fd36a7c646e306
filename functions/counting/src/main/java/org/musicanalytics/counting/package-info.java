/**
 * The counting engine: one pass over a shard of plays ({@link ShardCounter}) and the merge
 * of many shards' counts ({@link MergedCounts}), which the stages turn into their answers
 * through {@link CountsAnswer}; with the rules every stage applies to plays and rankings.
 */
package org.musicanalytics.counting;
