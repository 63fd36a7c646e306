package org.musicanalytics.client.pipeline;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.musicanalytics.client.input.RowSink;
import org.musicanalytics.client.input.Utf8Row;
import org.musicanalytics.client.input.Utf8RowSink;
import org.musicanalytics.client.pipeline.ShardCutter.Shard;
import org.musicanalytics.client.pipeline.internal.EncodingShardCutter;
import org.musicanalytics.client.pipeline.internal.InFlightCalls;
import org.musicanalytics.client.pipeline.internal.PartialAnswers;
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
 *   <li>the records are cut into shards as they arrive, and each shard goes to MapReduce,
 *       UserBehavior and GenreAnalysis: as a {@code StreamList} to the three services
 *       ({@link ShardCutter}), or, on the fused path, encoded once straight from the
 *       input's fields to the one call that serves all three ({@link FusedStages});
 *   <li>up to {@code concurrency} shards are in flight at once; reading waits while that
 *       many are outstanding, so memory stays bounded whatever the input's size;
 *   <li>the partial answers are merged as they come back, in whatever order (the merge
 *       does not depend on it);
 *   <li>Recommendation is called per shard of users, each request carrying the head of
 *       the global ranking ({@link Summaries#recommendationRequest}) instead of every play
 *       count, and its answers are merged.
 * </ol>
 * Merged answers equal the answers to one unsharded call (processing times add up), on
 * either path. On the fused path, the time of each fused call, and of the pass the host
 * reports for it, is counted in equal thirds to the three stages it serves. Only the stages and the budget differ between targets. Each call is timed
 * on the client.
 */
public final class AnalyticsPipeline {

  /** The stages the fused call serves. */
  private static final List<Stage> FUSED =
      List.of(Stage.MAP_REDUCE, Stage.USER_BEHAVIOR, Stage.GENRE_ANALYSIS);

  private final StageCalls stages;
  private final ShardBudget budget;
  private final int concurrency;
  private final FusedStages fused;
  private final ProgressListener progress;

  public AnalyticsPipeline(StageCalls stages, ShardBudget budget) {
    this(stages, budget, 1, null, ProgressListener.NONE);
  }

  /** A pipeline with gRPC's default budget: 4 MiB of protobuf. */
  public AnalyticsPipeline(StageCalls stages) {
    this(stages, ShardBudget.protobuf(ShardBudget.DEFAULT_GRPC_BYTES));
  }

  private AnalyticsPipeline(StageCalls stages, ShardBudget budget, int concurrency,
      FusedStages fused, ProgressListener progress) {
    this.stages = stages;
    this.budget = budget;
    this.concurrency = concurrency;
    this.fused = fused;
    this.progress = progress;
  }

  /**
   * This pipeline with up to {@code calls} calls in flight at once (1, the default: one
   * call at a time, on the caller's thread).
   */
  public AnalyticsPipeline withConcurrency(int calls) {
    if (calls < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + calls);
    }
    return new AnalyticsPipeline(stages, budget, calls, fused, progress);
  }

  /**
   * This pipeline with the record-reading stages served by {@code fusedStages} in one
   * call per shard, the shards encoded once (binary protobuf budgets only); {@code null}
   * for the three separate calls.
   */
  public AnalyticsPipeline withFusedStages(FusedStages fusedStages) {
    if (fusedStages != null && !budget.format().equals(PayloadFormat.protobuf())) {
      throw new IllegalArgumentException("the fused call takes binary protobuf shards, the "
          + "budget is " + budget);
    }
    return new AnalyticsPipeline(stages, budget, concurrency, fusedStages, progress);
  }

  /** This pipeline telling {@code listener} how it goes on. */
  public AnalyticsPipeline withProgress(ProgressListener listener) {
    return new AnalyticsPipeline(stages, budget, concurrency, fused, listener);
  }

  /** Starts a run; feed it the records, then {@linkplain Run#finish finish} and close it. */
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
    try (Run run = start()) {
      plays.getRecordsList().forEach(run);
      return run.finish();
    }
  }

  /**
   * One run: records go in as they are read ({@code input.read(run)}), as records or
   * field by field; full shards are sent while reading goes on. Closing it stops calls
   * still in flight after a failure.
   */
  public final class Run implements Consumer<StreamRecord>, RowSink, Utf8RowSink,
      AutoCloseable {

    private final ShardCutter cutter;
    private final EncodingShardCutter encoder;
    private final RowSink rows;
    private final Utf8RowSink utf8Rows;
    private final InFlightCalls calls = new InFlightCalls(concurrency);
    private final PartialAnswers answers = new PartialAnswers();
    private final Map<Stage, Double> seconds = new EnumMap<>(Stage.class);
    private double fusedSeconds;
    private long start;
    private int shardsDone;
    private long recordsDone;
    private int userShards;

    private Run() {
      for (Stage stage : Stage.values()) {
        seconds.put(stage, 0.0);
      }
      if (fused == null) {
        cutter = new ShardCutter(budget, shard -> {
          started();
          calls.submit(() -> analyze(shard));
        });
        encoder = null;
        rows = RowSink.ofRecords(cutter);
        utf8Rows = Utf8RowSink.decoding(rows);
      } else {
        encoder = new EncodingShardCutter(budget, shard -> {
          started();
          calls.submit(() -> analyze(shard));
        });
        cutter = null;
        rows = encoder;
        utf8Rows = encoder;
      }
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
      if (cutter != null) {
        cutter.accept(record);
      } else {
        encoder.accept(record.getUserId(), record.getSongId(), record.getArtist(),
            record.getDuration(), record.getTimestamp(), record.getGenre());
      }
    }

    /** As {@link #accept(StreamRecord)}, for a record given by its fields. */
    @Override
    public void accept(String userId, String songId, String artist, int duration,
        String timestamp, String genre) {
      rows.accept(userId, songId, artist, duration, timestamp, genre);
    }

    /**
     * As {@link #accept(StreamRecord)}, for a row as the reader holds it: the fused path
     * encodes it from its bytes, without decoding its text.
     */
    @Override
    public void accept(Utf8Row row) {
      utf8Rows.accept(row);
    }

    /**
     * Sends the last shard, waits for every answer, then recommends, and returns the
     * merged answers.
     *
     * @throws StageFailedException if a stage call fails
     * @throws ShardBudgetException if the ranking head or a user does not fit the budget
     */
    public PipelineResult finish() {
      if (cutter != null) {
        cutter.finish();
      } else {
        encoder.finish();
      }
      calls.awaitAll();
      PlayCounts playCounts = answers.playCounts();
      UserStatsList userStats = answers.userStats();
      GenreAnalysisResponse genres = answers.genres();
      if (fused != null) {
        splitFusedSeconds();
        double pass = answers.summarySeconds() / FUSED.size();
        playCounts = playCounts.toBuilder()
            .setProcessingTime(playCounts.getProcessingTime() + pass).build();
        userStats = userStats.toBuilder()
            .setProcessingTime(userStats.getProcessingTime() + pass).build();
        genres = genres.toBuilder().setProcessingTime(genres.getProcessingTime() + pass).build();
      }
      RecommendationResponse recommendations = recommend(playCounts, userStats);
      double total = (System.nanoTime() - start) / 1e9;
      Map<Stage, Double> callSeconds;
      synchronized (this) {
        callSeconds = Map.copyOf(seconds);
      }
      return new PipelineResult(playCounts, userStats, genres, recommendations, callSeconds,
          total, cutter != null ? cutter.shardsCut() : encoder.shardsCut(), userShards);
    }

    /** Stops calls still in flight (after a failure) and clears the progress display. */
    @Override
    public void close() {
      calls.close();
      progress.finished();
    }

    private void started() {
      if (start == 0) {
        start = System.nanoTime();
      }
    }

    private void analyze(Shard shard) {
      StreamList plays = shard.plays();
      String where = shard.describe();
      PlayCounts counts = call(Stage.MAP_REDUCE, where, () -> stages.aggregateStream(plays));
      UserStatsList users = call(Stage.USER_BEHAVIOR, where, () -> stages.analyzeUsers(plays));
      GenreAnalysisResponse genreCounts =
          call(Stage.GENRE_ANALYSIS, where, () -> stages.analyzeGenres(plays));
      mergeStep(Stage.USER_BEHAVIOR, where, () -> {
        answers.add(counts, users, genreCounts);
        return null;
      });
      done(plays.getRecordsCount());
    }

    private void analyze(EncodedShard shard) {
      String where = shard.describe();
      long callStart = System.nanoTime();
      byte[] summary;
      try {
        summary = fused.analyzeShard(shard);
      } catch (StageFailedException e) {
        throw e.onShard(where);
      } finally {
        addFusedSeconds((System.nanoTime() - callStart) / 1e9);
      }
      try {
        answers.addEncoded(summary);
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new StageFailedException(Stage.MAP_REDUCE, StageFailedException.SHARD_ANALYSIS,
            where, "its answers cannot be merged: " + e.getMessage(), e);
      }
      done(shard.records());
    }

    private synchronized void addFusedSeconds(double callSeconds) {
      fusedSeconds += callSeconds;
    }

    private void done(long records) {
      int shards;
      long total;
      synchronized (this) {
        shards = ++shardsDone;
        total = recordsDone += records;
      }
      progress.recordsDone(shards, total);
    }

    /**
     * Spreads the fused calls' time, and the time of the fused passes the host reported,
     * evenly over the three stages they served: one pass is not split by stage.
     */
    private synchronized void splitFusedSeconds() {
      for (Stage stage : FUSED) {
        seconds.merge(stage, fusedSeconds / FUSED.size(), Double::sum);
      }
    }

    private RecommendationResponse recommend(PlayCounts playCounts, UserStatsList userStats) {
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

    /** Calls a stage on a shard, timed; a failure names the shard. */
    private <T> T call(Stage stage, String shard, Supplier<T> call) {
      long callStart = System.nanoTime();
      try {
        return call.get();
      } catch (StageFailedException e) {
        throw e.onShard(shard);
      } finally {
        double callSeconds = (System.nanoTime() - callStart) / 1e9;
        synchronized (this) {
          seconds.merge(stage, callSeconds, Double::sum);
        }
      }
    }

    /** Calls a stage on a shard, timed, and merges its answer into {@code merged}. */
    private <T> T merged(Stage stage, String shard, T merged, Supplier<T> call,
        BinaryOperator<T> merge) {
      T answer = call(stage, shard, call);
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
