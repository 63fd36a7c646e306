package org.musicanalytics.client.pipeline.internal;

import org.musicanalytics.client.pipeline.ShardBudget;
import org.musicanalytics.client.pipeline.ShardCutter;
import org.musicanalytics.client.pipeline.ShardCutter.Shard;
import org.musicanalytics.client.pipeline.StageCalls;
import org.musicanalytics.csv.RowSink;
import org.musicanalytics.csv.Utf8Row;
import org.musicanalytics.csv.Utf8RowSink;
import org.musicanalytics.functions.Stage;
import org.musicanalytics.proto.GenreAnalysisResponse;
import org.musicanalytics.proto.PlayCounts;
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
  private final PartialAnswers answers = new PartialAnswers();

  private SeparateStageCalls(StageCalls stages, ShardBudget budget, StageTimes times,
      ShardSender sender) {
    this.stages = stages;
    this.times = times;
    this.cutter = new ShardCutter(budget,
        shard -> sender.send(shard.plays().getRecordsCount(), () -> analyze(shard)));
    this.rows = RowSink.ofRecords(cutter);
    this.utf8Rows = Utf8RowSink.decoding(rows);
  }

  /** The dispatch of each run to the three services of {@code stages}. */
  public static Factory over(StageCalls stages) {
    return (budget, times, sender) -> new SeparateStageCalls(stages, budget, times, sender);
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
    return new RecordAnswers(answers.playCounts(), answers.userStats(), answers.genres());
  }

  private void analyze(Shard shard) {
    StreamList plays = shard.plays();
    String where = shard.describe();
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
}
