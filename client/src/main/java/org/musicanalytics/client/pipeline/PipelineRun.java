package org.musicanalytics.client.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.musicanalytics.client.pipeline.internal.InFlightCalls;
import org.musicanalytics.client.pipeline.internal.PartialAnswers;
import org.musicanalytics.client.pipeline.internal.RecordDispatch;
import org.musicanalytics.client.pipeline.internal.RecordDispatch.RecordAnswers;
import org.musicanalytics.client.pipeline.internal.StageTimes;
import org.musicanalytics.counting.Ranking;
import org.musicanalytics.csv.RangeSummary;
import org.musicanalytics.csv.RowSink;
import org.musicanalytics.csv.Utf8Row;
import org.musicanalytics.csv.Utf8RowSink;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.functions.recommendation.RankingHead;
import org.musicanalytics.functions.recommendation.RecommendationShards;
import org.musicanalytics.proto.CsvRangeRequest;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * One run of an {@link AnalyticsPipeline}: records go in as they are read
 * ({@code input.read(run)}), as records or field by field; full shards are sent while
 * reading goes on, then {@link #finish} recommends and returns the merged answers. Closing
 * it stops calls still in flight after a failure.
 */
public final class PipelineRun implements Consumer<StreamRecord>, RowSink, Utf8RowSink,
    AutoCloseable {

  private final StageCalls stages;
  private final ShardBudget budget;
  private final ProgressListener progress;
  private final InFlightCalls calls;
  private final StageTimes times = new StageTimes();
  private final RecordDispatch records;
  private final LearnedRecommender learned;
  private long start;
  private int shardsDone;
  private long recordsDone;
  private int userShards;

  PipelineRun(StageCalls stages, ShardBudget budget, int concurrency,
      RecordDispatch.Factory records, ProgressListener progress,
      long maxListeningPartitionBytes, LearnedRecommender learned) {
    this.stages = stages;
    this.learned = learned;
    this.budget = budget;
    this.progress = progress;
    this.calls = new InFlightCalls(concurrency);
    this.records = records.start(budget, times, this::send, maxListeningPartitionBytes);
  }

  /**
   * Adds a record; when it completes a shard, the shard is sent first (waiting while
   * {@code concurrency} shards are in flight).
   *
   * @throws StageFailedException if a stage call failed
   * @throws ShardBudgetException if the record alone does not fit the budget
   */
  @Override
  public void accept(StreamRecord record) {
    records.accept(record);
  }

  /** As {@link #accept(StreamRecord)}, for a record given by its fields. */
  @Override
  public void accept(String userId, String songId, String artist, int duration,
      String timestamp, String genre) {
    records.accept(userId, songId, artist, duration, timestamp, genre);
  }

  /**
   * As {@link #accept(StreamRecord)}, for a row as the reader holds it: the fused path
   * encodes it from its bytes, without decoding its text.
   */
  @Override
  public void accept(Utf8Row row) {
    records.accept(row);
  }

  /**
   * Sends one byte range of an S3 object to the range stages (waiting while
   * {@code concurrency} calls are in flight); only for a pipeline
   * {@linkplain AnalyticsPipeline#withRangeStages with range stages}.
   *
   * @throws StageFailedException if a call failed
   */
  public void acceptRange(CsvRangeRequest range) {
    records.acceptRange(range);
  }

  /** The summaries of the ranges answered, in file order, once {@link #finish} returned. */
  public List<RangeSummary> ranges() {
    return records.ranges();
  }

  /**
   * Sends the last shard, waits for every answer, then recommends, and returns the
   * merged answers; with listening, the result owns the run's listening partitions.
   *
   * @throws StageFailedException if a stage call fails
   * @throws ShardBudgetException if the ranking head or a user does not fit the budget
   */
  public PipelineResult finish() {
    records.finish();
    calls.awaitAll();
    RecordAnswers merged = records.merged();
    try {
      RecommendationResponse recommendations =
          recommend(merged.playCounts(), merged.userStats());
      double total = (System.nanoTime() - start) / 1e9;
      PipelineResult result = new PipelineResult(merged.playCounts(), merged.userStats(),
          merged.genres(), recommendations, times.stages(), times.fused(),
          times.fusedProcessingSeconds(), total, records.shardsCut(), userShards,
          merged.listening(), Optional.empty());
      if (learned == null) {
        return result;
      }
      long learnedStart = System.nanoTime();
      LearnedRecommender.Result answer = learned.recommend(merged.listening());
      merged.listening().close();
      return result.withLearned(answer, (System.nanoTime() - learnedStart) / 1e9);
    } catch (RuntimeException e) {
      if (merged.listening() != null) {
        merged.listening().close();
      }
      throw e;
    }
  }

  /**
   * Stops calls still in flight (after a failure), deletes what the run spilled unless
   * {@link #finish} handed it on, and clears the progress display.
   */
  @Override
  public void close() {
    try {
      calls.close();
    } finally {
      records.close();
      progress.finished();
    }
  }

  /** Sends a shard's calls; its records count as done once they have run. */
  private void send(long shardRecords, Runnable shardCalls) {
    if (start == 0) {
      start = System.nanoTime();
    }
    calls.submit(() -> {
      shardCalls.run();
      done(shardRecords);
    });
  }

  private void done(long shardRecords) {
    int shards;
    long total;
    synchronized (this) {
      shards = ++shardsDone;
      total = recordsDone += shardRecords;
    }
    progress.recordsDone(shards, total);
  }

  private RecommendationResponse recommend(PlayCounts playCounts, UserStatsList userStats) {
    PayloadFormat format = budget.format();
    long max = budget.maxBytes();
    List<RankedSong> head = PartialAnswers.mergeStep(Stage.MAP_REDUCE, "all shards",
        () -> RankingHead.of(playCounts));
    long maxKeyBytes = 0;
    for (RankedSong song : head) {
      maxKeyBytes = Math.max(maxKeyBytes, format.keyBytes(song.getKey()));
    }
    // The parts every request and answer of a user shard carry.
    long requestBase = format.messageBytes(RecommendationShards.request(head, List.of()))
        + format.answerEnvelopeBytes();
    long answerBase = format.answerEnvelopeBytes() + Ranking.TOP_K * maxKeyBytes;
    if (requestBase > max || answerBase > max) {
      throw new ShardBudgetException("a Recommendation request needs "
          + Math.max(requestBase, answerBase) + " bytes of " + format.name()
          + " for the head of the ranking (" + head.size() + " songs) alone, more than"
          + " the shard budget of " + max);
    }

    RecommendationResponse merged = null;
    List<UserStat> users = userStats.getUserStatsList();
    List<UserStat> shard = new ArrayList<>();
    long requestBytes = requestBase;
    long answerBytes = answerBase;
    int first = 0;
    for (int i = 0; i < users.size(); i++) {
      UserStat user = users.get(i);
      long request = format.userRequestBytes(user);
      long answer = format.userAnswerBound(user, maxKeyBytes);
      if (requestBase + request > max || answerBase + answer > max) {
        throw new ShardBudgetException("user '" + user.getUserId() + "' needs "
            + Math.max(requestBase + request, answerBase + answer) + " bytes of "
            + format.name() + " in a Recommendation request, more than the shard budget of "
            + max);
      }
      if (requestBytes + request > max || answerBytes + answer > max) {
        merged = recommendShard(merged, head, shard, first);
        first = i;
        shard = new ArrayList<>();
        requestBytes = requestBase;
        answerBytes = answerBase;
      }
      shard.add(user);
      requestBytes += request;
      answerBytes += answer;
    }
    return recommendShard(merged, head, shard, first);
  }

  private RecommendationResponse recommendShard(RecommendationResponse merged,
      List<RankedSong> head, List<UserStat> users, int first) {
    userShards++;
    RecommendationRequest request = RecommendationShards.request(head, users);
    String where = "user shard " + userShards + (users.isEmpty() ? " (no users)"
        : " (users " + (first + 1) + "-" + (first + users.size()) + ")");
    return merged(Stage.RECOMMENDATION, where, merged, () -> stages.recommend(request),
        RecommendationShards::merge);
  }

  /** Calls a stage on a shard, timed, and merges its answer into {@code merged}. */
  private <T> T merged(Stage stage, String shard, T merged, Supplier<T> call,
      BinaryOperator<T> merge) {
    T answer = times.call(stage, shard, call);
    if (merged == null) {
      return answer;
    }
    return PartialAnswers.mergeStep(stage, shard, () -> merge.apply(merged, answer));
  }
}
