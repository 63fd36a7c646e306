package org.musicanalytics.client.pipeline;

/**
 * Stages that also answer the fused call {@code music.ShardAnalysisService/AnalyzeShard}:
 * MapReduce, UserBehavior and GenreAnalysis in one pass over a shard, the shard sent as
 * the bytes it was encoded to once, the answer kept as the bytes of a
 * {@code ShardCounts} (merged from the wire, without building its messages).
 *
 * <p>An implementation reports a failed call as a {@link StageFailedException}.
 */
public interface FusedStages {

  /** The encoded {@code ShardCounts} for the encoded {@code StreamList} of {@code shard}. */
  byte[] analyzeShard(EncodedShard shard);

  /**
   * Whether the fused call is served at all: false when it is unknown there (a host of
   * the old contract), so that a caller can use the three services instead.
   *
   * @throws StageFailedException if asking fails for another reason
   */
  boolean servesFusedCall();

  /**
   * What serves the fused pass, for messages, e.g. {@code gRPC localhost:50051}: a failure
   * the client finds in an answer (a host that ignored {@code with_listening}) names it.
   */
  default String where() {
    return "the host";
  }
}
