/**
 * Tests of the map-reduce stages, their answers and merges: against hand-made, sharded, merged
 * and overflowing counts.
 */
package org.musicanalytics.functions.mapreduce;
