/**
 * How the pipeline gets shards to the stages: the two record dispatches (three calls per
 * shard, or one fused call per encoded shard), the shard cutters and payload formats, the
 * calls in flight, the merge of partial answers and the time per stage; and for the learned
 * rounds, the bounds of their messages and the neighbours indexed by song.
 */
package org.musicanalytics.client.pipeline.internal;
