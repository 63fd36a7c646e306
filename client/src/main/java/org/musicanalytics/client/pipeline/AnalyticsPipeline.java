package org.musicanalytics.client.pipeline;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.musicanalytics.client.pipeline.ShardCutter.Shard;
import org.musicanalytics.functions.Ranking;
import org.musicanalytics.functions.Summaries;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.RankedSong;
import org.musicanalytics.proto.RecommendationRequest;
import org.musicanalytics.proto.RecommendationResponse;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStat;
import org.musicanalytics.proto.UserStatsList;

/**
 * The one workflow every target runs, over shards that fit the target's
 * {@link ShardBudget}:
 * <ol>
 *   <li>the records are cut into shards as they arrive ({@link ShardCutter}), and each
 *       shard goes to MapReduce, UserBehavior and GenreAnalysis;
 *   <li>their partial answers are merged with {@link Summaries} as they come back;
 *   <li>Recommendation is called per shard of users, each request carrying the head of
 *       the global ranking ({@link Summaries#recommendationRequest}) instead of every play
 *       count, and its answers are merged.
 * </ol>
 * Merged answers equal the answers to one unsharded call (processing times add up).
 * Only the stages and the budget differ between targets. Calls are sequential; each is
 * timed on the client.
 */
public final class AnalyticsPipeline {

  private final AnalyticsStages stages;
  private final ShardBudget budget;

  public AnalyticsPipeline(AnalyticsStages stages, ShardBudget budget) {
    this.stages = stages;
    this.budget = budget;
  }

  /** A pipeline with gRPC's default budget: 4 MiB of protobuf. */
  public AnalyticsPipeline(AnalyticsStages stages) {
    this(stages, ShardBudget.protobuf(ShardBudget.DEFAULT_GRPC_BYTES));
  }

  /** Starts a run; feed it the records, then {@linkplain Run#finish finish} it. */
  public Run start() {
    return new Run();
  }

  /**
   * Runs the four stages over {@code plays}.
   *
   * @throws StageFailedException if a stage call fails
   * @throws ShardBudgetException if a record or the ranking head does not fit the budget
   */
  public PipelineResult run(StreamList plays) {
    Run run = start();
    plays.getRecordsList().forEach(run);
    return run.finish();
  }

  /**
   * One run: records go in as they are read ({@code reader.read(file, run)}); full shards
   * are sent while reading goes on.
   */
  public final class Run implements Consumer<StreamRecord> {

    private final ShardCutter cutter = new ShardCutter(budget, this::analyze);
    private final Map<Stage, Double> seconds = new EnumMap<>(Stage.class);
    private long start;
    private PlayCounts playCounts;
    private UserStatsList userStats;
    private GenreAnalysisResponse genres;
    private int userShards;

    private Run() {
      for (Stage stage : Stage.values()) {
        seconds.put(stage, 0.0);
      }
    }

    /**
     * Adds a record; when it completes a shard, the shard is analysed first.
     *
     * @throws StageFailedException if a stage call fails
     * @throws ShardBudgetException if the record alone does not fit the budget
     */
    @Override
    public void accept(StreamRecord record) {
      cutter.accept(record);
    }

    /**
     * Analyses the last shard, then recommends, and returns the merged answers.
     *
     * @throws StageFailedException if a stage call fails
     * @throws ShardBudgetException if the ranking head or a user does not fit the budget
     */
    public PipelineResult finish() {
      cutter.finish();
      RecommendationResponse recommendations = recommend();
      double total = (System.nanoTime() - start) / 1e9;
      return new PipelineResult(playCounts, userStats, genres, recommendations, seconds, total,
          cutter.shardsCut(), userShards);
    }

    private void analyze(Shard shard) {
      if (shard.index() == 1) {
        start = System.nanoTime();
      }
      StreamList plays = shard.plays();
      String where = shard.describe();
      playCounts = merged(Stage.MAP_REDUCE, where, playCounts,
          () -> stages.aggregateStream(plays), Summaries::merge);
      userStats = merged(Stage.USER_BEHAVIOR, where, userStats,
          () -> stages.analyzeUsers(plays), Summaries::merge);
      genres = merged(Stage.GENRE_ANALYSIS, where, genres,
          () -> stages.analyzeGenres(plays), Summaries::merge);
    }

    private RecommendationResponse recommend() {
      PayloadFormat format = budget.format();
      long max = budget.maxBytes();
      List<RankedSong> head = mergeStep(Stage.MAP_REDUCE, "all shards",
          () -> Summaries.rankingHead(playCounts));
      long maxKeyBytes = 0;
      for (RankedSong song : head) {
        maxKeyBytes = Math.max(maxKeyBytes, format.keyBytes(song.getKey()));
      }
      // The parts every request and answer of a user shard carry.
      long requestBase = format.messageBytes(Summaries.recommendationRequest(head, List.of()))
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
      RecommendationRequest request = Summaries.recommendationRequest(head, users);
      String where = "user shard " + userShards + (users.isEmpty() ? " (no users)"
          : " (users " + (first + 1) + "-" + (first + users.size()) + ")");
      return merged(Stage.RECOMMENDATION, where, merged, () -> stages.recommend(request),
          Summaries::merge);
    }

    /** Calls a stage on a shard, timed, and merges its answer into {@code merged}. */
    private <T> T merged(Stage stage, String shard, T merged, Supplier<T> call,
        BinaryOperator<T> merge) {
      long callStart = System.nanoTime();
      T answer;
      try {
        answer = call.get();
      } catch (StageFailedException e) {
        throw e.onShard(shard);
      } finally {
        seconds.merge(stage, (System.nanoTime() - callStart) / 1e9, Double::sum);
      }
      if (merged == null) {
        return answer;
      }
      return mergeStep(stage, shard, () -> merge.apply(merged, answer));
    }

    /** A merge of answers; answers that cannot be merged are the stage's failure. */
    private <T> T mergeStep(Stage stage, String shard, Supplier<T> merge) {
      try {
        return merge.get();
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new StageFailedException(stage, shard,
            "its answers cannot be merged: " + e.getMessage(), e);
      }
    }
  }
}
