package org.musicanalytics.client.pipeline.internal;

import org.musicanalytics.client.pipeline.FusedRecordStages;
import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.client.pipeline.ShardCutter;
import org.musicanalytics.client.pipeline.ShardCutter.Shard;
import org.musicanalytics.client.pipeline.StageCalls;
import org.musicanalytics.client.pipeline.StageFailedException;
import org.musicanalytics.csv.RowSink;
import org.musicanalytics.csv.Utf8Row;
import org.musicanalytics.csv.Utf8RowSink;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
import org.musicanalytics.proto.ShardCounts;
import org.musicanalytics.proto.StreamList;
import org.musicanalytics.proto.StreamRecord;
import org.musicanalytics.proto.UserStatsList;

/**
 * The record-reading stages called separately: each {@code StreamList} shard goes to
 * MapReduce, UserBehavior and GenreAnalysis in three calls, each timed as its stage's, and
 * the three answers are merged.
 */
public final class SeparateStageCalls implements RecordDispatch {

  private final StageCalls stages;
  private final StageTimes times;
  private final ShardCutter cutter;
  private final RowSink rows;
  private final Utf8RowSink utf8Rows;
  private final PartialAnswers answers;
  /** The fused pass instead of the three calls, or null. */
  private final FusedRecordStages fused;

  private SeparateStageCalls(StageCalls stages, FusedRecordStages fused, ShardBudget budget,
      StageTimes times, ShardSender sender, long maxListeningPartitionBytes) {
    if (fused == null && maxListeningPartitionBytes > 0) {
      throw new IllegalArgumentException("the three record-reading services never count "
          + "listening: a run that learns from listening needs the fused call");
    }
    this.stages = stages;
    this.fused = fused;
    this.times = times;
    this.answers = PartialAnswers.of(maxListeningPartitionBytes);
    this.cutter = new ShardCutter(budget, answers.listening(),
        shard -> sender.send(shard.plays().getRecordsCount(), () -> analyze(shard)));
    this.rows = RowSink.ofRecords(cutter);
    this.utf8Rows = Utf8RowSink.decoding(rows);
  }

  /** The dispatch of each run to the three services of {@code stages}. */
  public static Factory over(StageCalls stages) {
    return (budget, times, sender, listening) ->
        new SeparateStageCalls(stages, null, budget, times, sender, listening);
  }

  /**
   * The dispatch of each run's {@code StreamList} shards to the fused pass of {@code fused},
   * one call per shard instead of three.
   */
  public static Factory overFused(StageCalls stages, FusedRecordStages fused) {
    return (budget, times, sender, listening) ->
        new SeparateStageCalls(stages, fused, budget, times, sender, listening);
  }

  @Override
  public void accept(StreamRecord record) {
    cutter.accept(record);
  }

  @Override
  public void accept(String userId, String songId, String artist, int duration,
      String timestamp, String genre) {
    rows.accept(userId, songId, artist, duration, timestamp, genre);
  }

  @Override
  public void accept(Utf8Row row) {
    utf8Rows.accept(row);
  }

  @Override
  public void finish() {
    cutter.finish();
  }

  @Override
  public int shardsCut() {
    return cutter.shardsCut();
  }

  @Override
  public RecordAnswers merged() {
    if (fused != null) {
      return answers.fusedAnswers(times);
    }
    return new RecordAnswers(answers.playCounts(), answers.userStats(), answers.genres(),
        null);
  }

  @Override
  public void close() {
    answers.close();
  }

  private void analyze(Shard shard) {
    StreamList plays = shard.plays();
    String where = shard.describe();
    if (fused != null) {
      analyzeFused(plays, where);
      return;
    }
    PlayCounts counts = times.call(Stage.MAP_REDUCE, where, () -> stages.aggregateStream(plays));
    UserStatsList users =
        times.call(Stage.USER_BEHAVIOR, where, () -> stages.analyzeUsers(plays));
    GenreAnalysisResponse genreCounts =
        times.call(Stage.GENRE_ANALYSIS, where, () -> stages.analyzeGenres(plays));
    PartialAnswers.mergeStep(Stage.USER_BEHAVIOR, where, () -> {
      answers.add(counts, users, genreCounts);
      return null;
    });
  }

  private void analyzeFused(StreamList plays, String where) {
    long start = System.nanoTime();
    ShardCounts counts;
    try {
      counts = fused.analyzeShard(plays);
    } catch (StageFailedException e) {
      throw e.onShard(where);
    } finally {
      times.addFused(start, System.nanoTime());
    }
    try {
      PartialAnswers.mergeStep(Stage.MAP_REDUCE, where, () -> {
        answers.add(counts);
        return null;
      });
    } catch (PartialAnswers.NoListeningException e) {
      throw new StageFailedException(Stage.MAP_REDUCE, StageFailedException.SHARD_ANALYSIS,
          fused.where() + ", " + where, e.getMessage(), e);
    }
  }
}
