package org.musicanalytics.client.pipeline;

import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;

/**
 * Stages that answer the fused pass ({@code analyzeShard}) for a {@code StreamList} shard as
 * a {@code ShardCounts} message: MapReduce, UserBehavior and GenreAnalysis in one call per
 * shard, for targets whose payload is not binary protobuf (Lambda's proto3 JSON).
 *
 * <p>An implementation reports a failed call as a {@link StageFailedException}.
 */
public interface FusedRecordStages {

  /** The counts of the three record-reading stages for {@code plays}. */
  ShardCounts analyzeShard(StreamList plays);

  /**
   * What serves the fused pass, for messages, e.g. {@code gRPC localhost:50051}: a failure
   * the client finds in an answer (a host that ignored {@code with_listening}) names it.
   */
  default String where() {
    return "the host";
  }
}
