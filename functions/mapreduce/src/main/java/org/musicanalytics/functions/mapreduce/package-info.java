/**
 * The map-reduce stages: plays per song key ({@code aggregateStream}), plays per genre
 * ({@code analyzeGenres}), and the fused pass that counts for every record-reading stage at
 * once ({@code analyzeShard}); with their answers and merges.
 */
package org.musicanalytics.functions.mapreduce;
