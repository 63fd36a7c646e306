package org.musicanalytics.client.pipeline;

import java.util.Objects;
import org.musicanalytics.client.pipeline.internal.FusedStageCall;
import org.musicanalytics.client.pipeline.internal.RangeCalls;
import org.musicanalytics.client.pipeline.internal.RecordDispatch;
import org.musicanalytics.client.pipeline.internal.SeparateStageCalls;
import org.musicanalytics.proto.StreamList;

/**
 * The one workflow every target runs, over shards that fit the target's
 * {@link ShardBudget}.
 *
 * <p>Records are cut into shards as they arrive and each shard goes to MapReduce,
 * UserBehavior and GenreAnalysis (or, on the fused path, to the one call that serves all
 * three); at most {@code concurrency} shards are in flight, so memory stays bounded
 * whatever the input's size. Partial answers are merged as they come back, in any order,
 * then Recommendation is called per shard of users with the head of the global ranking.
 * Merged answers equal the answers to one unsharded call; only the stages and the budget
 * differ between targets.
 */
public final class AnalyticsPipeline {

  private final StageCalls stages;
  private final ShardBudget budget;
  private final int concurrency;
  private final RecordDispatch.Factory records;
  private final ProgressListener progress;
  private final long maxListeningPartitionBytes;
  private final LearnedRecommender learned;

  /** A pipeline calling the three record-reading services of {@code stages} per shard. */
  public AnalyticsPipeline(StageCalls stages, ShardBudget budget) {
    this(stages, budget, 1, SeparateStageCalls.over(stages), ProgressListener.NONE, 0,
        null);
  }

  /** A pipeline with gRPC's default budget: 4 MiB of protobuf. */
  public AnalyticsPipeline(StageCalls stages) {
    this(stages, ShardBudget.protobuf(ShardBudget.DEFAULT_GRPC_BYTES));
  }

  private AnalyticsPipeline(StageCalls stages, ShardBudget budget, int concurrency,
      RecordDispatch.Factory records, ProgressListener progress,
      long maxListeningPartitionBytes, LearnedRecommender learned) {
    this.stages = stages;
    this.budget = budget;
    this.concurrency = concurrency;
    this.records = records;
    this.progress = progress;
    this.maxListeningPartitionBytes = maxListeningPartitionBytes;
    this.learned = learned;
  }

  /**
   * This pipeline with up to {@code calls} calls in flight at once (1, the default: one
   * call at a time, on the caller's thread).
   */
  public AnalyticsPipeline withConcurrency(int calls) {
    if (calls < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + calls);
    }
    return new AnalyticsPipeline(stages, budget, calls, records, progress,
        maxListeningPartitionBytes, learned);
  }

  /**
   * This pipeline with the record-reading stages served by {@code fusedStages} in one
   * call per shard, the shards encoded once (binary protobuf budgets only).
   */
  public AnalyticsPipeline withFusedStages(FusedStages fusedStages) {
    Objects.requireNonNull(fusedStages, "fusedStages");
    if (!budget.format().equals(PayloadFormat.protobuf())) {
      throw new IllegalArgumentException("the fused call takes binary protobuf shards, the "
          + "budget is " + budget);
    }
    return new AnalyticsPipeline(stages, budget, concurrency,
        FusedStageCall.over(fusedStages), progress, maxListeningPartitionBytes, learned);
  }

  /**
   * This pipeline with the record-reading stages served by {@code fusedStages} in one call
   * per {@code StreamList} shard, in the budget's own encoding (Lambda's proto3 JSON).
   */
  public AnalyticsPipeline withFusedRecordStages(FusedRecordStages fusedStages) {
    Objects.requireNonNull(fusedStages, "fusedStages");
    return new AnalyticsPipeline(stages, budget, concurrency,
        SeparateStageCalls.overFused(stages, fusedStages), progress, maxListeningPartitionBytes,
        learned);
  }

  /**
   * This pipeline with the record-reading stages served by {@code rangeStages}, one call
   * per byte range of an S3 object ({@link PipelineRun#acceptRange}): the functions read
   * the rows themselves.
   */
  public AnalyticsPipeline withRangeStages(RangeStages rangeStages) {
    Objects.requireNonNull(rangeStages, "rangeStages");
    return new AnalyticsPipeline(stages, budget, concurrency,
        RangeCalls.over(rangeStages), progress, maxListeningPartitionBytes, learned);
  }

  /**
   * This pipeline learning from listening (the learned recommender's round 1): each fused
   * or range call is asked for its shard's plays per user and song too, which are spilled to
   * disk as they arrive and handed back, in partitions of users of at most
   * {@code maxPartitionBytes} of binary protobuf each, as the result's
   * {@link PipelineResult#listening()}. Only for the fused and range calls (the three
   * services never count listening); a host that ignores the request fails the run.
   *
   * @throws IllegalArgumentException if {@code maxPartitionBytes} is not above 0
   */
  public AnalyticsPipeline withListening(long maxPartitionBytes) {
    if (maxPartitionBytes <= 0) {
      throw new IllegalArgumentException("a listening partition's bound must be above 0, was "
          + maxPartitionBytes);
    }
    return new AnalyticsPipeline(stages, budget, concurrency, records, progress,
        maxPartitionBytes, learned);
  }

  /**
   * This pipeline recommending with {@code recommender} (item-kNN) instead of the old rule's
   * lists: the record pass yields the listening
   * ({@link #withListening}, in partitions of {@link LearnedRecommender#partitionBytes}),
   * and {@link PipelineRun#finish} runs rounds 2 and 3 over it once the record pass is done;
   * the result's {@link PipelineResult#learned} holds their answer.
   */
  public AnalyticsPipeline withLearnedRecommender(LearnedRecommender recommender) {
    Objects.requireNonNull(recommender, "recommender");
    return new AnalyticsPipeline(stages, budget, concurrency, records, progress,
        recommender.partitionBytes(), recommender);
  }

  /** This pipeline telling {@code listener} how it goes on. */
  public AnalyticsPipeline withProgress(ProgressListener listener) {
    return new AnalyticsPipeline(stages, budget, concurrency, records, listener,
        maxListeningPartitionBytes, learned);
  }

  /**
   * Starts a run; feed it the records, then {@linkplain PipelineRun#finish finish} and
   * close it.
   */
  public PipelineRun start() {
    return new PipelineRun(stages, budget, concurrency, records, progress,
        maxListeningPartitionBytes, learned);
  }

  /**
   * Runs the four stages over {@code plays}.
   *
   * @throws StageFailedException if a stage call fails
   * @throws ShardBudgetException if a record or the ranking head does not fit the budget
   */
  public PipelineResult run(StreamList plays) {
    try (PipelineRun run = start()) {
      plays.getRecordsList().forEach(run);
      return run.finish();
    }
  }
}
